// SPDX-License-Identifier: GPL-2.0
/* Preemption counting (see <avatar/preempt.h>). */
#include <avatar/compiler.h>
#include <avatar/panic.h>
#include <avatar/preempt.h>
#include <avatar/thread.h>

#include "sched_internal.h"

void preempt_disable(void)
{
	thread_current()->preempt_count++;
	barrier(); /* the critical section starts after the increment */
}

void preempt_enable(void)
{
	struct thread *t = thread_current();

	barrier(); /* ... and ends before the decrement */
	if (unlikely(!t->preempt_count))
		panic("preempt_enable() without preempt_disable() in %s", t->name);
	if (--t->preempt_count == 0 && unlikely(READ_ONCE(t->need_resched)))
		sched_preempt_point();
}

unsigned int preempt_count(void)
{
	return thread_current()->preempt_count;
}

void cond_resched(void)
{
	sched_preempt_point();
}
