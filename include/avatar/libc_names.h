/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Names of the kernel's C-library functions on the host.
 *
 * kernel/lib/string.c and kernel/lib/vsnprintf.c are compiled twice: into
 * the freestanding kernel, where they are the C library and keep the
 * standard names (memcpy, strlen, vsnprintf, ...) that GCC may also emit
 * calls to, and into host unit tests, where they must not replace the
 * host C library that cmocka, ASan and the test itself rely on.
 *
 * The two cases are told apart by the standard macro __STDC_HOSTED__: 0
 * under -ffreestanding (the kernel), 1 for an ordinary host compile. On
 * the host each function is renamed with an avatar_ prefix (by #define
 * in the header that declares it), so a unit test calls avatar_memcpy()
 * explicitly and uses the host's functions for everything else. Include
 * <avatar/string.h> or <avatar/sprintf.h> after the host's system headers.
 */
#ifndef AVATAR_LIBC_NAMES_H
#define AVATAR_LIBC_NAMES_H

#if __STDC_HOSTED__
#define AVATAR_HOST_PREFIXED 1
#else
#define AVATAR_HOST_PREFIXED 0
#endif

#endif /* AVATAR_LIBC_NAMES_H */
