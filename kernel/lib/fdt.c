// SPDX-License-Identifier: GPL-2.0
/*
 * Flattened device tree reader; the interface and its guarantees are
 * described in <avatar/fdt.h>.
 *
 * Layout of a blob (devicetree specification, chapter 5):
 *
 *	+-----------------+ 0
 *	| header          |  magic, totalsize, block offsets, versions
 *	+-----------------+ off_mem_rsvmap
 *	| memory reserve  |  (not used here)
 *	+-----------------+ off_dt_struct
 *	| structure block |  tokens: BEGIN_NODE name, PROP len nameoff value,
 *	|                 |          END_NODE, NOP, END; all 4-byte aligned
 *	+-----------------+ off_dt_strings
 *	| strings block   |  property names, NUL-terminated
 *	+-----------------+ totalsize
 *
 * All reading of the structure block goes through fdt_read_token(), which
 * decodes one token and checks that it and its payload lie inside the
 * block. Strings are compared with explicit bounds (bounded_strlen()), so
 * an unterminated name is an error, not an overrun. Writing is in
 * fdt_rw.c.
 */
#include <avatar/compiler.h>
#include <avatar/fdt.h>
#include <avatar/string.h>

#include "fdt-internal.h"

static u32 header_u32(const u8 *blob, enum fdt_header_field field)
{
	return fdt_be32(blob + field);
}

/* Length of the string at s if terminated within max bytes, else -1. */
static long bounded_strlen(const char *s, size_t max)
{
	size_t n = strnlen(s, max);

	return n < max ? (long)n : -1;
}

/* Decode the token at structure-block offset 'off'. */
int fdt_read_token(const struct fdt *fdt, int off, struct fdt_token *tok)
{
	const u8 *block = fdt->blob + fdt->struct_off;
	u32 size = fdt->struct_size;
	long len;

	if (off < 0 || (u32)off % FDT_TOKEN_SIZE || (u64)off + FDT_TOKEN_SIZE > size)
		return -FDT_ERR_BADSTRUCTURE;
	tok->tag = fdt_be32(block + off);
	tok->name = NULL;
	tok->value = NULL;
	tok->len = 0;

	switch (tok->tag) {
	case FDT_BEGIN_NODE:
		tok->name = (const char *)block + off + FDT_TOKEN_SIZE;
		len = bounded_strlen(tok->name, size - (u32)off - FDT_TOKEN_SIZE);
		if (len < 0)
			return -FDT_ERR_BADSTRUCTURE;
		tok->next = (int)fdt_align((u64)off + FDT_TOKEN_SIZE + (u64)len + 1);
		break;
	case FDT_PROP: {
		u64 value_off = (u64)off + 3 * FDT_TOKEN_SIZE;
		u32 nameoff;

		if (value_off > size)
			return -FDT_ERR_BADSTRUCTURE;
		tok->len = fdt_be32(block + off + FDT_TOKEN_SIZE);
		nameoff = fdt_be32(block + off + 2 * FDT_TOKEN_SIZE);
		if (value_off + tok->len > size)
			return -FDT_ERR_BADSTRUCTURE;
		tok->value = block + value_off;
		if (nameoff < fdt->strings_size) {
			const char *name = (const char *)fdt->blob + fdt->strings_off + nameoff;

			if (bounded_strlen(name, fdt->strings_size - nameoff) >= 0)
				tok->name = name;
		}
		tok->next = (int)fdt_align(value_off + tok->len);
		break;
	}
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		tok->next = off + FDT_TOKEN_SIZE;
		break;
	default:
		return -FDT_ERR_BADSTRUCTURE;
	}
	return 0;
}

