// SPDX-License-Identifier: GPL-2.0
/*
 * The guest manifest parser (format and interface in
 * <hypervisor/guest_manifest.h>, docs/hypervisor.md "Guest manifest").
 *
 * Pure: no I/O and no allocation, so the host unit test runs it as is.
 * The text is split into lines in place; a section ([name]) collects its
 * keys, each with the line it came from, and is checked as a whole when
 * the next section or the end of the file is reached, with the rules of
 * scripts/genguests.py (name syntax and uniqueness, vCPUs, affinity,
 * memory size, RAM placement, addresses inside RAM, files present and
 * fitting, all guests together fitting). Every problem is reported with
 * the number of the line it is on (the [name] line for a missing key); a
 * guest with any problem is dropped and the next one is read.
 */
#include <avatar/sprintf.h>
#include <avatar/string.h>
#include <hypervisor/guest_manifest.h>

#define MiB (1ULL << 20)
#define GiB (1ULL << 30)

enum manifest_key {
	KEY_TYPE,
	KEY_KERNEL,
	KEY_INITRD,
	KEY_DTB,
	KEY_BOOTARGS,
	KEY_VCPUS,
	KEY_MEM,
	KEY_AFFINITY,
	KEY_AUTOSTART,
	KEY_RAM_BASE,
	KEY_LOAD,
	KEY_ENTRY,
	KEY_DTB_ADDR,
	NR_KEYS,
};

static const char *const key_names[NR_KEYS] = {
	[KEY_TYPE] = "type",	     [KEY_KERNEL] = "kernel",	  [KEY_INITRD] = "initrd",
	[KEY_DTB] = "dtb",	     [KEY_BOOTARGS] = "bootargs", [KEY_VCPUS] = "vcpus",
	[KEY_MEM] = "mem",	     [KEY_AFFINITY] = "affinity", [KEY_AUTOSTART] = "autostart",
	[KEY_RAM_BASE] = "ram_base", [KEY_LOAD] = "load",	  [KEY_ENTRY] = "entry",
	[KEY_DTB_ADDR] = "dtb_addr",
};

static const char *const type_names[] = {
	[GUEST_TYPE_LINUX] = "linux",
	[GUEST_TYPE_TESTOS] = "testos",
	[GUEST_TYPE_AVATAR] = "avatar",
	[GUEST_TYPE_CUSTOM] = "custom",
};

/* One [name] section being read. */
struct section {
	unsigned int line; /* of the [name] header; 0: no section yet */
	const char *name;
	bool bad;			/* a problem was reported: drop it */
	unsigned int key_line[NR_KEYS]; /* 0: key not given */
	const char *str[NR_KEYS];	/* paths, bootargs */
	uint64_t num[NR_KEYS];		/* numbers, booleans, the type */
};

struct parser {
	const struct guest_manifest_limits *lim;
	const struct guest_table *existing;
	struct guest_config *out;
	unsigned int max_out, nr_out, refused;
	uint64_t total_mem; /* of the existing and accepted guests */
};

static void __printf(4, 5)
	problem(struct parser *p, struct section *s, unsigned int line, const char *fmt, ...)
{
	char msg[GUEST_MANIFEST_LINE_W];
	int n = 0;
	va_list ap;

	if (s && s->name)
		n = snprintf(msg, sizeof(msg), "[%s] ", s->name);
	va_start(ap, fmt);
	vsnprintf(msg + n, sizeof(msg) - n, fmt, ap);
	va_end(ap);
	if (s)
		s->bad = true;
	if (p->lim->report)
		p->lim->report(p->lim->ctx, line, msg);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Strip leading and trailing blanks in place. */
static char *trim(char *s)
{
	size_t n;

	while (is_space(*s))
		s++;
	n = strlen(s);
	while (n && is_space(s[n - 1]))
		s[--n] = '\0';
	return s;
}

static bool name_valid(const char *name)
{
	size_t n = strlen(name);

	if (n < 1 || n > GUEST_NAME_MAX)
		return false;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-' ||
		      *c == '_'))
			return false;
	return true;
}

