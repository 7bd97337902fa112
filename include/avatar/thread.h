/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel threads.
 *
 * Every thread has its own kernel stack and a fixed priority from 0
 * (highest) to THREAD_PRIO_LOWEST; the scheduler (<avatar/sched.h>)
 * always runs the highest-priority READY thread a CPU may run and shares
 * a CPU round robin among threads of equal priority. A thread's
 * effective priority may be raised above its base priority while it
 * holds a mutex a higher-priority thread waits for (<avatar/mutex.h>).
 *
 * States:
 *	READY		on a run queue, waiting for its CPU
 *	RUNNING		on a CPU
 *	BLOCKED		waiting for an event (wait queue, mutex, join)
 *	SLEEPING	waiting for a time (thread_sleep_*)
 *	ZOMBIE		exited, waiting to be joined
 *	DEAD		joined (or detached and exited): its slot is free
 *
 * Control blocks and stacks come from a static pool of CONFIG_MAX_THREADS
 * slots of CONFIG_THREAD_STACK_SIZE bytes (kernel/sched/thread_pool.c)
 * until kmalloc is available at boot. Each CPU also has an idle thread,
 * which is the CPU's boot context and is not in the pool.
 */
#ifndef AVATAR_THREAD_H
#define AVATAR_THREAD_H

#include <asm/percpu.h>
#include <asm/switch.h>
#include <avatar/compiler.h>
#include <avatar/list.h>
#include <avatar/spinlock.h>
#include <avatar/types.h>
#include <avatar/waitqueue.h>

#define THREAD_NR_PRIO	    32 /* priority levels */
#define THREAD_PRIO_HIGHEST 0
#define THREAD_PRIO_DEFAULT 16
#define THREAD_PRIO_LOWEST  (THREAD_NR_PRIO - 1)
#define THREAD_PRIO_IDLE    THREAD_NR_PRIO /* idle threads only: below every other */

#define THREAD_NAME_LEN 16

/* CPU affinity: bit n set = may run on logical CPU n. */
typedef unsigned long cpumask_t;
#define CPUMASK_ALL    ((cpumask_t)((1UL << CONFIG_NR_CPUS) - 1))
#define CPUMASK_CPU(n) ((cpumask_t)1 << (n))

enum thread_state {
	THREAD_RUNNING,
	THREAD_READY,
	THREAD_BLOCKED,
	THREAD_SLEEPING,
	THREAD_ZOMBIE,
	THREAD_DEAD,
};

/* A thread's body; its return value is the exit code (as thread_exit()). */
typedef int (*thread_fn)(void *arg);

struct mutex;
struct aspace;
struct process;

struct thread {
	struct arch_context ctx; /* saved registers while switched out */
	/*
	 * The CPU running it, for arch_cpu_id(): written only by the CPU
	 * that switches to it, just before it does (unlike 'cpu', which a
	 * waker on another CPU may change while it is still switching out).
	 */
	unsigned int running_cpu;

	/*
	 * lock orders the state changes of this thread: blocking, waking,
	 * exiting, affinity changes. Lock order: mutex_pi_lock, then
	 * thread.lock, then one run queue lock (two in CPU order).
	 */
	spinlock_t lock;
	enum thread_state state;
	unsigned int cpu;  /* run queue it is on / CPU it runs or last ran on */
	int on_cpu;	   /* 1 from being picked until its CPU has switched away */
	bool on_rq;	   /* queued in cpu's run queue (state READY) */
	bool need_resched; /* switch at the next preemption point */
	bool migrate;	   /* switched out because its affinity excludes its CPU */
	bool detached;	   /* free the slot at exit, nobody joins */
	bool is_idle;
	unsigned int preempt_count;

	unsigned int id;
	char name[THREAD_NAME_LEN];
	int base_prio; /* set by thread_create / thread_set_priority */
	int prio;      /* effective: base, or higher by priority inheritance */
	int rq_prio;   /* level it is queued at, while on_rq */
	cpumask_t affinity;

	struct list_head rq_node;   /* run queue level list */
	struct list_head wait_node; /* a wait queue's or a mutex's waiter list */

	/* Priority inheritance (kernel/sched/mutex.c, under mutex_pi_lock). */
	struct mutex *blocked_on;    /* mutex it waits for */
	struct list_head pi_mutexes; /* mutexes it owns that have waiters */

	u64 runtime_ns; /* CPU time consumed */
	u64 switches;	/* times it was switched in */
	u64 timer_seq;	/* bumped by each time-out armed, see sleep.c */

	thread_fn fn;
	void *arg;
	int exit_code;
	struct waitqueue join_wq; /* joiners wait here for ZOMBIE */

	/*
	 * Called by the scheduler on the thread's CPU, IRQs masked, each time
	 * it is switched out (NULL: nothing). A vCPU thread saves the guest
	 * state it keeps in the CPU while it runs (hypervisor/arch/arm64/switch.c).
	 * Set and cleared by the thread itself (thread_set_switch_out()).
	 */
	void (*switch_out)(struct thread *t);

	/* User processes (kernel/user/): NULL for kernel threads. */
	struct aspace *aspace;	 /* loaded when switched to (<avatar/aspace.h>) */
	struct process *process; /* the process this thread runs */

	unsigned int slot; /* index in the thread pool */
	uintptr_t stack_base;
	size_t stack_size;
};

/*
 * Create a thread running fn(arg) at priority prio, allowed on the CPUs
 * of affinity (masked with the CPUs that exist; 0 means all). It is
 * READY when this returns and may already be running. NULL if the pool
 * is exhausted or the arguments are invalid.
 */
struct thread *thread_create(const char *name, thread_fn fn, void *arg, int prio,
			     cpumask_t affinity);
/* The current thread's switch-out hook (struct thread.switch_out); NULL removes it. */
void thread_set_switch_out(void (*fn)(struct thread *t));
/* End the current thread with an exit code (returning from fn does the same). */
void thread_exit(int code) __noreturn;
/* Wait for t to exit, store its code in *code (if not NULL) and free it. 0, or -1 for a bad t. */
int thread_join(struct thread *t, int *code);
/* Nobody will join t: its slot is freed when it exits. */
void thread_detach(struct thread *t);
/* Give the CPU to another READY thread of the same or higher priority, if any. */
void thread_yield(void);
/* Sleep at least ns nanoseconds / until time_now_ns() >= deadline. */
void thread_sleep_ns(u64 ns);
void thread_sleep_until(u64 deadline_ns);
/* Change the base priority (the effective one follows, see mutex.h). 0 or -1. */
int thread_set_priority(struct thread *t, int prio);
/* Change the CPUs t may run on; a running t moves at once. 0 or -1 (empty mask). */
int thread_set_affinity(struct thread *t, cpumask_t affinity);
const char *thread_state_name(enum thread_state state);

/* Threads in the pool that are not DEAD (idle threads not counted). */
unsigned int thread_count(void);
/* Call fn for each thread (idle threads included) with the pool locked; fn must not block. */
void thread_for_each(void (*fn)(struct thread *t, void *arg), void *arg);

/* The running thread (TPIDR_ELx, see <asm/percpu.h>). */
static inline struct thread *thread_current(void)
{
	return arch_current_thread();
}

#endif /* AVATAR_THREAD_H */
