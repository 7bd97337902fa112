// SPDX-License-Identifier: GPL-2.0
/*
 * The scheduler core: run queues, picking, switching, waking, preemption.
 *
 * Run queues. Each CPU has a struct rq: a priority queue of its READY
 * threads (32 FIFO levels and a bitmap, runqueue.c), the running thread
 * (curr) and an idle thread that runs when the queue is empty. The
 * running thread is not in the queue. A CPU picks the first thread of
 * its highest non-empty level; equal priorities share the CPU round
 * robin: while anything waits in the queue a per-CPU ktimer ticks every
 * 1/CONFIG_HZ and, if a thread of the same or higher priority waits,
 * sends the running one to the back of its level. With nothing waiting
 * the tick is not re-armed (tickless).
 *
 * Locks (order): a thread's lock, then a run queue lock; two run queue
 * locks in CPU order. thread.lock serialises a thread's own state
 * changes (block, wake, exit, affinity); rq.lock protects the queue,
 * curr, and the cpu/on_rq of queued threads (READY -> RUNNING happens
 * under the rq lock alone). Scheduler code runs with IRQs masked and
 * uses raw locks: preemption counting would recurse into it.
 *
 * Switching. __schedule() decides under the locks, drops them, then
 * switches. A thread switched out stays "on_cpu" until the CPU is off
 * its stack (finish_switch() clears it, on the next thread's stack); a
 * CPU about to run a thread waits for on_cpu to clear, so a thread woken
 * or stolen by another CPU in that window is never run twice at once.
 * A thread that blocks can be woken, queued and even picked by another
 * CPU (state RUNNING, cpu that CPU) before its own CPU's __schedule()
 * takes its lock: that __schedule() queues it again only if it is
 * RUNNING with cpu still its own (preempted), never in that case.
 *
 * Waking (sched_wake): BLOCKED/SLEEPING -> READY on the waker's CPU if
 * allowed and idle, else the least loaded allowed CPU (ties: the thread's
 * previous CPU). If it beats the running thread there, that one gets
 * need_resched, and a remote CPU an IPI_RESCHEDULE; a remote CPU without
 * a running tick gets the IPI too, to start its round-robin tick.
 *
 * Preemption points: the end of every interrupt (sched_irq_exit), the
 * moment preemption is re-enabled (preempt_enable, spin_unlock) and
 * after a wake-up, each only with IRQs enabled and the preemption count
 * at zero. A preempted thread keeps its place at the front of its level;
 * one whose slice expired, or which yields, goes to the back.
 *
 * Balancing: an idle CPU pulls the best READY thread it may run from the
 * CPU with the most waiting threads; a CPU that queues a thread while
 * another CPU is idle sends that CPU an IPI so it comes and pulls.
 */
#define pr_fmt(fmt) "sched: " fmt

#include <asm/barrier.h>
#include <asm/cmpxchg.h>
#include <avatar/aspace.h>
#include <avatar/ipi.h>
#include <avatar/irq.h>
#include <avatar/panic.h>
#include <avatar/printk.h>
#include <avatar/sched.h>
#include <avatar/smp.h>
#include <avatar/string.h>

#include "sched_internal.h"

#include <stddef.h>

#define NO_CPU (~0U)

struct rq runqueues[CONFIG_NR_CPUS];
struct thread idle_threads[CONFIG_NR_CPUS];
static cpumask_t online_mask; /* CPUs taking threads */
static cpumask_t idle_mask;   /* CPUs running their idle thread */

static bool sched_started;

/* head.S points each CPU's TPIDR_ELx at &idle_threads[cpu] with this. */
const size_t sched_thread_size = sizeof(struct thread);
_Static_assert(offsetof(struct thread, running_cpu) == THREAD_CPU_OFFSET, "see <asm/percpu.h>");

static void mask_set(cpumask_t *mask, unsigned int cpu)
{
	arch_atomic_or(mask, CPUMASK_CPU(cpu));
}

static void mask_clear(cpumask_t *mask, unsigned int cpu)
{
	arch_atomic_and(mask, ~CPUMASK_CPU(cpu));
}