/* Walk the whole structure block once: balanced nodes, named properties, final END. */
int fdt_check_structure(const struct fdt *fdt)
{
	struct fdt_token tok;
	int off = 0, depth = 0, err;
	bool seen_root = false;

	for (;;) {
		err = fdt_read_token(fdt, off, &tok);
		if (err)
			return err;
		switch (tok.tag) {
		case FDT_BEGIN_NODE:
			if (depth == 0 && seen_root)
				return -FDT_ERR_BADSTRUCTURE; /* a second root */
			seen_root = true;
			if (++depth > FDT_MAX_DEPTH)
				return -FDT_ERR_TOODEEP;
			break;
		case FDT_END_NODE:
			if (--depth < 0)
				return -FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_PROP:
			if (depth == 0 || !tok.name)
				return -FDT_ERR_BADSTRUCTURE;
			break;
		case FDT_END:
			return (depth == 0 && seen_root) ? 0 : -FDT_ERR_BADSTRUCTURE;
		default:
			break; /* NOP */
		}
		off = tok.next;
	}
}

/* Is [off, off + size) inside a blob of total_size bytes? */
static bool block_in_blob(u32 off, u32 size, u32 total_size)
{
	return (u64)off + size <= total_size;
}

int fdt_init(struct fdt *fdt, const void *blob, size_t buf_size)
{
	const u8 *b = blob;
	u32 total, version, last_comp, off_rsv;
	int err;

	memset(fdt, 0, sizeof(*fdt));
	if (!blob)
		return -FDT_ERR_BADARG;
	if (buf_size < FDT_HEADER_SIZE)
		return -FDT_ERR_TRUNCATED;
	if (header_u32(b, HDR_MAGIC) != FDT_MAGIC)
		return -FDT_ERR_BADMAGIC;

	version = header_u32(b, HDR_VERSION);
	last_comp = header_u32(b, HDR_LAST_COMP_VERSION);
	if (version < FDT_MIN_VERSION || last_comp > FDT_LAST_COMP_VERSION)
		return -FDT_ERR_BADVERSION;

	total = header_u32(b, HDR_TOTALSIZE);
	if (total < FDT_HEADER_SIZE)
		return -FDT_ERR_BADLAYOUT;
	if (total > buf_size)
		return -FDT_ERR_TRUNCATED;

	fdt->blob = b;
	fdt->total_size = total;
	fdt->version = version;
	fdt->boot_cpuid = header_u32(b, HDR_BOOT_CPUID_PHYS);
	fdt->struct_off = header_u32(b, HDR_OFF_DT_STRUCT);
	fdt->strings_off = header_u32(b, HDR_OFF_DT_STRINGS);
	fdt->strings_size = header_u32(b, HDR_SIZE_DT_STRINGS);
	off_rsv = header_u32(b, HDR_OFF_MEM_RSVMAP);
	fdt->rsvmap_off = off_rsv;

	if (version >= 17) {
		fdt->struct_size = header_u32(b, HDR_SIZE_DT_STRUCT);
	} else {
		/* v16 has no size_dt_struct: the block may extend to the end. */
		if (fdt->struct_off > total)
			return -FDT_ERR_BADLAYOUT;
		fdt->struct_size = total - fdt->struct_off;
	}

	if (fdt->struct_off < FDT_HEADER_SIZE || fdt->struct_off % FDT_TOKEN_SIZE ||
	    !block_in_blob(fdt->struct_off, fdt->struct_size, total) ||
	    fdt->strings_off < FDT_HEADER_SIZE ||
	    !block_in_blob(fdt->strings_off, fdt->strings_size, total) ||
	    off_rsv < FDT_HEADER_SIZE || off_rsv % 8 || off_rsv >= total) {
		fdt->blob = NULL;
		return -FDT_ERR_BADLAYOUT;
	}

	err = fdt_check_structure(fdt);
	if (err)
		fdt->blob = NULL;
	return err;
}

