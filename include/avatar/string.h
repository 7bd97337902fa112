/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory and string functions (kernel/lib/string.c). Host-safe: see
 * <avatar/libc_names.h> for how the names are kept apart from libc in
 * unit tests.
 */
#ifndef AVATAR_STRING_H
#define AVATAR_STRING_H

#include <avatar/libc_names.h>
#include <avatar/types.h>

#if AVATAR_HOST_PREFIXED
#define memcpy	 avatar_memcpy
#define memmove	 avatar_memmove
#define memset	 avatar_memset
#define memcmp	 avatar_memcmp
#define memchr	 avatar_memchr
#define strlen	 avatar_strlen
#define strnlen	 avatar_strnlen
#define strcmp	 avatar_strcmp
#define strncmp	 avatar_strncmp
#define strchr	 avatar_strchr
#define strrchr	 avatar_strrchr
#define strcpy	 avatar_strcpy
#define strlcpy	 avatar_strlcpy
#define strtoul	 avatar_strtoul
#define strtoull avatar_strtoull
#define strtol	 avatar_strtol
#endif

void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);

/*
 * memcpy() for large copies (KiBs: the buffer cache's blocks), with the
 * SIMD registers in the kernel (arch/arm64/simd.c, <asm/simd.h>); any
 * context. On the host it is the plain memcpy().
 */
#if AVATAR_HOST_PREFIXED
#define memcpy_bulk avatar_memcpy
#else
void *memcpy_bulk(void *dst, const void *src, size_t n);
#endif
void *memchr(const void *s, int c, size_t n);

size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
char *strcpy(char *dst, const char *src);
/* Copy at most size-1 characters and always terminate; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);

/*
 * Parse an unsigned number. base 0 accepts a 0x/0X prefix (hex), a leading
 * 0 (octal) or decimal; bases 2..36 are accepted. *end (if not NULL) is set
 * to the first unparsed character, or to s when nothing was parsed.
 * Overflow saturates at ULONG_MAX / ULLONG_MAX.
 */
unsigned long strtoul(const char *s, char **end, int base);
unsigned long long strtoull(const char *s, char **end, int base);
long strtol(const char *s, char **end, int base);

#endif /* AVATAR_STRING_H */