/* --- run queue operations (rq lock held) -------------------------------- */

static void enqueue(struct rq *rq, struct thread *t, bool to_tail)
{
	t->rq_prio = t->prio;
	if (to_tail)
		prioq_add_tail(&rq->ready, &t->rq_node, t->rq_prio);
	else
		prioq_add_head(&rq->ready, &t->rq_node, t->rq_prio);
	t->on_rq = true;
}

static void dequeue(struct rq *rq, struct thread *t)
{
	prioq_remove(&rq->ready, &t->rq_node, t->rq_prio);
	t->on_rq = false;
}

static struct thread *pick_next(struct rq *rq)
{
	struct list_head *node = prioq_pop(&rq->ready, NULL);
	struct thread *t;

	if (!node)
		return rq->idle;
	t = list_entry(node, struct thread, rq_node);
	t->on_rq = false;
	return t;
}

/* Lock the run queue t is on (t->cpu may change until we hold it). */
static struct rq *task_rq_lock(struct thread *t)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(t->cpu);
		struct rq *rq = &runqueues[cpu];

		raw_spin_lock(&rq->lock);
		if (READ_ONCE(t->cpu) == cpu)
			return rq;
		raw_spin_unlock(&rq->lock);
	}
}

static void double_rq_lock(struct rq *a, struct rq *b)
{
	if (a > b) {
		struct rq *tmp = a;

		a = b;
		b = tmp;
	}
	raw_spin_lock(&a->lock);
	if (b != a)
		raw_spin_lock(&b->lock);
}

static void double_rq_unlock(struct rq *a, struct rq *b)
{
	raw_spin_unlock(&a->lock);
	if (b != a)
		raw_spin_unlock(&b->lock);
}

/* Threads that would like to run here: waiting ones plus a non-idle running one. */
static unsigned int rq_load(struct rq *rq)
{
	return READ_ONCE(rq->ready.nr) + !READ_ONCE(rq->curr)->is_idle;
}

static void kick_cpu(unsigned int cpu)
{
	if (cpu != arch_cpu_id())
		smp_send_ipi(cpu, IPI_RESCHEDULE);
}

/* Threads wait on rq: wake one idle CPU, which pulls (idle_pull). */
static void kick_idle_cpu(struct rq *rq)
{
	cpumask_t idle = READ_ONCE(idle_mask) & READ_ONCE(online_mask);

	if (!idle || !READ_ONCE(rq->ready.nr))
		return;
	kick_cpu((unsigned int)__builtin_ctzl(idle));
}

/* --- the round-robin tick ------------------------------------------------ */

/*
 * Arm this CPU's tick if a thread waits behind a running one and it is
 * not armed yet: a full slice from now. IRQs masked. A switch does not
 * restart an armed tick (reprogramming the timer at every switch would
 * double the cost of a switch): it only records where the new thread's
 * slice starts, and sched_tick() re-arms for the rest of it.
 */
static void update_tick(struct rq *rq)
{
	bool need = READ_ONCE(rq->ready.nr) && !rq->curr->is_idle;

	if (need && !rq->tick_armed) {
		rq->tick_armed = true;
		rq->slice_start_ns = time_now_ns();
		ktimer_start(&rq->tick, rq->slice_start_ns + SCHED_SLICE_NS);
	}
	/* Not needed any more: let it fire once and not re-arm (cheaper than cancelling). */
}

static void sched_tick(struct ktimer *kt)
{
	struct rq *rq = container_of(kt, struct rq, tick);
	int best;

	rq->tick_armed = false;
	if (time_now_ns() - rq->slice_start_ns < SCHED_SLICE_NS) {
		/* The thread switched in after the tick was armed: the rest of its slice. */
		rq->tick_armed = true;
		ktimer_start(&rq->tick, rq->slice_start_ns + SCHED_SLICE_NS);
		return;
	}
	raw_spin_lock(&rq->lock);
	best = prioq_best(&rq->ready);
	if (best >= 0 && best <= rq->curr->prio) {
		rq->curr->need_resched = true;
		rq->slice_expired = true;
	}
	raw_spin_unlock(&rq->lock);
	kick_idle_cpu(rq);
	/* sched_irq_exit() switches, or re-arms the tick. */
}

