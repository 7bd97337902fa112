/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the files of kernel/sched/ share: the per-CPU run queue and the
 * thread pool. See core.c for the design.
 */
#ifndef KERNEL_SCHED_INTERNAL_H
#define KERNEL_SCHED_INTERNAL_H

#include <asm/percpu.h>
#include <avatar/sched.h>
#include <avatar/spinlock.h>
#include <avatar/thread.h>
#include <avatar/time.h>

#include "runqueue.h"

_Static_assert(THREAD_NR_PRIO == PRIOQ_LEVELS, "one run queue level per priority");

/* Written at the bottom of every pool stack; checked at each switch. */
#define THREAD_STACK_MAGIC 0x57ac6b0770a5fe11ULL

/* Time slice: one tick of the round-robin timer. */
#define SCHED_SLICE_NS (NSEC_PER_SEC / CONFIG_HZ)

struct rq {
	spinlock_t lock; /* ready, curr, the queued threads' cpu and on_rq */
	struct prioq ready;
	struct thread *curr;
	struct thread *idle;
	bool online;
	bool slice_expired; /* the tick says: curr goes to the back of its level */
	bool tick_armed;    /* only touched by this CPU, IRQs masked */
	u64 slice_start_ns; /* when curr's time slice began (this CPU only) */
	struct ktimer tick;
	u64 last_switch_ns; /* when curr was switched in (CPU time accounting) */
	u64 online_ns;
	u64 switches;
	u64 overtaken; /* blocking threads already woken and picked elsewhere (core.c) */
} __aligned(64);

extern struct rq runqueues[CONFIG_NR_CPUS];
extern struct thread idle_threads[CONFIG_NR_CPUS];

static inline struct rq *this_rq(void)
{
	return &runqueues[arch_cpu_id()];
}

static inline struct thread *thread_of_ctx(struct arch_context *ctx)
{
	return container_of(ctx, struct thread, ctx);
}

/* The switch itself, IRQs masked (core.c). */
void __schedule(bool to_tail);
/* Preemption point: switch if the current thread should and may be switched out. */
void sched_preempt_point(void);

/* Thread pool (thread_pool.c). */
void thread_pool_init(void);
struct thread *thread_pool_alloc(void);
void thread_pool_free(struct thread *t);
struct thread *thread_pool_get(unsigned int slot);

/* Time-outs of blocked threads (sleep.c). */
void sched_timeout_init(void);
void sched_timeout_arm(struct thread *t, u64 deadline_ns);
void sched_timeout_cancel(struct thread *t);

#endif /* KERNEL_SCHED_INTERNAL_H */
