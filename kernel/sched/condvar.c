// SPDX-License-Identifier: GPL-2.0
/*
 * Condition variables (see <avatar/condvar.h>): a wait queue. The waiter
 * queues itself and is marked BLOCKED with IRQs masked, then releases the
 * mutex, then switches away: a signal in between finds it queued and
 * makes it READY again, so the switch comes straight back.
 */
#include <avatar/condvar.h>
#include <avatar/irq.h>
#include <avatar/sched.h>
#include <avatar/thread.h>
#include <avatar/time.h>

void cond_init(struct condvar *cv)
{
	waitqueue_init(&cv->wq);
}

static bool wait_until(struct condvar *cv, struct mutex *m, u64 deadline_ns)
{
	struct thread *self = thread_current();
	unsigned long flags = spin_lock_irqsave(&cv->wq.lock);
	bool woken;

	list_add_tail(&self->wait_node, &cv->wq.waiters);
	sched_prepare_block(THREAD_BLOCKED);
	spin_unlock(&cv->wq.lock); /* IRQs stay masked until we have switched away */
	mutex_unlock(m);
	sched_block(deadline_ns);

	spin_lock(&cv->wq.lock);
	woken = list_empty(&self->wait_node); /* a signal took us off the queue */
	if (!woken)
		list_del_init(&self->wait_node);
	spin_unlock_irqrestore(&cv->wq.lock, flags);
	mutex_lock(m);
	/* A stray wake-up (see sleep.c) before the deadline is not a time-out. */
	return woken || deadline_ns == WAIT_FOREVER || time_now_ns() < deadline_ns;
}

void cond_wait(struct condvar *cv, struct mutex *m)
{
	wait_until(cv, m, WAIT_FOREVER);
}

bool cond_wait_timeout(struct condvar *cv, struct mutex *m, u64 timeout_ns)
{
	return wait_until(cv, m, wait_deadline(timeout_ns));
}

void cond_signal(struct condvar *cv)
{
	waitqueue_wake_one(&cv->wq);
}

void cond_broadcast(struct condvar *cv)
{
	waitqueue_wake_all(&cv->wq);
}
