/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Sleeping mutual exclusion with priority inheritance.
 *
 *	DEFINE_MUTEX(m);  or  mutex_init(&m);
 *	mutex_lock(&m); ... mutex_unlock(&m);
 *
 * Threads only (not IRQ handlers); the owner must unlock; not recursive.
 * Uncontended lock and unlock are one compare-and-swap each on 'owner'.
 * Contended: waiters queue by effective priority (FIFO within a level)
 * and block; unlock hands the mutex directly to the first waiter.
 *
 * Priority inheritance: while a thread owns mutexes with waiters, its
 * effective priority is the highest of its base priority and the first
 * waiter of each such mutex; it drops back when it unlocks. A boost
 * propagates along chains (the owner is itself blocked on a mutex whose
 * owner is boosted in turn, ...) up to MUTEX_PI_MAX_DEPTH owners; deeper
 * chains are not boosted beyond that depth (no deadlock detection).
 */
#ifndef AVATAR_MUTEX_H
#define AVATAR_MUTEX_H

#include <avatar/list.h>
#include <avatar/types.h>

#define MUTEX_PI_MAX_DEPTH 8

struct thread;

struct mutex {
	unsigned long owner;	  /* struct thread *, | MUTEX_HAS_WAITERS; 0 = free */
	struct list_head waiters; /* struct thread.wait_node, by priority */
	struct list_head pi_node; /* in the owner's pi_mutexes while there are waiters */
};

#define MUTEX_INIT(name)                                                          \
	{                                                                         \
		0, LIST_HEAD_INIT((name).waiters), LIST_HEAD_INIT((name).pi_node) \
	}
#define DEFINE_MUTEX(name) struct mutex name = MUTEX_INIT(name)

void mutex_init(struct mutex *m);
void mutex_lock(struct mutex *m);
/* true if it got the mutex without waiting. */
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
/* The owner, NULL if free. */
struct thread *mutex_owner(const struct mutex *m);

#endif /* AVATAR_MUTEX_H */
