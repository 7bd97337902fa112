// SPDX-License-Identifier: GPL-2.0
/*
 * The C library's memory and string functions, written for clarity rather
 * than speed (byte loops, plus a word loop for large aligned copies).
 *
 * GCC recognises byte loops as "this is memset/memcpy" and may replace them
 * with a call to that very function, which inside memset() is infinite
 * recursion. The loop-pattern optimisation is therefore turned off for the
 * functions in this file with an attribute, so no special build flag is
 * needed. The same file builds for the host unit tests (see
 * <avatar/libc_names.h>).
 */
#include <avatar/string.h>

#define NO_LIBCALL __attribute__((optimize("no-tree-loop-distribute-patterns")))

/* A word that may alias any object, for the aligned fast path of memcpy(). */
typedef unsigned long __attribute__((may_alias)) word_t;
#define WORD_SIZE sizeof(word_t)

NO_LIBCALL void *memcpy(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if ((((uintptr_t)d | (uintptr_t)s) & (WORD_SIZE - 1)) == 0) {
		/* Eight words per iteration: the compiler pairs them (ldp/stp). */
		for (; n >= 8 * WORD_SIZE; n -= 8 * WORD_SIZE) {
			const word_t *sw = (const word_t *)(const void *)s;
			word_t *dw = (word_t *)(void *)d;
			word_t w0 = sw[0], w1 = sw[1], w2 = sw[2], w3 = sw[3];
			word_t w4 = sw[4], w5 = sw[5], w6 = sw[6], w7 = sw[7];

			dw[0] = w0;
			dw[1] = w1;
			dw[2] = w2;
			dw[3] = w3;
			dw[4] = w4;
			dw[5] = w5;
			dw[6] = w6;
			dw[7] = w7;
			d += 8 * WORD_SIZE;
			s += 8 * WORD_SIZE;
		}
		for (; n >= WORD_SIZE; n -= WORD_SIZE) {
			*(word_t *)(void *)d = *(const word_t *)(const void *)s;
			d += WORD_SIZE;
			s += WORD_SIZE;
		}
	}
	while (n--)
		*d++ = *s++;
	return dst;
}

NO_LIBCALL void *memmove(void *dst, const void *src, size_t n)
{
	unsigned char *d = dst;
	const unsigned char *s = src;

	if (d == s || n == 0)
		return dst;
	if (d < s || d >= s + n)
		return memcpy(dst, src, n);
	/* Overlapping with dst above src: copy backwards. */
	while (n--)
		d[n] = s[n];
	return dst;
}

NO_LIBCALL void *memset(void *dst, int c, size_t n)
{
	unsigned char *d = dst;

	while (n--)
		*d++ = (unsigned char)c;
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
	}
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++) {
		if (*p == (unsigned char)c)
			return (void *)p;
	}
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;

	while (*p)
		p++;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p == *q ? 0 : (*p < *q ? -1 : 1);
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p < *q ? -1 : 1;
		if (!*p)
			break;
	}
	return 0;
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strcpy(char *dst, const char *src)
{
	char *d = dst;

	while ((*d++ = *src++))
		;
	return dst;
}

size_t strlcpy(char *dst, const char *src, size_t size)
{
	size_t len = strlen(src);

	if (size) {
		size_t n = len < size - 1 ? len : size - 1;

		memcpy(dst, src, n);
		dst[n] = '\0';
	}
	return len;
}

static int digit_value(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Common parser: skips blanks, an optional sign (reported in *negative) and the base prefix. */
static unsigned long long parse_unsigned(const char *s, char **end, int base, bool *negative)
{
	const char *p = s;
	unsigned long long value = 0;
	bool overflow = false, any = false;

	*negative = false;
	if (base != 0 && (base < 2 || base > 36)) {
		if (end)
			*end = (char *)s;
		return 0;
	}
	while (is_space(*p))
		p++;
	if (*p == '+' || *p == '-')
		*negative = *p++ == '-';
	if ((base == 0 || base == 16) && p[0] == '0' && (p[1] == 'x' || p[1] == 'X') &&
	    digit_value(p[2]) < 16) {
		p += 2;
		base = 16;
	} else if (base == 0) {
		base = p[0] == '0' ? 8 : 10;
	}
	for (; digit_value(*p) < base; p++) {
		unsigned int d = (unsigned int)digit_value(*p);

		any = true;
		if (value > (~0ULL - d) / (unsigned int)base)
			overflow = true;
		else
			value = value * (unsigned int)base + d;
	}
	if (end)
		*end = (char *)(any ? p : s);
	if (!any)
		*negative = false;
	return overflow ? ~0ULL : value;
}

unsigned long long strtoull(const char *s, char **end, int base)
{
	bool negative;
	unsigned long long v = parse_unsigned(s, end, base, &negative);

	return negative ? -v : v;
}

unsigned long strtoul(const char *s, char **end, int base)
{
	bool negative;
	unsigned long long v = parse_unsigned(s, end, base, &negative);

	if (v > (unsigned long)~0UL)
		v = (unsigned long)~0UL;
	return negative ? -(unsigned long)v : (unsigned long)v;
}

long strtol(const char *s, char **end, int base)
{
	bool negative;
	unsigned long long v = parse_unsigned(s, end, base, &negative);
	const unsigned long long max = (unsigned long long)(~0UL >> 1);

	if (negative)
		return v > max ? -(long)max - 1 : -(long)v;
	return v > max ? (long)max : (long)v;
}