/* --- switching ----------------------------------------------------------- */

static unsigned int select_cpu(struct thread *t);
static void activate(struct thread *t);

/* On the new thread's stack, IRQs masked: release prev. */
static void finish_switch(struct thread *prev)
{
	struct rq *rq = this_rq();
	bool free_it = false;

	raw_spin_lock(&prev->lock);
	smp_store_release(&prev->on_cpu, 0); /* its stack and registers are ours no more */
	if (prev->migrate) {
		prev->migrate = false;
		activate(prev);
	} else if (prev->state == THREAD_ZOMBIE && prev->detached) {
		prev->state = THREAD_DEAD;
		free_it = true;
	}
	raw_spin_unlock(&prev->lock);
	if (free_it)
		thread_pool_free(prev);
	rq->slice_start_ns = rq->last_switch_ns; /* a full slice for the thread switched in */
	update_tick(rq);
	kick_idle_cpu(rq);
}

static void check_stack(struct thread *t)
{
	if (t->stack_base && *(u64 *)t->stack_base != THREAD_STACK_MAGIC)
		panic("thread %u (%s) overflowed its stack", t->id, t->name);
}

/*
 * The context about to be loaded must be one the thread saved: SP on its
 * stack, a return address in the kernel. A corrupt one would run on
 * someone else's memory; stop here, naming the thread, instead.
 */
static void check_context(struct thread *t)
{
	if (!t->stack_base) /* an idle thread on its boot stack */
		return;
	if (!arch_context_sane(&t->ctx, t->stack_base, t->stack_base + t->stack_size))
		panic("thread %u (%s, slot %u, state %s) has a corrupt saved context: sp 0x%llx "
		      "lr 0x%llx fp 0x%llx, stack 0x%lx-0x%lx",
		      t->id, t->name, t->slot, thread_state_name(t->state),
		      (unsigned long long)t->ctx.sp, (unsigned long long)t->ctx.lr,
		      (unsigned long long)t->ctx.fp, (unsigned long)t->stack_base,
		      (unsigned long)(t->stack_base + t->stack_size));
}

void __schedule(bool to_tail)
{
	unsigned int cpu = arch_cpu_id();
	struct rq *rq = &runqueues[cpu];
	struct thread *prev = rq->curr, *next;
	enum thread_state prev_state;
	u64 now;

	if (prev->preempt_count && prev->state != THREAD_RUNNING)
		panic("%s blocks with preemption disabled (%u)", prev->name, prev->preempt_count);
	check_stack(prev);

	raw_spin_lock(&prev->lock);
	raw_spin_lock(&rq->lock);
	prev->need_resched = false;
	prev_state = READ_ONCE(prev->state);
	if (prev->is_idle) {
		prev->state = THREAD_READY; /* for ps: it is never queued */
	} else if (prev_state == THREAD_RUNNING && READ_ONCE(prev->cpu) == cpu) {
		/*
		 * Preempted (or yielding): queued here again. Not so a thread
		 * that was on its way to block: a waker may have queued it on
		 * another CPU meanwhile (READY, left alone here) and that CPU
		 * may even have picked it already (RUNNING there, cpu its id),
		 * waiting for on_cpu to clear. Queued again here, it would be
		 * run by two CPUs at once on one stack.
		 */
		prev->state = THREAD_READY;
		if (prev->affinity & CPUMASK_CPU(cpu))
			enqueue(rq, prev, to_tail || rq->slice_expired);
		else
			prev->migrate = true; /* placed elsewhere by finish_switch() */
	} else if (prev_state == THREAD_RUNNING) {
		rq->overtaken++; /* picked by another CPU already: it runs it once this one is off */
	}
	rq->slice_expired = false;
	next = pick_next(rq);
	WRITE_ONCE(next->state, THREAD_RUNNING); /* read by its previous CPU's __schedule() */
	WRITE_ONCE(next->cpu, cpu);
	now = time_now_ns();
	prev->runtime_ns += now - rq->last_switch_ns;
	rq->last_switch_ns = now;
	rq->curr = next;
	raw_spin_unlock(&rq->lock);
	raw_spin_unlock(&prev->lock);

	if (next == prev) {
		update_tick(rq);
		return;
	}
	if (next->is_idle)
		mask_set(&idle_mask, cpu);
	else if (prev->is_idle)
		mask_clear(&idle_mask, cpu);
	rq->switches++;
	next->switches++;
	if (prev->switch_out) /* still on prev's CPU, as prev: it saves what it keeps in the CPU */
		prev->switch_out(prev);

	/* Another CPU may still be switching away from next: wait until it is off its stack. */
	while (smp_load_acquire(&next->on_cpu))
		cpu_relax();
	check_context(next);
	next->on_cpu = 1;
	next->running_cpu = cpu;
	arch_set_current_thread(next);
	if (unlikely(prev->aspace != next->aspace))
		aspace_switch(next->aspace);
	prev = thread_of_ctx(arch_context_switch(&prev->ctx, &next->ctx));
	finish_switch(prev);
}

