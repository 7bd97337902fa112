// SPDX-License-Identifier: GPL-2.0
/*
 * Scheduler self tests: priority preemption, round robin, affinity and
 * migration, sleep accuracy, and creating/joining many threads.
 */
#include <avatar/irq.h>
#include <avatar/printk.h>
#include <avatar/sched.h>
#include <avatar/semaphore.h>
#include <avatar/smp.h>
#include <avatar/thread.h>
#include <avatar/time.h>
#include <avatar/waitqueue.h>

#include "selftest.h"

#define PRIO_LOW  20
#define PRIO_HIGH 5

/* --- preempt: a high-priority thread woken by a low one runs at once ---- */

static struct semaphore preempt_sem;
static struct st_log preempt_log;

static int preempt_high(void *arg)
{
	(void)arg;
	sem_down(&preempt_sem);
	st_log(&preempt_log, 'H');
	return 0;
}

static int preempt_low(void *arg)
{
	(void)arg;
	st_log(&preempt_log, 'l');
	sem_up(&preempt_sem); /* H must run before this returns */
	st_log(&preempt_log, 'L');
	return 0;
}

const char *test_preempt(void)
{
	unsigned int cpu = st_cpu(st_nr_cpus() - 1);
	struct thread *h, *l;

	sem_init(&preempt_sem, 0);
	preempt_log.n = 0;
	h = thread_create("st-high", preempt_high, NULL, PRIO_HIGH, CPUMASK_CPU(cpu));
	if (!h || !st_wait_state(h, THREAD_BLOCKED, 1000))
		return st_fail("the high-priority thread did not block on the semaphore");
	l = thread_create("st-low", preempt_low, NULL, PRIO_LOW, CPUMASK_CPU(cpu));
	thread_join(l, NULL);
	thread_join(h, NULL);
	if (preempt_log.n != 3 || st_log_pos(&preempt_log, 'l') != 0 ||
	    st_log_pos(&preempt_log, 'H') != 1 || st_log_pos(&preempt_log, 'L') != 2)
		return st_fail("order %.3s, expected lHL", preempt_log.ev);
	return NULL;
}

/* --- rr: equal priorities share a CPU by time slices ---------------------- */

#define RR_THREADS   3
#define RR_RUN_NS    (300 * NSEC_PER_MSEC)
#define RR_MIN_TURNS 3

static volatile int rr_last;
static unsigned int rr_turns[RR_THREADS];
static u64 rr_end;

static int rr_spin(void *arg)
{
	int me = (int)(uintptr_t)arg;

	while (time_now_ns() < rr_end) { /* never yields: only the tick switches us */
		if (rr_last != me) {
			rr_last = me;
			rr_turns[me]++;
		}
	}
	return 0;
}

const char *test_round_robin(void)
{
	unsigned int cpu = st_cpu(st_nr_cpus() - 1), i;
	struct thread *t[RR_THREADS];

	rr_last = -1;
	rr_end = time_now_ns() + RR_RUN_NS;
	for (i = 0; i < RR_THREADS; i++) {
		rr_turns[i] = 0;
		t[i] = thread_create("st-rr", rr_spin, (void *)(uintptr_t)i, PRIO_LOW,
				     CPUMASK_CPU(cpu));
	}
	for (i = 0; i < RR_THREADS; i++)
		thread_join(t[i], NULL);
	for (i = 0; i < RR_THREADS; i++)
		if (rr_turns[i] < RR_MIN_TURNS)
			return st_fail("thread %u had %u turns in %llu ms (want >= %u)", i,
				       rr_turns[i], RR_RUN_NS / NSEC_PER_MSEC, RR_MIN_TURNS);
	return NULL;
}

/* --- affinity: a pinned thread stays; a changed mask moves it ------------ */

#define AFF_CHECKS 20

struct aff_arg {
	unsigned int from, to;
	volatile bool checked; /* set by the thread once it has stayed on 'from' */
	volatile bool moved;   /* set by the test after an external change */
	const char *fail;
};

static unsigned int cpu_now(void)
{
	unsigned int cpu;

	preempt_disable();
	cpu = smp_processor_id();
	preempt_enable();
	return cpu;
}