const char *fdt_strerror(int err)
{
	static const char *const messages[] = {
		[0] = "no error",
		[FDT_ERR_NOTFOUND] = "not found",
		[FDT_ERR_BADMAGIC] = "bad magic (not a device tree blob)",
		[FDT_ERR_BADVERSION] = "unsupported format version",
		[FDT_ERR_TRUNCATED] = "blob truncated",
		[FDT_ERR_BADLAYOUT] = "block out of bounds or misaligned",
		[FDT_ERR_BADSTRUCTURE] = "malformed structure block",
		[FDT_ERR_BADVALUE] = "bad property value",
		[FDT_ERR_BADCELLS] = "unsupported #address-cells/#size-cells",
		[FDT_ERR_TOODEEP] = "nodes nested too deeply",
		[FDT_ERR_BADARG] = "bad argument",
		[FDT_ERR_NOSPACE] = "no room left in the buffer",
		[FDT_ERR_RDONLY] = "blob not opened for writing",
		[FDT_ERR_EXISTS] = "node already exists",
		[FDT_ERR_BADNAME] = "invalid node or property name",
	};
	unsigned int idx = err < 0 ? (unsigned int)-err : (unsigned int)err;

	if (idx < ARRAY_SIZE(messages) && messages[idx])
		return messages[idx];
	return "unknown error";
}

/* Offset of the first non-NOP token at or after off. */
static int skip_nops(const struct fdt *fdt, int off, struct fdt_token *tok)
{
	int err;

	for (;;) {
		err = fdt_read_token(fdt, off, tok);
		if (err)
			return err;
		if (tok->tag != FDT_NOP)
			return off;
		off = tok->next;
	}
}

static bool usable(const struct fdt *fdt)
{
	return fdt && fdt->blob;
}

int fdt_root(const struct fdt *fdt)
{
	struct fdt_token tok;
	int off;

	if (!usable(fdt))
		return -FDT_ERR_BADARG;
	off = skip_nops(fdt, 0, &tok);
	if (off < 0)
		return off;
	return tok.tag == FDT_BEGIN_NODE ? off : -FDT_ERR_BADSTRUCTURE;
}

/* Read the BEGIN_NODE token of 'node'. */
static int read_node(const struct fdt *fdt, int node, struct fdt_token *tok)
{
	int err;

	if (!usable(fdt) || node < 0)
		return -FDT_ERR_BADARG;
	err = fdt_read_token(fdt, node, tok);
	if (err)
		return err;
	return tok->tag == FDT_BEGIN_NODE ? 0 : -FDT_ERR_BADARG;
}

int fdt_next_node(const struct fdt *fdt, int node, int *depth)
{
	struct fdt_token tok;
	int off, err, d = 0;

	err = read_node(fdt, node, &tok);
	if (err)
		return err;
	/* The structure was validated, so this loop always reaches END. */
	for (off = tok.next;; off = tok.next) {
		err = fdt_read_token(fdt, off, &tok);
		if (err)
			return err;
		if (tok.tag == FDT_BEGIN_NODE) {
			if (depth)
				*depth += d + 1;
			return off;
		}
		if (tok.tag == FDT_END_NODE)
			d--;
		else if (tok.tag == FDT_END)
			return -FDT_ERR_NOTFOUND;
	}
}

int fdt_first_child(const struct fdt *fdt, int node)
{
	int depth = 0;
	int next = fdt_next_node(fdt, node, &depth);

	if (next < 0)
		return next;
	return depth == 1 ? next : -FDT_ERR_NOTFOUND;
}

int fdt_next_sibling(const struct fdt *fdt, int node)
{
	int depth = 0;
	int next = fdt_next_node(fdt, node, &depth);

	/* The first node at depth <= 0 after 'node' is a sibling if exactly at 0. */
	while (next >= 0 && depth > 0)
		next = fdt_next_node(fdt, next, &depth);
	if (next < 0)
		return next;
	return depth == 0 ? next : -FDT_ERR_NOTFOUND;
}

