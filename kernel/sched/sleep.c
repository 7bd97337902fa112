// SPDX-License-Identifier: GPL-2.0
/*
 * Sleeping and time-outs. Each pool slot has a ktimer (kept here rather
 * than in struct thread, so <avatar/thread.h> does not depend on the
 * timer code); a blocked or sleeping thread arms it on its CPU and its
 * function wakes the thread. The timer fires on the CPU that armed it;
 * if the thread was woken earlier and runs elsewhere, its cancel may
 * miss a function already running there: that late wake-up is harmless,
 * as every waiter re-checks its condition or deadline (spurious wake-ups
 * are allowed everywhere in kernel/sched/).
 */
#include <avatar/irq.h>
#include <avatar/panic.h>
#include <avatar/thread.h>
#include <avatar/time.h>

#include "sched_internal.h"

static struct ktimer timeouts[CONFIG_MAX_THREADS];

static void timeout_fired(struct ktimer *kt)
{
	struct thread *t = thread_pool_get((unsigned int)(kt - timeouts));

	if (t)
		sched_wake(t);
}

void sched_timeout_init(void)
{
	unsigned int i;

	for (i = 0; i < CONFIG_MAX_THREADS; i++)
		ktimer_init(&timeouts[i], timeout_fired);
}

void sched_timeout_arm(struct thread *t, u64 deadline_ns)
{
	ktimer_start(&timeouts[t->slot], deadline_ns);
}

void sched_timeout_cancel(struct thread *t)
{
	ktimer_cancel(&timeouts[t->slot]);
}

u64 wait_deadline(u64 ns)
{
	u64 now = time_now_ns();

	return ns >= WAIT_FOREVER - now ? WAIT_FOREVER : now + ns;
}

void thread_sleep_until(u64 deadline_ns)
{
	struct thread *t = thread_current();

	if (t->is_idle)
		panic("the idle thread of CPU%u tried to sleep", t->cpu);
	while (time_now_ns() < deadline_ns) {
		unsigned long flags = local_irq_save();

		sched_prepare_block(THREAD_SLEEPING);
		sched_block(deadline_ns);
		local_irq_restore(flags);
	}
}

void thread_sleep_ns(u64 ns)
{
	thread_sleep_until(wait_deadline(ns));
}
