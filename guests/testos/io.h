/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TestOS: device register accessors. Single loads and stores of the
 * exact width, so an emulated device sees one access of the size the
 * driver meant (the hypervisor decodes each from ESR_EL2).
 */
#ifndef TESTOS_IO_H
#define TESTOS_IO_H

#include <stdint.h>

static inline uint32_t readl(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline uint64_t readq(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static inline void writeb(uint8_t v, uintptr_t a)
{
	__asm__ volatile("strb %w0, [%1]" ::"r"(v), "r"(a) : "memory");
}

static inline void writel(uint32_t v, uintptr_t a)
{
	__asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(a) : "memory");
}

static inline void writeq(uint64_t v, uintptr_t a)
{
	__asm__ volatile("str %0, [%1]" ::"r"(v), "r"(a) : "memory");
}

#endif /* TESTOS_IO_H */