/* Decimal or 0x-hex, no sign, no overflow; *end points after the digits. */
static bool parse_u64(const char *s, uint64_t *val, const char **end)
{
	unsigned int base = 10;
	uint64_t v = 0;
	const char *c = s;

	if (c[0] == '0' && (c[1] == 'x' || c[1] == 'X')) {
		base = 16;
		c += 2;
	}
	for (s = c;; c++) {
		unsigned int d;

		if (*c >= '0' && *c <= '9')
			d = (unsigned int)(*c - '0');
		else if (base == 16 && *c >= 'a' && *c <= 'f')
			d = (unsigned int)(*c - 'a' + 10);
		else if (base == 16 && *c >= 'A' && *c <= 'F')
			d = (unsigned int)(*c - 'A' + 10);
		else
			break;
		if (v > (UINT64_MAX - d) / base)
			return false;
		v = v * base + d;
	}
	*val = v;
	*end = c;
	return c != s;
}

static bool parse_number(const char *s, uint64_t *val)
{
	const char *end;

	return parse_u64(s, val, &end) && *end == '\0';
}

/* "32" (MiB), "32M", "32MiB", "1G", "1GiB" -> bytes. */
static bool parse_mem(const char *s, uint64_t *val)
{
	uint64_t v, unit = MiB;
	const char *end;

	if (!parse_u64(s, &v, &end))
		return false;
	if (*end == 'G' || *end == 'g') {
		unit = GiB;
		end++;
	} else if (*end == 'M' || *end == 'm') {
		end++;
	}
	if (*end == 'i' && (end[1] == 'B' || end[1] == 'b'))
		end += 2;
	else if (*end == 'B' || *end == 'b')
		end++;
	if (*end || v > UINT64_MAX / unit)
		return false;
	*val = v * unit;
	return true;
}

static bool parse_bool(const char *s, uint64_t *val)
{
	static const char *const yes[] = {"yes", "y", "true", "on", "1"};
	static const char *const no[] = {"no", "n", "false", "off", "0"};

	for (unsigned int i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(s, yes[i])) {
			*val = 1;
			return true;
		}
		if (!strcmp(s, no[i])) {
			*val = 0;
			return true;
		}
	}
	return false;
}

static void parse_key(struct parser *p, struct section *s, unsigned int line, char *key,
		      char *value)
{
	unsigned int k;

	for (k = 0; k < NR_KEYS; k++)
		if (!strcmp(key, key_names[k]))
			break;
	if (k == NR_KEYS) {
		problem(p, s, line,
			"unknown key '%s' (type, kernel, initrd, dtb, bootargs, vcpus, mem, "
			"affinity, autostart, ram_base, load, entry, dtb_addr)",
			key);
		return;
	}
	if (s->key_line[k]) {
		problem(p, s, line, "%s given twice (also on line %u)", key, s->key_line[k]);
		return;
	}
	s->key_line[k] = line;
	if (!*value && k != KEY_BOOTARGS) {
		problem(p, s, line, "%s has no value", key);
		return;
	}
	switch (k) {
	case KEY_TYPE:
		for (s->num[k] = 0; s->num[k] < ARRAY_SIZE(type_names); s->num[k]++)
			if (!strcmp(value, type_names[s->num[k]]))
				return;
		problem(p, s, line, "unknown type '%s' (linux, testos, avatar or custom)", value);
		return;
	case KEY_KERNEL:
	case KEY_INITRD:
	case KEY_DTB:
		if (value[0] != '/')
			problem(p, s, line, "%s path '%s' is not absolute (a path on host.img)",
				key, value);
		s->str[k] = value;
		return;
	case KEY_BOOTARGS:
		s->str[k] = value;
		return;
	case KEY_MEM:
		if (!parse_mem(value, &s->num[k]))
			problem(p, s, line, "bad memory size '%s' (MiB, or e.g. 64M, 1G)", value);
		return;
	case KEY_AUTOSTART:
		if (!parse_bool(value, &s->num[k]))
			problem(p, s, line, "autostart must be yes or no, not '%s'", value);
		return;
	default:
		if (!parse_number(value, &s->num[k]))
			problem(p, s, line, "%s: bad number '%s' (decimal or 0x hex)", key, value);
		return;
	}
}