int fdt_parent(const struct fdt *fdt, int node)
{
	int stack[FDT_MAX_DEPTH];
	int off, depth = 0;

	off = fdt_root(fdt);
	if (off < 0)
		return off;
	if (node == off)
		return -FDT_ERR_NOTFOUND; /* the root has no parent */
	stack[0] = off;
	while (off >= 0) {
		off = fdt_next_node(fdt, off, &depth);
		if (off < 0 || depth < 1)
			break;
		if (depth >= FDT_MAX_DEPTH)
			return -FDT_ERR_TOODEEP;
		stack[depth] = off;
		if (off == node)
			return stack[depth - 1];
	}
	return -FDT_ERR_NOTFOUND;
}

const char *fdt_node_name(const struct fdt *fdt, int node)
{
	struct fdt_token tok;

	if (read_node(fdt, node, &tok))
		return NULL;
	return tok.name;
}

/* Does node name 'name' match path component [comp, comp + len)? */
static bool name_matches(const char *name, const char *comp, size_t len)
{
	if (strncmp(name, comp, len) != 0)
		return false;
	if (name[len] == '\0')
		return true;
	/* "memory" matches "memory@40000000" unless the component has its own '@'. */
	return name[len] == '@' && !memchr(comp, '@', len);
}

int fdt_path_offset(const struct fdt *fdt, const char *path)
{
	int node = fdt_root(fdt);

	if (node < 0)
		return node;
	if (!path || path[0] != '/')
		return -FDT_ERR_BADARG;

	while (*path) {
		const char *comp, *end;
		size_t len;
		int child;

		while (*path == '/')
			path++;
		if (!*path)
			break;
		comp = path;
		end = strchr(comp, '/');
		len = end ? (size_t)(end - comp) : strlen(comp);
		path = comp + len;

		fdt_for_each_child(fdt, node, child)
		{
			const char *name = fdt_node_name(fdt, child);

			if (name && name_matches(name, comp, len))
				break;
		}
		if (child < 0)
			return child;
		node = child;
	}
	return node;
}

const void *fdt_getprop(const struct fdt *fdt, int node, const char *name, u32 *len)
{
	struct fdt_token tok;
	int off;

	if (read_node(fdt, node, &tok))
		return NULL;
	/* A node's properties come right after its name, before any child. */
	for (off = tok.next;; off = tok.next) {
		if (fdt_read_token(fdt, off, &tok))
			return NULL;
		if (tok.tag == FDT_NOP)
			continue;
		if (tok.tag != FDT_PROP)
			return NULL;
		if (tok.name && strcmp(tok.name, name) == 0) {
			if (len)
				*len = tok.len;
			return tok.value;
		}
	}
}

int fdt_prop_u32(const struct fdt *fdt, int node, const char *name, u32 *out)
{
	u32 len;
	const void *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -FDT_ERR_NOTFOUND;
	if (len != sizeof(u32))
		return -FDT_ERR_BADVALUE;
	*out = fdt_be32(p);
	return 0;
}

int fdt_prop_u64(const struct fdt *fdt, int node, const char *name, u64 *out)
{
	u32 len;
	const u8 *p = fdt_getprop(fdt, node, name, &len);

	if (!p)
		return -FDT_ERR_NOTFOUND;
	if (len == sizeof(u32))
		*out = fdt_be32(p);
	else if (len == sizeof(u64))
		*out = (u64)fdt_be32(p) << 32 | fdt_be32(p + 4);
	else
		return -FDT_ERR_BADVALUE;
	return 0;
}

const char *fdt_prop_string(const struct fdt *fdt, int node, const char *name)
{
	u32 len;
	const char *s = fdt_getprop(fdt, node, name, &len);

	if (!s || len == 0 || s[len - 1] != '\0')
		return NULL;
	return s;
}

bool fdt_prop_has_string(const struct fdt *fdt, int node, const char *name, const char *str)
{
	u32 len, pos = 0;
	const char *list = fdt_getprop(fdt, node, name, &len);

	if (!list)
		return false;
	while (pos < len) {
		long n = bounded_strlen(list + pos, len - pos);

		if (n < 0)
			return false; /* unterminated last entry */
		if (strcmp(list + pos, str) == 0)
			return true;
		pos += (u32)n + 1;
	}
	return false;
}

