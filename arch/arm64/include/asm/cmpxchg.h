/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Atomic read-modify-write on 64-bit words with exclusive load/store
 * pairs (Armv8.0, no LSE needed). Written out here because GCC's
 * __atomic builtins call libgcc's out-of-line helpers, which need the
 * C library's getauxval() to choose between LL/SC and LSE.
 */
#ifndef ASM_CMPXCHG_H
#define ASM_CMPXCHG_H

#include <avatar/types.h>

/* If *p == old, store new with acquire semantics; true if stored. */
static inline bool arch_cmpxchg_acquire(unsigned long *p, unsigned long old, unsigned long new)
{
	unsigned long cur;
	u32 fail;

	__asm__ __volatile__("1:	ldaxr	%0, %2\n"
			     "	cmp	%0, %3\n"
			     "	b.ne	2f\n"
			     "	stxr	%w1, %4, %2\n"
			     "	cbnz	%w1, 1b\n"
			     "2:\n"
			     : "=&r"(cur), "=&r"(fail), "+Q"(*p)
			     : "r"(old), "r"(new)
			     : "cc", "memory");
	return cur == old;
}

/* If *p == old, store new with release semantics; true if stored. */
static inline bool arch_cmpxchg_release(unsigned long *p, unsigned long old, unsigned long new)
{
	unsigned long cur;
	u32 fail;

	__asm__ __volatile__("1:	ldxr	%0, %2\n"
			     "	cmp	%0, %3\n"
			     "	b.ne	2f\n"
			     "	stlxr	%w1, %4, %2\n"
			     "	cbnz	%w1, 1b\n"
			     "2:\n"
			     : "=&r"(cur), "=&r"(fail), "+Q"(*p)
			     : "r"(old), "r"(new)
			     : "cc", "memory");
	return cur == old;
}

/* *p |= bits, *p &= bits (no ordering). */
static inline void arch_atomic_or(unsigned long *p, unsigned long bits)
{
	unsigned long tmp;
	u32 fail;

	__asm__ __volatile__("1:	ldxr	%0, %2\n"
			     "	orr	%0, %0, %3\n"
			     "	stxr	%w1, %0, %2\n"
			     "	cbnz	%w1, 1b\n"
			     : "=&r"(tmp), "=&r"(fail), "+Q"(*p)
			     : "r"(bits)
			     : "memory");
}

static inline void arch_atomic_and(unsigned long *p, unsigned long bits)
{
	unsigned long tmp;
	u32 fail;

	__asm__ __volatile__("1:	ldxr	%0, %2\n"
			     "	and	%0, %0, %3\n"
			     "	stxr	%w1, %0, %2\n"
			     "	cbnz	%w1, 1b\n"
			     : "=&r"(tmp), "=&r"(fail), "+Q"(*p)
			     : "r"(bits)
			     : "memory");
}

#endif /* ASM_CMPXCHG_H */
