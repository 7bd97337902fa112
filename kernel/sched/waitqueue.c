// SPDX-License-Identifier: GPL-2.0
/* Wait queues (see <avatar/waitqueue.h>). */
#include <avatar/sched.h>
#include <avatar/thread.h>
#include <avatar/time.h>
#include <avatar/waitqueue.h>

#include "sched_internal.h"

void waitqueue_init(struct waitqueue *wq)
{
	spin_lock_init(&wq->lock);
	list_init(&wq->waiters);
}

bool waitqueue_wait_locked(struct waitqueue *wq, u64 deadline_ns)
{
	struct thread *t = thread_current();

	if (deadline_ns != WAIT_FOREVER && time_now_ns() >= deadline_ns)
		return false;
	list_add_tail(&t->wait_node, &wq->waiters);
	sched_prepare_block(THREAD_BLOCKED);
	spin_unlock(&wq->lock); /* IRQs stay masked: nothing runs here before we block */
	sched_block(deadline_ns);
	spin_lock(&wq->lock);
	if (!list_empty(&t->wait_node)) /* time-out or spurious wake-up: still queued */
		list_del_init(&t->wait_node);
	return deadline_ns == WAIT_FOREVER || time_now_ns() < deadline_ns;
}

/* Lock held. Skips waiters a time-out has woken already (they re-check anyway). */
bool waitqueue_wake_one_locked(struct waitqueue *wq)
{
	while (!list_empty(&wq->waiters)) {
		struct thread *t = list_first_entry(&wq->waiters, struct thread, wait_node);

		list_del_init(&t->wait_node);
		if (sched_wake(t))
			return true;
	}
	return false;
}

bool waitqueue_wake_one(struct waitqueue *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	bool woken = waitqueue_wake_one_locked(wq);

	spin_unlock_irqrestore(&wq->lock, flags);
	return woken;
}

unsigned int waitqueue_wake_all(struct waitqueue *wq)
{
	unsigned long flags = spin_lock_irqsave(&wq->lock);
	unsigned int n = 0;

	while (waitqueue_wake_one_locked(wq))
		n++;
	spin_unlock_irqrestore(&wq->lock, flags);
	return n;
}
