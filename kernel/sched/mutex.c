// SPDX-License-Identifier: GPL-2.0
/*
 * Mutexes with priority inheritance (interface and limits in
 * <avatar/mutex.h>).
 *
 * 'owner' is the owning thread with bit 0 (MUTEX_HAS_WAITERS) set while
 * threads wait. The fast paths are a compare-and-swap 0 -> self (lock,
 * acquire) and self -> 0 (unlock, release); they fail exactly when the
 * slow paths must run. The slow paths, all waiter lists, every thread's
 * pi_mutexes and blocked_on are under one global lock, mutex_pi_lock:
 * a priority-inheritance chain crosses mutexes, and one lock makes the
 * walk simple and deadlock-free. It is held for a few list operations.
 *
 * Lock order: mutex_pi_lock, then thread locks, then run queue locks.
 */
#include <asm/cmpxchg.h>
#include <avatar/irq.h>
#include <avatar/mutex.h>
#include <avatar/panic.h>
#include <avatar/sched.h>
#include <avatar/thread.h>

#include "sched_internal.h"

#define MUTEX_HAS_WAITERS 1UL

static DEFINE_SPINLOCK(mutex_pi_lock);

static struct thread *owner_of(unsigned long v)
{
	return (struct thread *)(v & ~MUTEX_HAS_WAITERS);
}

void mutex_init(struct mutex *m)
{
	m->owner = 0;
	list_init(&m->waiters);
	list_init(&m->pi_node);
}

struct thread *mutex_owner(const struct mutex *m)
{
	return owner_of(__atomic_load_n(&m->owner, __ATOMIC_RELAXED));
}

/* Lock side: acquire; unlock side: release. */
static bool cas(struct mutex *m, unsigned long old, unsigned long new, bool acquire)
{
	return acquire ? arch_cmpxchg_acquire(&m->owner, old, new)
		       : arch_cmpxchg_release(&m->owner, old, new);
}

/* Insert t into m's waiters after every thread of the same or higher priority. */
static void insert_waiter(struct mutex *m, struct thread *t)
{
	struct list_head *pos;

	list_for_each(pos, &m->waiters)
	{
		if (list_entry(pos, struct thread, wait_node)->prio > t->prio)
			break;
	}
	list_add_tail(&t->wait_node, pos);
}

/* Base priority, raised to the first waiter of each mutex t owns. */
static int pi_effective_prio(struct thread *t)
{
	int prio = t->base_prio;
	struct list_head *pos;

	list_for_each(pos, &t->pi_mutexes)
	{
		struct mutex *m = list_entry(pos, struct mutex, pi_node);
		struct thread *w = list_first_entry(&m->waiters, struct thread, wait_node);

		prio = MIN(prio, w->prio);
	}
	return prio;
}

/*
 * t's inputs changed (base priority, waiters of its mutexes): recompute
 * its effective priority and carry the change along the chain of owners.
 * mutex_pi_lock held.
 */
static void pi_chain_update(struct thread *t)
{
	unsigned int depth;

	for (depth = 0; t && depth < MUTEX_PI_MAX_DEPTH; depth++) {
		int prio = pi_effective_prio(t);
		struct mutex *m;

		if (prio == t->prio)
			return;
		sched_set_prio(t, prio);
		m = t->blocked_on;
		if (!m)
			return;
		list_del_init(&t->wait_node); /* keep m's waiters in priority order */
		insert_waiter(m, t);
		t = mutex_owner(m);
	}
}

void mutex_lock(struct mutex *m)
{
	struct thread *self = thread_current();
	unsigned long flags, v;

	if (cas(m, 0, (unsigned long)self, true))
		return;

	flags = local_irq_save();
	raw_spin_lock(&mutex_pi_lock);
	for (;;) {
		v = __atomic_load_n(&m->owner, __ATOMIC_RELAXED);
		if (!v) {
			if (cas(m, 0, (unsigned long)self, true))
				goto out;
			continue;
		}
		if (owner_of(v) == self)
			panic("%s locks a mutex it owns", self->name);
		if (v & MUTEX_HAS_WAITERS)
			break;
		/* From now on the owner's unlock takes the slow path, under our lock. */
		if (cas(m, v, v | MUTEX_HAS_WAITERS, true)) {
			list_add_tail(&m->pi_node, &owner_of(v)->pi_mutexes);
			break;
		}
	}
	insert_waiter(m, self);
	self->blocked_on = m;
	pi_chain_update(owner_of(v));
	do { /* until the unlock hands the mutex over (other wake-ups are spurious) */
		sched_prepare_block(THREAD_BLOCKED);
		raw_spin_unlock(&mutex_pi_lock);
		sched_block(WAIT_FOREVER);
		raw_spin_lock(&mutex_pi_lock);
	} while (self->blocked_on == m);
out:
	raw_spin_unlock(&mutex_pi_lock);
	local_irq_restore(flags);
}

bool mutex_trylock(struct mutex *m)
{
	return cas(m, 0, (unsigned long)thread_current(), true);
}

void mutex_unlock(struct mutex *m)
{
	struct thread *self = thread_current();
	struct thread *next;
	unsigned long flags;

	if (cas(m, (unsigned long)self, 0, false))
		return;
	if (mutex_owner(m) != self)
		panic("%s unlocks a mutex it does not own", self->name);

	flags = local_irq_save();
	raw_spin_lock(&mutex_pi_lock);
	/* HAS_WAITERS is set, so there is a waiter: hand the mutex to the first. */
	next = list_first_entry(&m->waiters, struct thread, wait_node);
	list_del_init(&next->wait_node);
	next->blocked_on = NULL;
	list_del_init(&m->pi_node);
	if (list_empty(&m->waiters)) {
		__atomic_store_n(&m->owner, (unsigned long)next, __ATOMIC_RELEASE);
	} else {
		__atomic_store_n(&m->owner, (unsigned long)next | MUTEX_HAS_WAITERS,
				 __ATOMIC_RELEASE);
		list_add_tail(&m->pi_node, &next->pi_mutexes);
	}
	pi_chain_update(self); /* drop what m's waiters lent us */
	pi_chain_update(next); /* inherit from the waiters that remain */
	sched_wake(next);
	raw_spin_unlock(&mutex_pi_lock);
	local_irq_restore(flags);
	sched_preempt_point();
}

int thread_set_priority(struct thread *t, int prio)
{
	unsigned long flags;

	if (!t || t->is_idle || prio < THREAD_PRIO_HIGHEST || prio > THREAD_PRIO_LOWEST)
		return -1;
	flags = local_irq_save();
	raw_spin_lock(&mutex_pi_lock);
	t->base_prio = prio;
	pi_chain_update(t);
	raw_spin_unlock(&mutex_pi_lock);
	local_irq_restore(flags);
	sched_preempt_point();
	return 0;
}