/* The line of key k, or of the section header if it was not given. */
static unsigned int key_line(const struct section *s, unsigned int k)
{
	return s->key_line[k] ? s->key_line[k] : s->line;
}

static bool name_taken(struct parser *p, struct section *s)
{
	for (unsigned int i = 0; i < p->existing->count; i++)
		if (!strcmp(p->existing->guests[i].name, s->name)) {
			problem(p, s, s->line,
				"duplicate name: guest %u of the built-in table is "
				"also called '%s'",
				i, s->name);
			return true;
		}
	for (unsigned int i = 0; i < p->nr_out; i++)
		if (!strcmp(p->out[i].name, s->name)) {
			problem(p, s, s->line,
				"duplicate name: the guest on line %u is also called '%s'",
				p->out[i].manifest_line, s->name);
			return true;
		}
	return false;
}

static long long file_size(struct parser *p, struct section *s, unsigned int k)
{
	long long size;

	if (!s->str[k] || !p->lim->file_size)
		return 0;
	size = p->lim->file_size(p->lim->ctx, s->str[k]);
	if (size < 0)
		problem(p, s, key_line(s, k), "%s file '%s' is not on host.img", key_names[k],
			s->str[k]);
	return size;
}

/* The rules of genguests.py's validate(), on one section. */
static void check_section(struct parser *p, struct section *s, struct guest_config *g)
{
	const struct guest_manifest_limits *lim = p->lim;
	uint64_t end;
	long long ksize, isize;

	if (!s->key_line[KEY_TYPE])
		problem(p, s, s->line, "no type (type = linux, testos, avatar or custom)");
	if (!s->key_line[KEY_KERNEL])
		problem(p, s, s->line, "no kernel file (kernel = /path/on/host.img)");
	if (s->bad)
		return;
	g->type = (enum guest_type)s->num[KEY_TYPE];
	g->nr_vcpus = s->key_line[KEY_VCPUS] ? (unsigned int)s->num[KEY_VCPUS] : 1;
	if (s->num[KEY_VCPUS] > lim->max_vcpus || (s->key_line[KEY_VCPUS] && !s->num[KEY_VCPUS]))
		problem(p, s, key_line(s, KEY_VCPUS),
			"%llu vCPUs is beyond the limit of "
			"HV_MAX_VCPUS=%u",
			(unsigned long long)s->num[KEY_VCPUS], lim->max_vcpus);
	g->cpu_affinity = s->num[KEY_AFFINITY];
	if (lim->nr_cpus < 64 && g->cpu_affinity >> lim->nr_cpus)
		problem(p, s, key_line(s, KEY_AFFINITY),
			"CPU affinity 0x%llx names CPUs beyond NR_CPUS=%u",
			(unsigned long long)g->cpu_affinity, lim->nr_cpus);
	g->ram_size = s->key_line[KEY_MEM]	    ? s->num[KEY_MEM]
		      : g->type == GUEST_TYPE_LINUX ? 256 * MiB
						    : 64 * MiB;
	if (!g->ram_size || (g->ram_size % (2 * MiB) && g->type != GUEST_TYPE_CUSTOM))
		problem(p, s, key_line(s, KEY_MEM),
			"memory size %llu MiB must be a non-zero multiple of 2 MiB",
			(unsigned long long)(g->ram_size / MiB));
	g->autostart = s->num[KEY_AUTOSTART];

	if (g->type == GUEST_TYPE_CUSTOM) {
		g->ram_base = s->key_line[KEY_RAM_BASE] ? s->num[KEY_RAM_BASE] : GUEST_DEFAULT_RAM;
		g->load_addr = s->key_line[KEY_LOAD] ? s->num[KEY_LOAD] : GUEST_DEFAULT_LOAD;
		g->entry = s->key_line[KEY_ENTRY] ? s->num[KEY_ENTRY] : GUEST_DEFAULT_LOAD;
		g->dtb_addr = s->num[KEY_DTB_ADDR];
	} else {
		static const unsigned int custom_only[] = {KEY_RAM_BASE, KEY_LOAD, KEY_ENTRY,
							   KEY_DTB_ADDR};

		for (unsigned int i = 0; i < ARRAY_SIZE(custom_only); i++)
			if (s->key_line[custom_only[i]])
				problem(p, s, s->key_line[custom_only[i]],
					"%s is only for type = custom (the boot protocol places "
					"%s guests)",
					key_names[custom_only[i]], type_names[g->type]);
		g->ram_base = GUEST_DEFAULT_RAM;
		g->load_addr = g->entry = GUEST_DEFAULT_LOAD;
		g->dtb_addr = 0;
	}
	if (s->bad)
		return;

	end = g->ram_base + g->ram_size;
	if (end < g->ram_base || end > GUEST_IPA_LIMIT) {
		problem(p, s, key_line(s, KEY_MEM),
			"RAM 0x%llx + %llu MiB ends beyond the 40-bit guest physical address space",
			(unsigned long long)g->ram_base, (unsigned long long)(g->ram_size / MiB));
		return;
	}
	if (g->ram_base % 0x1000)
		problem(p, s, key_line(s, KEY_RAM_BASE), "RAM base 0x%llx is not 4 KiB aligned",
			(unsigned long long)g->ram_base);
	if (g->ram_base < GUEST_DEVICE_END && GUEST_DEVICE_START < end)
		problem(p, s, key_line(s, KEY_RAM_BASE),
			"RAM 0x%llx-0x%llx overlaps the device window 0x%llx-0x%llx",
			(unsigned long long)g->ram_base, (unsigned long long)(end - 1),
			GUEST_DEVICE_START, GUEST_DEVICE_END - 1);
	if (lim->board_ram && g->ram_size + lim->reserved > lim->board_ram)
		problem(p, s, key_line(s, KEY_MEM),
			"memory %llu MiB does not fit in BOARD_RAM_MB=%llu minus "
			"HV_RESERVED_MB=%llu",
			(unsigned long long)(g->ram_size / MiB),
			(unsigned long long)(lim->board_ram / MiB),
			(unsigned long long)(lim->reserved / MiB));
	if (g->load_addr < g->ram_base || g->load_addr >= end)
		problem(p, s, key_line(s, KEY_LOAD), "load address 0x%llx is outside guest RAM",
			(unsigned long long)g->load_addr);
	if (g->entry < g->ram_base || g->entry >= end)
		problem(p, s, key_line(s, KEY_ENTRY), "entry point 0x%llx is outside guest RAM",
			(unsigned long long)g->entry);
	if (g->dtb_addr && (g->dtb_addr < g->ram_base || g->dtb_addr >= end))
		problem(p, s, key_line(s, KEY_DTB_ADDR), "DTB address 0x%llx is outside guest RAM",
			(unsigned long long)g->dtb_addr);
	if (g->dtb_addr % 8)
		problem(p, s, key_line(s, KEY_DTB_ADDR), "DTB address 0x%llx is not 8-byte aligned",
			(unsigned long long)g->dtb_addr);
	if (s->bad)
		return;

	ksize = file_size(p, s, KEY_KERNEL);
	isize = file_size(p, s, KEY_INITRD);
	file_size(p, s, KEY_DTB);
	if (ksize > 0 && g->load_addr + (uint64_t)ksize > end)
		problem(p, s, key_line(s, KEY_KERNEL),
			"kernel file (%lld bytes at 0x%llx) does not fit in %llu MiB of RAM", ksize,
			(unsigned long long)g->load_addr, (unsigned long long)(g->ram_size / MiB));
	else if (ksize > 0 && isize > 0 && (uint64_t)(ksize + isize) > g->ram_size)
		problem(p, s, key_line(s, KEY_INITRD),
			"kernel and initrd (%lld bytes) are larger than the guest RAM (%llu MiB)",
			ksize + isize, (unsigned long long)(g->ram_size / MiB));
	if (s->bad)
		return;

	if (lim->board_ram && p->total_mem + g->ram_size + lim->reserved > lim->board_ram)
		problem(p, s, key_line(s, KEY_MEM),
			"guests would need %llu MiB in all, more than BOARD_RAM_MB=%llu minus "
			"HV_RESERVED_MB=%llu",
			(unsigned long long)((p->total_mem + g->ram_size) / MiB),
			(unsigned long long)(lim->board_ram / MiB),
			(unsigned long long)(lim->reserved / MiB));
}

