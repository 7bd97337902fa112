/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MMIO accessors. Device registers are mapped Device-nGnRnE, so accesses
 * reach the device in program order; the inline assembly guarantees one
 * access of exactly the given width (no tearing, merging or caching).
 */
#ifndef ASM_IO_H
#define ASM_IO_H

#include <avatar/types.h>

static inline u32 readl(uintptr_t addr)
{
	u32 val;

	__asm__ __volatile__("ldr %w0, [%1]" : "=r"(val) : "r"(addr) : "memory");
	return val;
}

static inline void writel(u32 val, uintptr_t addr)
{
	__asm__ __volatile__("str %w0, [%1]" : : "rZ"(val), "r"(addr) : "memory");
}

#endif /* ASM_IO_H */
