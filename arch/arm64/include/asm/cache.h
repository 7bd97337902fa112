/* SPDX-License-Identifier: GPL-2.0 */
/* Data and instruction cache maintenance by address range (to the point of coherency). */
#ifndef ASM_CACHE_H
#define ASM_CACHE_H

#include <avatar/types.h>

/* Discard cached copies, e.g. of memory written with the MMU off. */
void dcache_inval_poc(uintptr_t start, uintptr_t end);
/* Write dirty lines back to memory, e.g. before a CPU with caches off reads it. */
void dcache_clean_poc(uintptr_t start, uintptr_t end);
/* Clean and invalidate. */
void dcache_clean_inval_poc(uintptr_t start, uintptr_t end);
/*
 * Zero [start, end) a cache block at a time with DC ZVA (64 bytes per
 * instruction on QEMU's CPUs), or with memset() if DC ZVA is prohibited
 * or the range is not aligned to its block. The zeros are in the cache:
 * clean them for a reader with caches off.
 */
void dcache_zero(uintptr_t start, uintptr_t end);
void icache_inval_all(void);
/* Make code written to [start, end) visible to instruction fetch on every CPU. */
void icache_sync(uintptr_t start, uintptr_t end);

#endif /* ASM_CACHE_H */
