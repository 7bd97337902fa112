/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arm64 spinlock primitive: a test-and-set lock built on the exclusive
 * monitor (LDAXR/STXR, no LSE atomics so it runs on every Armv8.0 CPU).
 * Waiters sleep in WFE; the releasing STLR clears their exclusive monitor,
 * which generates the event that wakes them (Arm ARM D1.6.1 / B2.9).
 *
 * Exclusives need the MMU on (Normal, cacheable memory): with the MMU off
 * all data accesses are Device memory, where they may not work.
 */
#ifndef ASM_SPINLOCK_H
#define ASM_SPINLOCK_H

#include <avatar/types.h>

typedef struct {
	u32 locked;
} arch_spinlock_t;

/* clang-format off */
#define ARCH_SPIN_LOCK_UNLOCKED { 0 }
/* clang-format on */

static inline void arch_spin_lock(arch_spinlock_t *lock)
{
	u32 tmp;

	__asm__ __volatile__("	sevl\n" /* make the first WFE fall through */
			     "1:	wfe\n"
			     "2:	ldaxr	%w0, %1\n" /* acquire: later accesses stay after */
			     "	cbnz	%w0, 1b\n"
			     "	stxr	%w0, %w2, %1\n"
			     "	cbnz	%w0, 2b\n"
			     : "=&r"(tmp), "+Q"(lock->locked)
			     : "r"(1)
			     : "memory");
}

static inline bool arch_spin_trylock(arch_spinlock_t *lock)
{
	u32 tmp;

	__asm__ __volatile__("1:	ldaxr	%w0, %1\n"
			     "	cbnz	%w0, 2f\n"
			     "	stxr	%w0, %w2, %1\n"
			     "	cbnz	%w0, 1b\n"
			     "2:\n"
			     : "=&r"(tmp), "+Q"(lock->locked)
			     : "r"(1)
			     : "memory");
	return tmp == 0;
}

static inline void arch_spin_unlock(arch_spinlock_t *lock)
{
	/* release: earlier accesses complete before the lock reads free */
	__asm__ __volatile__("stlr wzr, %0" : "=Q"(lock->locked) : : "memory");
}

#endif /* ASM_SPINLOCK_H */