bool fdt_node_is_compatible(const struct fdt *fdt, int node, const char *compatible)
{
	return fdt_prop_has_string(fdt, node, "compatible", compatible);
}

bool fdt_node_is_enabled(const struct fdt *fdt, int node)
{
	u32 len;
	const char *status;

	if (!fdt_getprop(fdt, node, "status", &len))
		return true;
	status = fdt_prop_string(fdt, node, "status");
	return status && (strcmp(status, "okay") == 0 || strcmp(status, "ok") == 0);
}

int fdt_node_by_compatible(const struct fdt *fdt, int from, const char *compatible)
{
	int node;

	if (from < 0) {
		node = fdt_root(fdt);
		if (node < 0)
			return node;
		if (fdt_node_is_compatible(fdt, node, compatible))
			return node;
	} else {
		node = from;
	}
	for (;;) {
		node = fdt_next_node(fdt, node, NULL);
		if (node < 0)
			return node;
		if (fdt_node_is_compatible(fdt, node, compatible))
			return node;
	}
}

/* Read a cell-count property, falling back to the specification's default. */
static int cells_prop(const struct fdt *fdt, int node, const char *name, u32 dflt, u32 min)
{
	u32 cells;
	int err = fdt_prop_u32(fdt, node, name, &cells);

	if (err == -FDT_ERR_NOTFOUND)
		cells = dflt;
	else if (err)
		return err;
	/* Values wider than 64 bits are not supported. */
	if (cells < min || cells > 2)
		return -FDT_ERR_BADCELLS;
	return (int)cells;
}

int fdt_address_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#address-cells", 2, 1);
}

int fdt_size_cells(const struct fdt *fdt, int node)
{
	return cells_prop(fdt, node, "#size-cells", 1, 0);
}

/* Cell sizes for 'node's reg (its parent's) and the raw reg property. */
static int reg_layout(const struct fdt *fdt, int node, int *ac, int *sc, const u8 **reg, u32 *len)
{
	int parent = fdt_parent(fdt, node);

	if (parent < 0)
		return parent == -FDT_ERR_NOTFOUND ? -FDT_ERR_BADARG : parent;
	*ac = fdt_address_cells(fdt, parent);
	if (*ac < 0)
		return *ac;
	*sc = fdt_size_cells(fdt, parent);
	if (*sc < 0)
		return *sc;
	*reg = fdt_getprop(fdt, node, "reg", len);
	if (!*reg)
		return -FDT_ERR_NOTFOUND;
	if (*len % ((u32)(*ac + *sc) * sizeof(u32)))
		return -FDT_ERR_BADVALUE;
	return 0;
}

static u64 read_cells(const u8 *p, int cells)
{
	u64 v = 0;

	while (cells--) {
		v = v << 32 | fdt_be32(p);
		p += sizeof(u32);
	}
	return v;
}

int fdt_reg_count(const struct fdt *fdt, int node)
{
	int ac, sc, err;
	const u8 *reg;
	u32 len;

	err = reg_layout(fdt, node, &ac, &sc, &reg, &len);
	if (err)
		return err;
	return (int)(len / ((u32)(ac + sc) * sizeof(u32)));
}

int fdt_reg(const struct fdt *fdt, int node, unsigned int index, u64 *addr, u64 *size)
{
	int ac, sc, err;
	const u8 *reg;
	u32 len, entry;

	err = reg_layout(fdt, node, &ac, &sc, &reg, &len);
	if (err)
		return err;
	entry = (u32)(ac + sc) * sizeof(u32);
	if (index >= len / entry)
		return -FDT_ERR_NOTFOUND;
	reg += index * entry;
	if (addr)
		*addr = read_cells(reg, ac);
	if (size)
		*size = read_cells(reg + ac * sizeof(u32), sc);
	return 0;
}