void schedule(void)
{
	unsigned long flags = arch_local_irq_save();

	__schedule(false);
	arch_local_irq_restore(flags);
}

void thread_yield(void)
{
	unsigned long flags = arch_local_irq_save();

	__schedule(true);
	arch_local_irq_restore(flags);
}

/* Called by the first switch to a new thread (arch_thread_start). */
void sched_thread_start(struct arch_context *prev_ctx) __noreturn;
void sched_thread_start(struct arch_context *prev_ctx)
{
	struct thread *self;

	finish_switch(thread_of_ctx(prev_ctx));
	local_irq_enable();
	self = thread_current();
	thread_exit(self->fn(self->arg));
}

void sched_preempt_point(void)
{
	unsigned long flags;
	struct thread *t;

	if (arch_irqs_disabled())
		return;
	flags = arch_local_irq_save();
	t = runqueues[arch_cpu_id()].curr;
	if (t && t->need_resched && !t->preempt_count && sched_started)
		__schedule(false);
	arch_local_irq_restore(flags);
}

/* --- waking and placement ------------------------------------------------ */

static unsigned int select_cpu(struct thread *t)
{
	unsigned int this = arch_cpu_id(), cpu, best = NO_CPU, best_load = ~0U;
	cpumask_t allowed = t->affinity & READ_ONCE(online_mask);
	struct rq *rq = &runqueues[this];

	if (!allowed) /* only offline CPUs allowed: wait on the first one's queue */
		return (unsigned int)__builtin_ctzl(t->affinity);
	if ((allowed & CPUMASK_CPU(this)) && READ_ONCE(rq->curr)->is_idle &&
	    !READ_ONCE(rq->ready.nr))
		return this;
	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		unsigned int load;

		if (!(allowed & CPUMASK_CPU(cpu)))
			continue;
		load = rq_load(&runqueues[cpu]);
		if (load < best_load || (load == best_load && cpu == t->cpu)) {
			best = cpu;
			best_load = load;
		}
	}
	return best;
}

/* t->lock held, IRQs masked, t on no queue: make it READY somewhere. */
static void activate(struct thread *t)
{
	unsigned int cpu = select_cpu(t);
	struct rq *rq = &runqueues[cpu];
	bool kick = false;

	raw_spin_lock(&rq->lock);
	t->cpu = cpu;
	t->state = THREAD_READY;
	enqueue(rq, t, true);
	if (t->prio < rq->curr->prio) {
		rq->curr->need_resched = true;
		kick = true;
	} else if (!READ_ONCE(rq->tick_armed)) {
		kick = true; /* that CPU starts its round-robin tick in sched_irq_exit() */
	}
	raw_spin_unlock(&rq->lock);
	if (cpu == arch_cpu_id())
		update_tick(rq);
	else if (kick)
		kick_cpu(cpu);
}

