// SPDX-License-Identifier: GPL-2.0
/*
 * Thread life cycle: create (BLOCKED, then woken like any thread), run
 * fn(arg) from arch_thread_start, exit (ZOMBIE, joiners woken), join
 * (the joiner frees the slot once the exited thread is off its CPU) or
 * detach (the slot is freed by the CPU that switched away from it).
 * One joiner per thread.
 */
#include <asm/barrier.h>
#include <avatar/irq.h>
#include <avatar/panic.h>
#include <avatar/string.h>
#include <avatar/thread.h>

#include "sched_internal.h"

struct thread *thread_create(const char *name, thread_fn fn, void *arg, int prio,
			     cpumask_t affinity)
{
	struct thread *t;

	if (!fn || prio < THREAD_PRIO_HIGHEST || prio > THREAD_PRIO_LOWEST)
		return NULL;
	affinity &= CPUMASK_ALL;
	if (!affinity)
		affinity = CPUMASK_ALL;
	t = thread_pool_alloc();
	if (!t)
		return NULL;

	spin_lock_init(&t->lock);
	t->state = THREAD_BLOCKED; /* sched_wake() below makes it READY */
	t->cpu = (unsigned int)__builtin_ctzl(affinity);
	strlcpy(t->name, name ? name : "thread", sizeof(t->name));
	t->base_prio = t->prio = prio;
	t->affinity = affinity;
	t->fn = fn;
	t->arg = arg;
	t->aspace = NULL;
	t->process = NULL;
	list_init(&t->rq_node);
	list_init(&t->wait_node);
	list_init(&t->pi_mutexes);
	waitqueue_init(&t->join_wq);
	arch_context_init(&t->ctx, t->stack_base + t->stack_size);
	sched_wake(t);
	return t;
}

void thread_set_switch_out(void (*fn)(struct thread *t))
{
	thread_current()->switch_out = fn; /* one store: the scheduler sees the old or the new */
}

void thread_exit(int code)
{
	struct thread *t = thread_current();

	if (t->is_idle)
		panic("the idle thread of CPU%u cannot exit", t->cpu);
	t->exit_code = code;
	local_irq_disable();
	raw_spin_lock(&t->lock);
	t->state = THREAD_ZOMBIE;
	raw_spin_unlock(&t->lock);
	waitqueue_wake_all(&t->join_wq);
	__schedule(false);
	panic("zombie thread %u (%s) was scheduled", t->id, t->name);
}

int thread_join(struct thread *t, int *code)
{
	if (!t || t == thread_current() || t->is_idle || t->detached || t->state == THREAD_DEAD)
		return -1;
	wait_event(&t->join_wq, READ_ONCE(t->state) == THREAD_ZOMBIE);
	/* Its CPU may still be switching away from it: its stack is in use until then. */
	while (smp_load_acquire(&t->on_cpu))
		cpu_relax();
	if (code)
		*code = t->exit_code;
	thread_pool_free(t);
	return 0;
}

void thread_detach(struct thread *t)
{
	unsigned long flags = local_irq_save();
	bool free_it;

	raw_spin_lock(&t->lock);
	t->detached = true;
	/* Exited and switched away already (finish_switch() saw detached == false): free here. */
	free_it = t->state == THREAD_ZOMBIE && !smp_load_acquire(&t->on_cpu);
	if (free_it)
		t->state = THREAD_DEAD;
	raw_spin_unlock(&t->lock);
	local_irq_restore(flags);
	if (free_it)
		thread_pool_free(t);
}

const char *thread_state_name(enum thread_state state)
{
	static const char *const names[] = {
		[THREAD_RUNNING] = "RUNNING", [THREAD_READY] = "READY",
		[THREAD_BLOCKED] = "BLOCKED", [THREAD_SLEEPING] = "SLEEPING",
		[THREAD_ZOMBIE] = "ZOMBIE",   [THREAD_DEAD] = "DEAD",
	};

	return (unsigned int)state < ARRAY_SIZE(names) ? names[state] : "?";
}