/* End of a section: check it, keep it if good. */
static void finish_section(struct parser *p, struct section *s)
{
	struct guest_config g = {0};

	if (!s->line)
		return;
	if (!s->bad && name_valid(s->name))
		name_taken(p, s);
	if (!s->bad)
		check_section(p, s, &g);
	if (!s->bad && p->nr_out == p->max_out)
		problem(p, s, s->line, "too many guests (at most %u in all)",
			p->existing->count + p->max_out);
	if (s->bad) {
		p->refused++;
		return;
	}
	g.name = s->name;
	g.manifest_line = s->line;
	g.kernel_path = s->str[KEY_KERNEL];
	g.initrd_path = s->str[KEY_INITRD];
	g.dtb_path = s->str[KEY_DTB];
	g.bootargs = s->str[KEY_BOOTARGS] ? s->str[KEY_BOOTARGS] : "";
	p->out[p->nr_out++] = g;
	p->total_mem += g.ram_size;
}

static void start_section(struct parser *p, struct section *s, unsigned int line, char *text)
{
	size_t n = strlen(text);

	memset(s, 0, sizeof(*s));
	s->line = line;
	if (n < 2 || text[n - 1] != ']') {
		s->name = NULL;
		problem(p, s, line, "bad section header '%s' (want [name])", text);
		return;
	}
	text[n - 1] = '\0';
	s->name = trim(text + 1);
	if (!name_valid(s->name))
		problem(p, s, line,
			"invalid name: use 1 to %u characters from a-z, 0-9, '-' and '_'",
			GUEST_NAME_MAX);
}