static bool stays_on(unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < AFF_CHECKS; i++) {
		if (cpu_now() != cpu)
			return false;
		if (i & 1)
			thread_yield();
		else
			thread_sleep_ns(100 * NSEC_PER_USEC);
	}
	return true;
}

/* Pinned to 'from', moves itself to 'to'. */
static int aff_self(void *p)
{
	struct aff_arg *a = p;

	if (!stays_on(a->from))
		return 1;
	thread_set_affinity(thread_current(), CPUMASK_CPU(a->to));
	return stays_on(a->to) ? 0 : 2;
}

/* Pinned to 'from', spins until moved by the test, then must be on 'to'. */
static int aff_external(void *p)
{
	struct aff_arg *a = p;

	if (!stays_on(a->from))
		return 1;
	a->checked = true;
	while (!a->moved)
		st_spin_ns(10 * NSEC_PER_USEC);
	return stays_on(a->to) ? 0 : 2;
}

const char *test_affinity(void)
{
	unsigned int n = st_nr_cpus(), i;

	for (i = 0; i < n; i++) {
		struct aff_arg a = {.from = i, .to = (i + 1) % n};
		struct thread *t;
		int code = -1;

		t = thread_create("st-aff", aff_self, &a, PRIO_LOW, CPUMASK_CPU(a.from));
		thread_join(t, &code);
		if (code)
			return st_fail("self-moving thread: CPU%u -> CPU%u failed (%d)", a.from,
				       a.to, code);

		t = thread_create("st-aff", aff_external, &a, PRIO_LOW, CPUMASK_CPU(a.from));
		/* Move it only once it has checked 'from': a slow host must not
		 * turn into a false failure. */
		while (!a.checked)
			thread_sleep_ns(1 * NSEC_PER_MSEC);
		thread_set_affinity(t, CPUMASK_CPU(a.to));
		a.moved = true;
		thread_join(t, &code);
		if (code)
			return st_fail("moved thread: CPU%u -> CPU%u failed (%d)", a.from, a.to,
				       code);
	}
	return NULL;
}

/* --- sleep: at least the time asked for ----------------------------------- */

#define SLEEP_SLACK_NS (100 * NSEC_PER_MSEC) /* QEMU without icount: generous */

const char *test_sleep(void)
{
	static const u64 asks[] = {NSEC_PER_MSEC, 5 * NSEC_PER_MSEC};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(asks); i++) {
		u64 t0 = time_now_ns(), slept;

		thread_sleep_ns(asks[i]);
		slept = time_now_ns() - t0;
		if (slept < asks[i] || slept > asks[i] + SLEEP_SLACK_NS)
			return st_fail("asked %llu us, slept %llu us",
				       (unsigned long long)(asks[i] / NSEC_PER_USEC),
				       (unsigned long long)(slept / NSEC_PER_USEC));
	}
	return NULL;
}

/* --- join: 100 threads created and joined, none left over --------------- */

#define JOIN_THREADS 100

static int join_body(void *arg)
{
	return (int)(uintptr_t)arg * 3;
}

const char *test_join(void)
{
	static struct thread *t[JOIN_THREADS];
	unsigned int before = thread_count(), i;

	for (i = 0; i < JOIN_THREADS; i++) {
		t[i] = thread_create("st-join", join_body, (void *)(uintptr_t)i, PRIO_LOW,
				     CPUMASK_ALL);
		if (!t[i])
			return st_fail("thread %u not created (pool of %u)", i, CONFIG_MAX_THREADS);
	}
	for (i = 0; i < JOIN_THREADS; i++) {
		int code = -1;

		if (thread_join(t[i], &code) || code != (int)i * 3)
			return st_fail("thread %u: exit code %d, expected %u", i, code, i * 3);
	}
	if (thread_count() != before)
		return st_fail("%u threads before, %u after", before, thread_count());
	return NULL;
}

/* --- wake_race: a thread woken while it blocks runs on one CPU only ------ */

