/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks. spin_lock()/spin_unlock() for data shared between CPUs;
 * the _irqsave variants also mask interrupts on this CPU, for data an
 * interrupt handler on the same CPU may touch.
 *
 * Every variant disables preemption while the lock is held (see
 * <avatar/preempt.h>): a holder is never switched out by an interrupt,
 * so no thread spins on a lock whose holder is not running. Releasing
 * the lock is a preemption point. raw_spin_lock() touches neither IRQs
 * nor preemption; it is for the scheduler itself, which runs with IRQs
 * masked and must not recurse into itself.
 *
 * Only usable once the MMU is on (see <asm/spinlock.h>): before that the
 * boot CPU runs alone and needs no locks.
 */
#ifndef AVATAR_SPINLOCK_H
#define AVATAR_SPINLOCK_H

#include <asm/irqflags.h>
#include <asm/spinlock.h>
#include <avatar/preempt.h>

typedef struct {
	arch_spinlock_t arch;
} spinlock_t;

#define SPINLOCK_INIT                   \
	{                               \
		ARCH_SPIN_LOCK_UNLOCKED \
	}
#define DEFINE_SPINLOCK(name) spinlock_t name = SPINLOCK_INIT

static inline void spin_lock_init(spinlock_t *lock)
{
	lock->arch.locked = 0;
}

static inline void raw_spin_lock(spinlock_t *lock)
{
	arch_spin_lock(&lock->arch);
}

static inline void raw_spin_unlock(spinlock_t *lock)
{
	arch_spin_unlock(&lock->arch);
}

static inline void spin_lock(spinlock_t *lock)
{
	preempt_disable();
	arch_spin_lock(&lock->arch);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	preempt_disable();
	if (arch_spin_trylock(&lock->arch))
		return true;
	preempt_enable();
	return false;
}

static inline void spin_unlock(spinlock_t *lock)
{
	arch_spin_unlock(&lock->arch);
	preempt_enable();
}

static inline unsigned long spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	preempt_disable();
	arch_spin_lock(&lock->arch);
	return flags;
}

/* IRQs are restored before preemption is re-enabled, so a pending reschedule happens here. */
static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	arch_spin_unlock(&lock->arch);
	arch_local_irq_restore(flags);
	preempt_enable();
}

#endif /* AVATAR_SPINLOCK_H */