unsigned int guest_manifest_parse(char *text, size_t len, const struct guest_table *existing,
				  const struct guest_manifest_limits *lim, struct guest_config *out,
				  unsigned int max_out, unsigned int *refused)
{
	struct parser p = {.lim = lim, .existing = existing, .out = out, .max_out = max_out};
	struct section s = {0};
	unsigned int line = 0;
	char *cur = text, *stop = text + len;

	for (unsigned int i = 0; i < existing->count; i++)
		p.total_mem += existing->guests[i].ram_size;
	while (cur < stop) {
		char *nl = memchr(cur, '\n', (size_t)(stop - cur));
		char *l, *eq;

		if (!nl)
			nl = stop;
		line++;
		if (memchr(cur, '\0', (size_t)(nl - cur))) {
			problem(&p, s.line ? &s : NULL, line, "NUL byte in the line");
			cur = nl + 1;
			continue;
		}
		*nl = '\0'; /* at stop for a last line without newline: text[len] */
		l = trim(cur);
		cur = nl + 1;
		if (!*l || *l == '#' || *l == ';')
			continue;
		if (*l == '[') {
			finish_section(&p, &s);
			start_section(&p, &s, line, l);
			continue;
		}
		eq = strchr(l, '=');
		if (!eq) {
			problem(&p, s.line ? &s : NULL, line, "expected 'key = value' or '[name]'");
			continue;
		}
		*eq = '\0';
		if (!s.line) {
			problem(&p, NULL, line, "'%s' before the first [name] section", trim(l));
			continue;
		}
		parse_key(&p, &s, line, trim(l), trim(eq + 1));
	}
	finish_section(&p, &s);
	if (refused)
		*refused = p.refused;
	return p.nr_out;
}
