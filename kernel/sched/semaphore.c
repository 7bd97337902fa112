// SPDX-License-Identifier: GPL-2.0
/* Counting semaphores (see <avatar/semaphore.h>). */
#include <avatar/semaphore.h>

void sem_init(struct semaphore *s, unsigned int count)
{
	waitqueue_init(&s->wq);
	s->count = count;
}

/* wq.lock held. */
static bool take(struct semaphore *s)
{
	if (!s->count)
		return false;
	s->count--;
	return true;
}

void sem_down(struct semaphore *s)
{
	wait_event(&s->wq, take(s));
}

bool sem_down_timeout(struct semaphore *s, u64 timeout_ns)
{
	return wait_event_timeout(&s->wq, take(s), timeout_ns);
}

bool sem_trydown(struct semaphore *s)
{
	unsigned long flags = spin_lock_irqsave(&s->wq.lock);
	bool ok = take(s);

	spin_unlock_irqrestore(&s->wq.lock, flags);
	return ok;
}

void sem_up(struct semaphore *s)
{
	unsigned long flags = spin_lock_irqsave(&s->wq.lock);

	s->count++;
	waitqueue_wake_one_locked(&s->wq);
	spin_unlock_irqrestore(&s->wq.lock, flags);
}
