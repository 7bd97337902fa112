/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Wait queues: a list of threads blocked until something happens.
 *
 *	wait_event(&wq, cond);			block until cond is true
 *	ok = wait_event_timeout(&wq, cond, ns);	... or ns nanoseconds pass;
 *						returns cond (false: timed out)
 *	waitqueue_wake_one(&wq) / waitqueue_wake_all(&wq)
 *
 * The condition is evaluated with the queue's lock held, and a waker
 * makes the condition true before it calls waitqueue_wake_*() (which
 * takes the lock), so no wake-up is lost between the test and the sleep.
 * Waiters are woken in FIFO order. A woken waiter always re-tests the
 * condition, also after a time-out, so a wake-up that raced with a
 * time-out is never dropped.
 *
 * Lower-level use (semaphores, condition variables): with the lock held
 * and IRQs saved, waitqueue_wait_locked() queues the current thread,
 * drops the lock, blocks and returns with the lock held again.
 */
#ifndef AVATAR_WAITQUEUE_H
#define AVATAR_WAITQUEUE_H

#include <avatar/list.h>
#include <avatar/spinlock.h>
#include <avatar/types.h>

/* No time-out (a deadline that never comes). */
#define WAIT_FOREVER UINT64_MAX

struct waitqueue {
	spinlock_t lock;
	struct list_head waiters; /* struct thread.wait_node, FIFO */
};

#define WAITQUEUE_INIT(name)                                  \
	{                                                     \
		SPINLOCK_INIT, LIST_HEAD_INIT((name).waiters) \
	}
#define DEFINE_WAITQUEUE(name) struct waitqueue name = WAITQUEUE_INIT(name)

void waitqueue_init(struct waitqueue *wq);
/* Wake the longest waiting thread; false if nobody was waiting. */
bool waitqueue_wake_one(struct waitqueue *wq);
/* The same with wq->lock held by the caller. */
bool waitqueue_wake_one_locked(struct waitqueue *wq);
/* Wake every waiter; returns how many. */
unsigned int waitqueue_wake_all(struct waitqueue *wq);

/*
 * With wq->lock held (taken with spin_lock_irqsave): block until woken or
 * the absolute deadline (time_now_ns() clock, WAIT_FOREVER for none)
 * passes, then return with the lock held again. Returns false if the
 * deadline passed.
 */
bool waitqueue_wait_locked(struct waitqueue *wq, u64 deadline_ns);

/* Absolute deadline 'ns' from now, saturating. */
u64 wait_deadline(u64 ns);

#define __wait_event(wq, cond, deadline)                                            \
	({                                                                          \
		struct waitqueue *__wq = (wq);                                      \
		u64 __deadline = (deadline);                                        \
		unsigned long __flags = spin_lock_irqsave(&__wq->lock);             \
		bool __ok;                                                          \
		while (!(__ok = (cond)) && waitqueue_wait_locked(__wq, __deadline)) \
			;                                                           \
		if (!__ok)                                                          \
			__ok = (cond);                                              \
		spin_unlock_irqrestore(&__wq->lock, __flags);                       \
		__ok;                                                               \
	})

#define wait_event(wq, cond)		 ((void)__wait_event(wq, cond, WAIT_FOREVER))
#define wait_event_timeout(wq, cond, ns) __wait_event(wq, cond, wait_deadline(ns))

#endif /* AVATAR_WAITQUEUE_H */
