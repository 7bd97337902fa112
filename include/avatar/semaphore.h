/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Counting semaphores.
 *
 *	sem_init(&s, n);
 *	sem_down(&s);			take one unit, blocking while there is none
 *	ok = sem_down_timeout(&s, ns);	... or give up after ns (false)
 *	ok = sem_trydown(&s);		never blocks
 *	sem_up(&s);			give one unit back, waking one waiter
 *
 * The count lives under the lock of the semaphore's wait queue; waiters
 * are woken in FIFO order. sem_up() may be called from IRQ handlers.
 */
#ifndef AVATAR_SEMAPHORE_H
#define AVATAR_SEMAPHORE_H

#include <avatar/types.h>
#include <avatar/waitqueue.h>

struct semaphore {
	struct waitqueue wq;
	unsigned int count;
};

void sem_init(struct semaphore *s, unsigned int count);
void sem_down(struct semaphore *s);
bool sem_down_timeout(struct semaphore *s, u64 timeout_ns);
bool sem_trydown(struct semaphore *s);
void sem_up(struct semaphore *s);

#endif /* AVATAR_SEMAPHORE_H */