/*
 * Two threads free to run on any CPU wake each other and block again
 * (with a time-out, as vCPU threads waiting in WFI do), as fast as they
 * can, for WAKE_RACE_NS. A wake-up often comes while the other thread is
 * still on its way to block; with idle CPUs around it is queued, and
 * sometimes picked, on one of them before its own CPU has switched away
 * (the scheduler counts those "overtaken" switches). Each round checks
 * that the thread's logical CPU matches the CPU it really runs on
 * (MPIDR): a thread run by two CPUs at once would see another CPU's id.
 */
#define WAKE_RACE_NS	  (2 * NSEC_PER_SEC)
#define WAKE_RACE_WAIT_NS (10 * NSEC_PER_MSEC)

struct wake_race_side {
	struct waitqueue wq;
	bool go;
	struct wake_race_side *peer;
	u64 end_ns;
	unsigned long rounds, wrong_cpu, timeouts;
};

static struct wake_race_side wake_race_sides[2];

static int wake_race_thread(void *arg)
{
	struct wake_race_side *me = arg, *peer = me->peer;

	while (time_now_ns() < me->end_ns) {
		unsigned long flags = local_irq_save(); /* no migration between the two reads */

		if (cpu_info[smp_processor_id()].mpidr != arch_read_mpidr())
			me->wrong_cpu++;
		local_irq_restore(flags);
		WRITE_ONCE(peer->go, true);
		waitqueue_wake_one(&peer->wq);
		if (!wait_event_timeout(&me->wq, READ_ONCE(me->go), WAKE_RACE_WAIT_NS))
			me->timeouts++;
		WRITE_ONCE(me->go, false);
		me->rounds++;
	}
	/* The peer may be waiting for this side's last wake-up. */
	WRITE_ONCE(peer->go, true);
	waitqueue_wake_one(&peer->wq);
	return 0;
}

const char *test_wake_race(void)
{
	u64 overtaken = 0, end = time_now_ns() + WAKE_RACE_NS;
	struct thread *t[2];
	unsigned int i;

	if (st_nr_cpus() < 3)
		return st_skip("needs 3 CPUs (2 busy, 1 idle to be woken on)");
	for (i = 0; i < 2; i++) {
		struct wake_race_side *s = &wake_race_sides[i];

		*s = (struct wake_race_side){.peer = &wake_race_sides[1 - i], .end_ns = end};
		waitqueue_init(&s->wq);
	}
	for (i = 0; i < st_nr_cpus(); i++) {
		struct sched_cpu_stats st;

		sched_cpu_stats(st_cpu(i), &st);
		overtaken -= st.overtaken;
	}
	for (i = 0; i < 2; i++)
		t[i] = thread_create(i ? "st-wake-b" : "st-wake-a", wake_race_thread,
				     &wake_race_sides[i], PRIO_LOW, CPUMASK_ALL);
	for (i = 0; i < 2; i++)
		if (!t[i] || thread_join(t[i], NULL))
			return st_fail("thread %u not created or not joined", i);
	for (i = 0; i < st_nr_cpus(); i++) {
		struct sched_cpu_stats st;

		sched_cpu_stats(st_cpu(i), &st);
		overtaken += st.overtaken;
	}
	printk("selftest wake_race: %lu + %lu rounds, %lu + %lu time-outs, %llu overtaken "
	       "switches\n",
	       wake_race_sides[0].rounds, wake_race_sides[1].rounds, wake_race_sides[0].timeouts,
	       wake_race_sides[1].timeouts, (unsigned long long)overtaken);
	for (i = 0; i < 2; i++)
		if (wake_race_sides[i].wrong_cpu)
			return st_fail(
				"thread %u ran %lu rounds with another CPU's id: run by two CPUs",
				i, wake_race_sides[i].wrong_cpu);
	if (wake_race_sides[0].rounds < 100 || wake_race_sides[1].rounds < 100)
		return st_fail("only %lu + %lu rounds in %llu ms", wake_race_sides[0].rounds,
			       wake_race_sides[1].rounds,
			       (unsigned long long)(WAKE_RACE_NS / NSEC_PER_MSEC));
	return NULL;
}
