// SPDX-License-Identifier: GPL-2.0
/*
 * fixdep: per-symbol configuration dependencies for make.
 *
 *   fixdep <gcc-depfile> <target> <config-dir>
 *
 * gcc -MD makes every object depend on autoconf.h, so any change of the
 * configuration would rebuild everything. Kconfiglib's sync_deps() instead
 * touches <config-dir>/foo/bar.h when CONFIG_FOO_BAR changes. This tool
 * rewrites gcc's dependency file: autoconf.h is dropped, and for every
 * CONFIG_ symbol mentioned in the source or in one of its headers the
 * object depends on that symbol's file (through $(wildcard), because a
 * symbol that never changed has no file yet). Every prerequisite is also
 * listed as an empty target, so a deleted header does not break make.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX	   "CONFIG_"
#define PREFIX_LEN 7

struct strset {
	char **v;
	size_t n, cap;
};

static void die(const char *what, const char *arg)
{
	fprintf(stderr, "fixdep: %s %s: %s\n", what, arg, strerror(errno));
	exit(1);
}

static int strset_add(struct strset *s, const char *str, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && !memcmp(s->v[i], str, len))
			return 0;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			die("out of memory", "");
	}
	s->v[s->n] = strndup(str, len);
	if (!s->v[s->n])
		die("out of memory", "");
	s->n++;
	return 1;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("cannot read", path);
	buf = malloc((size_t)size + 1);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size)
		die("cannot read", path);
	buf[size] = '\0';
	fclose(f);
	*len = (size_t)size;
	return buf;
}

static int is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* Collect the CONFIG_ symbols a file mentions. */
static void scan_symbols(const char *path, struct strset *syms)
{
	size_t len;
	char *buf = read_file(path, &len);

	if (!buf)
		return; /* gone since gcc ran: make will notice */
	for (char *p = buf; (p = strstr(p, PREFIX)) != NULL;) {
		char *start = p + PREFIX_LEN, *end = start;

		if (p > buf && is_ident(p[-1])) {
			p = start;
			continue;
		}
		while (is_ident(*end))
			end++;
		if (end > start)
			strset_add(syms, start, (size_t)(end - start));
		p = end;
	}
	free(buf);
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

int main(int argc, char **argv)
{
	struct strset deps = {0}, syms = {0};
	size_t len;
	char *buf, *p;

	if (argc != 4) {
		fprintf(stderr, "usage: fixdep <depfile> <target> <config-dir>\n");
		return 2;
	}
	buf = read_file(argv[1], &len);
	if (!buf)
		die("cannot open", argv[1]);

	/* Skip "target:" then split on whitespace and line continuations. */
	p = strchr(buf, ':');
	if (!p) {
		fprintf(stderr, "fixdep: %s: not a dependency file\n", argv[1]);
		return 1;
	}
	for (p++; *p;) {
		char *start;

		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		       (*p == '\\' && (p[1] == '\n' || p[1] == '\r')))
			p++;
		if (!*p)
			break;
		start = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\n' && *p != '\r' &&
		       !(*p == '\\' && p[1] == '\n'))
			p++;
		if (p[-1] == ':') /* gcc -MP phony targets follow */
			break;
		strset_add(&deps, start, (size_t)(p - start));
	}

	printf("%s: \\\n", argv[2]);
	for (size_t i = 0; i < deps.n; i++) {
		if (ends_with(deps.v[i], "include/generated/autoconf.h"))
			continue;
		printf("  %s \\\n", deps.v[i]);
		scan_symbols(deps.v[i], &syms);
	}
	for (size_t i = 0; i < syms.n; i++) {
		printf("  $(wildcard %s/", argv[3]);
		for (char *c = syms.v[i]; *c; c++)
			putchar(*c == '_' ? '/' : tolower((unsigned char)*c));
		printf(".h) \\\n");
	}
	printf("\n");
	for (size_t i = 0; i < deps.n; i++)
		if (!ends_with(deps.v[i], "include/generated/autoconf.h"))
			printf("%s:\n", deps.v[i]);
	return 0;
}