bool sched_wake(struct thread *t)
{
	unsigned long flags = arch_local_irq_save();
	bool woken = false;

	raw_spin_lock(&t->lock);
	if (t->state == THREAD_BLOCKED || t->state == THREAD_SLEEPING) {
		activate(t);
		woken = true;
	}
	raw_spin_unlock(&t->lock);
	arch_local_irq_restore(flags);
	if (woken)
		sched_preempt_point();
	return woken;
}

void sched_prepare_block(enum thread_state state)
{
	struct thread *t = thread_current();

	raw_spin_lock(&t->lock);
	t->state = state;
	raw_spin_unlock(&t->lock);
}

void sched_block(u64 deadline_ns)
{
	struct thread *t = thread_current();

	if (t->is_idle)
		panic("the idle thread of CPU%u tried to block", t->cpu);
	if (deadline_ns != WAIT_FOREVER)
		sched_timeout_arm(t, deadline_ns);
	__schedule(false);
	if (deadline_ns != WAIT_FOREVER)
		sched_timeout_cancel(t);
}

/* --- priority and affinity changes -------------------------------------- */

void sched_set_prio(struct thread *t, int prio)
{
	unsigned long flags = arch_local_irq_save();
	struct rq *rq;
	bool kick = false;

	raw_spin_lock(&t->lock);
	rq = task_rq_lock(t);
	if (t->on_rq) {
		dequeue(rq, t);
		t->prio = prio;
		enqueue(rq, t, true);
		if (prio < rq->curr->prio) {
			rq->curr->need_resched = true;
			kick = true;
		}
	} else if (t->state == THREAD_RUNNING) {
		int best = prioq_best(&rq->ready);

		t->prio = prio;
		if (best >= 0 && best < prio) {
			t->need_resched = true;
			kick = true;
		}
	} else {
		t->prio = prio;
	}
	raw_spin_unlock(&rq->lock);
	raw_spin_unlock(&t->lock);
	if (kick)
		kick_cpu(t->cpu);
	arch_local_irq_restore(flags);
}

int thread_set_affinity(struct thread *t, cpumask_t affinity)
{
	unsigned long flags;
	struct rq *rq;
	bool kick = false;

	affinity &= CPUMASK_ALL;
	if (!t || !affinity || t->is_idle)
		return -1;
	flags = arch_local_irq_save();
	raw_spin_lock(&t->lock);
	t->affinity = affinity;
	rq = task_rq_lock(t);
	if (!(affinity & CPUMASK_CPU(t->cpu))) {
		if (t->on_rq) {
			dequeue(rq, t);
			raw_spin_unlock(&rq->lock);
			activate(t);
			rq = NULL;
		} else if (t->state == THREAD_RUNNING) {
			t->need_resched = true; /* __schedule() moves it */
			kick = true;
		}
	}
	if (rq)
		raw_spin_unlock(&rq->lock);
	raw_spin_unlock(&t->lock);
	if (kick)
		kick_cpu(t->cpu);
	arch_local_irq_restore(flags);
	sched_preempt_point();
	return 0;
}

/* --- idle and balancing --------------------------------------------------- */

static bool allowed_here(struct list_head *node, void *arg)
{
	struct thread *t = list_entry(node, struct thread, rq_node);

	return t->affinity & CPUMASK_CPU((unsigned int)(uintptr_t)arg);
}

/* IRQs masked, this CPU idle: take a READY thread from the busiest queue. */
static void idle_pull(struct rq *rq, unsigned int this)
{
	unsigned int cpu, busiest = NO_CPU, most = 0;
	struct list_head *node;
	struct rq *src;
	struct thread *t;

	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		unsigned int nr = READ_ONCE(runqueues[cpu].ready.nr);

		if (cpu != this && runqueues[cpu].online && nr > most) {
			busiest = cpu;
			most = nr;
		}
	}
	if (busiest == NO_CPU)
		return;
	src = &runqueues[busiest];
	double_rq_lock(rq, src);
	node = prioq_find(&src->ready, allowed_here, (void *)(uintptr_t)this, NULL);
	if (node) {
		t = list_entry(node, struct thread, rq_node);
		dequeue(src, t);
		t->cpu = this;
		enqueue(rq, t, true);
	}
	double_rq_unlock(rq, src);
}

