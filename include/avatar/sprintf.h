/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Formatted output into a buffer (kernel/lib/vsnprintf.c). Host-safe; see
 * <avatar/libc_names.h>.
 *
 * Supported conversions: %d %i %u %x %X %o %p %s %c %%, length modifiers
 * hh h l ll z t, flags '-' (left align), '0' (zero pad), '+', ' ', '#',
 * a field width and a precision (given inline or as '*'). Floating point
 * is not supported (the kernel is built with -mgeneral-regs-only).
 * Like C99 the return value is the length the full output would have had;
 * the buffer is always NUL-terminated when size > 0.
 */
#ifndef AVATAR_SPRINTF_H
#define AVATAR_SPRINTF_H

#include <stdarg.h>
#include <avatar/compiler.h>
#include <avatar/libc_names.h>
#include <avatar/types.h>

#if AVATAR_HOST_PREFIXED
#define vsnprintf avatar_vsnprintf
#define snprintf  avatar_snprintf
#endif

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap) __printf(3, 0);
int snprintf(char *buf, size_t size, const char *fmt, ...) __printf(3, 4);

#endif /* AVATAR_SPRINTF_H */
