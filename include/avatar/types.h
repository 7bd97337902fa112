/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-width integer types. Only compiler-provided headers are used, so
 * this file is safe both in the freestanding kernel and in host tests.
 */
#ifndef AVATAR_TYPES_H
#define AVATAR_TYPES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

/* A physical address (identity-mapped in this kernel). */
typedef u64 phys_addr_t;

#endif /* AVATAR_TYPES_H */
