/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Spinlocks. spin_lock()/spin_unlock() for data shared between CPUs;
 * the _irqsave variants also mask interrupts on this CPU, for data an
 * interrupt handler on the same CPU may touch.
 *
 * Only usable once the MMU is on (see <asm/spinlock.h>): before that the
 * boot CPU runs alone and needs no locks.
 */
#ifndef AVATAR_SPINLOCK_H
#define AVATAR_SPINLOCK_H

#include <asm/irqflags.h>
#include <asm/spinlock.h>

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

static inline void spin_lock(spinlock_t *lock)
{
	arch_spin_lock(&lock->arch);
}

static inline bool spin_trylock(spinlock_t *lock)
{
	return arch_spin_trylock(&lock->arch);
}

static inline void spin_unlock(spinlock_t *lock)
{
	arch_spin_unlock(&lock->arch);
}

static inline unsigned long spin_lock_irqsave(spinlock_t *lock)
{
	unsigned long flags = arch_local_irq_save();

	spin_lock(lock);
	return flags;
}

static inline void spin_unlock_irqrestore(spinlock_t *lock, unsigned long flags)
{
	spin_unlock(lock);
	arch_local_irq_restore(flags);
}

#endif /* AVATAR_SPINLOCK_H */
