/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The lock of the memory allocators, in one place so the allocators build
 * both into the kernel and into host unit tests.
 *
 * Kernel (freestanding, __STDC_HOSTED__ == 0): an IRQ-saving spinlock, so
 * allocating from an interrupt handler cannot deadlock against the code
 * it interrupted on the same CPU.
 * Host tests: a pthread mutex, so a threaded test exercises the locking.
 *
 *	unsigned long flags = mm_lock(&lock);
 *	...
 *	mm_unlock(&lock, flags);
 */
#ifndef KERNEL_MM_LOCK_H
#define KERNEL_MM_LOCK_H

#if !__STDC_HOSTED__

#include <avatar/spinlock.h>

typedef spinlock_t mm_lock_t;
#define MM_LOCK_INIT SPINLOCK_INIT

static inline void mm_lock_init(mm_lock_t *lock)
{
	spin_lock_init(lock);
}

static inline unsigned long mm_lock(mm_lock_t *lock)
{
	return spin_lock_irqsave(lock);
}

static inline void mm_unlock(mm_lock_t *lock, unsigned long flags)
{
	spin_unlock_irqrestore(lock, flags);
}

#else /* host unit tests */

#include <pthread.h>

typedef pthread_mutex_t mm_lock_t;
#define MM_LOCK_INIT PTHREAD_MUTEX_INITIALIZER

static inline void mm_lock_init(mm_lock_t *lock)
{
	pthread_mutex_init(lock, NULL);
}

static inline unsigned long mm_lock(mm_lock_t *lock)
{
	pthread_mutex_lock(lock);
	return 0;
}

static inline void mm_unlock(mm_lock_t *lock, unsigned long flags)
{
	(void)flags;
	pthread_mutex_unlock(lock);
}

#endif

#endif /* KERNEL_MM_LOCK_H */
