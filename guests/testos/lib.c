/* Byte-wise helpers: with the MMU off memory is Device type, so no
 * unaligned or wide tricks. */
#include "testos.h"

void *memset(void *s, int c, size_t n)
{
	volatile unsigned char *p = s;

	while (n--)
		*p++ = (unsigned char)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	volatile unsigned char *d = dst;
	const unsigned char *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b) {
		a++;
		b++;
	}
	return (unsigned char)*a - (unsigned char)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (unsigned char)*a - (unsigned char)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

/*
 * "key=N" (decimal) in a kernel command line: 1 and *val, or 0 if the key
 * is absent or not followed by '=' and digits. A bare "key" gives *val = 0
 * and 1 when bare_ok.
 */
int cmdline_uint(const char *cmdline, const char *key, int bare_ok, uint64_t *val)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; p && *p; p++) {
		if ((p != cmdline && p[-1] != ' ') || strncmp(p, key, klen))
			continue;
		p += klen;
		if (*p == '\0' || *p == ' ') {
			if (!bare_ok)
				continue;
			*val = 0;
			return 1;
		}
		if (*p++ != '=' || *p < '0' || *p > '9')
			continue;
		uint64_t v = 0;
		while (*p >= '0' && *p <= '9' && v < (1ULL << 40))
			v = v * 10 + (uint64_t)(*p++ - '0');
		*val = v;
		return 1;
	}
	return 0;
}
