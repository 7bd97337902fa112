/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scheduler (kernel/sched/core.c, design in docs/scheduler.md):
 * per-CPU run queues of fixed-priority levels, round robin within a
 * level by a CONFIG_HZ time slice, preemption on wake-up and at the end
 * of interrupts, affinity masks and idle-pull load balancing.
 *
 * Boot: start_kernel() calls sched_init() (the boot context becomes CPU0's
 * idle thread), creates its first threads and ends in sched_idle_loop();
 * each secondary CPU ends in sched_idle_loop() too.
 */
#ifndef AVATAR_SCHED_H
#define AVATAR_SCHED_H

#include <avatar/compiler.h>
#include <avatar/thread.h>
#include <avatar/types.h>

void sched_init(void);
/* This CPU's boot context becomes its idle thread: take threads from now on. */
void sched_idle_loop(void) __noreturn;

/* Give up the CPU; the current thread's state says whether it comes back (RUNNING). */
void schedule(void);

/*
 * Make a BLOCKED or SLEEPING thread READY on a CPU chosen by its
 * affinity and the load, preempting there if it has a higher priority.
 * false if t was not blocked or sleeping. Any context, IRQs included.
 */
bool sched_wake(struct thread *t);

/*
 * Blocking, in two halves so that a caller can publish itself on a wait
 * list under its own lock first: with IRQs masked, sched_prepare_block()
 * marks the current thread BLOCKED (or SLEEPING); the caller drops its
 * locks; sched_block() switches away until sched_wake() or the absolute
 * deadline (WAIT_FOREVER for none). Returns with IRQs still masked.
 */
void sched_prepare_block(enum thread_state state);
void sched_block(u64 deadline_ns);

/* Effective priority change (PI, set_priority): requeue and preempt as needed. */
void sched_set_prio(struct thread *t, int prio);

/* Hooks of the IRQ core (<avatar/irq.h>, <avatar/ipi.h>). */
void sched_irq_exit(void);
void sched_ipi_reschedule(void);

struct sched_cpu_stats {
	bool online;
	unsigned int nr_ready; /* READY threads queued */
	bool busy;	       /* a thread other than idle is running */
	u64 idle_ns;	       /* time in the idle thread */
	u64 online_ns;	       /* time since the CPU joined the scheduler */
	u64 switches;
	u64 overtaken; /* threads blocking here that a wake-up had queued and picked elsewhere */
};
void sched_cpu_stats(unsigned int cpu, struct sched_cpu_stats *st);

#endif /* AVATAR_SCHED_H */