static void sched_cpu_online(unsigned int cpu)
{
	struct rq *rq = &runqueues[cpu];

	rq->online_ns = rq->last_switch_ns = time_now_ns();
	rq->curr = rq->idle;
	smp_store_release(&rq->online, true);
	mask_set(&idle_mask, cpu);
	mask_set(&online_mask, cpu);
}

void sched_idle_loop(void)
{
	unsigned int cpu = arch_cpu_id();
	struct rq *rq = &runqueues[cpu];

	if (!rq->online)
		sched_cpu_online(cpu);
	for (;;) {
		local_irq_disable();
		if (!READ_ONCE(rq->ready.nr))
			idle_pull(rq, cpu);
		if (READ_ONCE(rq->ready.nr) || rq->idle->need_resched) {
			__schedule(false);
		} else {
			/* WFI with IRQs masked still wakes on a pending IRQ, taken below: no lost wake-up. */
			dsb(sy);
			wfi();
		}
		local_irq_enable();
	}
}

/* --- IRQ hooks ------------------------------------------------------------ */

void sched_irq_exit(void)
{
	struct rq *rq = this_rq();
	struct thread *curr = rq->curr;

	if (!curr || !rq->online)
		return;
	if (curr->need_resched && !curr->preempt_count)
		__schedule(false);
	else
		update_tick(rq);
}

/* The waker has set need_resched already; sched_irq_exit() acts on it. */
void sched_ipi_reschedule(void)
{
}

/* --- start-up and statistics --------------------------------------------- */

static void idle_thread_init(unsigned int cpu)
{
	struct thread *t = &idle_threads[cpu];
	struct rq *rq = &runqueues[cpu];

	spin_lock_init(&t->lock);
	t->state = THREAD_RUNNING;
	t->cpu = t->running_cpu = cpu;
	t->on_cpu = 1;
	t->is_idle = true;
	t->id = cpu;
	strlcpy(t->name, "idle/", sizeof(t->name));
	t->name[5] = (char)('0' + cpu);
	t->name[6] = '\0';
	t->base_prio = t->prio = THREAD_PRIO_IDLE;
	t->affinity = CPUMASK_CPU(cpu);
	list_init(&t->rq_node);
	list_init(&t->wait_node);
	list_init(&t->pi_mutexes);
	waitqueue_init(&t->join_wq);

	spin_lock_init(&rq->lock);
	prioq_init(&rq->ready);
	rq->idle = t;
	ktimer_init(&rq->tick, sched_tick);
}

void sched_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		idle_thread_init(cpu);
	thread_pool_init();
	sched_timeout_init();
	sched_cpu_online(arch_cpu_id());
	/* Secondaries use their idle thread's counters from their first printk on. */
	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		runqueues[cpu].curr = runqueues[cpu].idle;
	sched_started = true;
	pr_info("%u priorities, %u Hz time slice, %u thread slots of %u KiB\n", THREAD_NR_PRIO,
		CONFIG_HZ, CONFIG_MAX_THREADS, CONFIG_THREAD_STACK_SIZE / 1024);
}

void sched_cpu_stats(unsigned int cpu, struct sched_cpu_stats *st)
{
	struct rq *rq = &runqueues[cpu];
	unsigned long flags;
	u64 now;

	*st = (struct sched_cpu_stats){0};
	if (cpu >= CONFIG_NR_CPUS || !smp_load_acquire(&rq->online))
		return;
	flags = arch_local_irq_save();
	raw_spin_lock(&rq->lock);
	now = time_now_ns();
	st->online = true;
	st->nr_ready = rq->ready.nr;
	st->busy = !rq->curr->is_idle;
	st->idle_ns = rq->idle->runtime_ns + (rq->curr->is_idle ? now - rq->last_switch_ns : 0);
	st->online_ns = now - rq->online_ns;
	st->switches = rq->switches;
	st->overtaken = rq->overtaken;
	raw_spin_unlock(&rq->lock);
	arch_local_irq_restore(flags);
}
