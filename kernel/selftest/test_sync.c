// SPDX-License-Identifier: GPL-2.0
/*
 * Synchronisation self tests: mutual exclusion, producer/consumer with
 * semaphores and with condition variables across the CPUs (checksums of
 * every item), priority inheritance, time-outs.
 */
#include <avatar/condvar.h>
#include <avatar/mutex.h>
#include <avatar/semaphore.h>
#include <avatar/thread.h>
#include <avatar/time.h>

#include "selftest.h"

#define PRIO_LOW  20
#define PRIO_MID  10
#define PRIO_HIGH 5

/* --- mutex: increments under a mutex from every CPU ---------------------- */

#define MUTEX_THREADS 4
#define MUTEX_LOOPS   5000

static DEFINE_MUTEX(count_mutex);
static volatile unsigned long counter;

static int mutex_body(void *arg)
{
	unsigned int i;

	(void)arg;
	for (i = 0; i < MUTEX_LOOPS; i++) {
		mutex_lock(&count_mutex);
		counter = counter + 1; /* not atomic: only the mutex protects it */
		mutex_unlock(&count_mutex);
	}
	return 0;
}

const char *test_mutex(void)
{
	struct thread *t[MUTEX_THREADS];
	unsigned int i;

	counter = 0;
	for (i = 0; i < MUTEX_THREADS; i++)
		t[i] = thread_create("st-mutex", mutex_body, NULL, PRIO_LOW,
				     CPUMASK_CPU(st_cpu(i)));
	for (i = 0; i < MUTEX_THREADS; i++)
		thread_join(t[i], NULL);
	if (counter != MUTEX_THREADS * MUTEX_LOOPS)
		return st_fail("counter %lu, expected %u", counter, MUTEX_THREADS * MUTEX_LOOPS);
	return NULL;
}

/* --- producer/consumer ---------------------------------------------------- */

#define PC_PAIRS 4    /* producers, and as many consumers */
#define PC_ITEMS 2000 /* per producer (and per consumer) */
#define PC_SLOTS 8

struct pc {
	bool use_cv;
	struct mutex lock;
	struct semaphore empty, full;	    /* use_cv == false */
	struct condvar not_full, not_empty; /* use_cv == true */
	unsigned int count, head, tail;
	u64 buf[PC_SLOTS];
	u64 sum[PC_PAIRS], sum_sq[PC_PAIRS];
};

static struct pc pc;

static void pc_put(u64 v)
{
	if (!pc.use_cv) {
		sem_down(&pc.empty);
		mutex_lock(&pc.lock);
	} else {
		mutex_lock(&pc.lock);
		while (pc.count == PC_SLOTS)
			cond_wait(&pc.not_full, &pc.lock);
	}
	pc.buf[pc.head++ % PC_SLOTS] = v;
	pc.count++;
	mutex_unlock(&pc.lock);
	if (!pc.use_cv)
		sem_up(&pc.full);
	else
		cond_signal(&pc.not_empty);
}

static u64 pc_get(void)
{
	u64 v;

	if (!pc.use_cv) {
		sem_down(&pc.full);
		mutex_lock(&pc.lock);
	} else {
		mutex_lock(&pc.lock);
		while (!pc.count)
			cond_wait(&pc.not_empty, &pc.lock);
	}
	v = pc.buf[pc.tail++ % PC_SLOTS];
	pc.count--;
	mutex_unlock(&pc.lock);
	if (!pc.use_cv)
		sem_up(&pc.empty);
	else
		cond_signal(&pc.not_full);
	return v;
}

static int producer(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg, i;

	for (i = 0; i < PC_ITEMS; i++)
		pc_put((u64)id * PC_ITEMS + i + 1); /* every value 1..PAIRS*ITEMS once */
	return 0;
}

static int consumer(void *arg)
{
	unsigned int id = (unsigned int)(uintptr_t)arg, i;

	for (i = 0; i < PC_ITEMS; i++) {
		u64 v = pc_get();

		pc.sum[id] += v;
		pc.sum_sq[id] += v * v;
	}
	return 0;
}

static const char *producer_consumer(bool use_cv)
{
	const u64 n = (u64)PC_PAIRS * PC_ITEMS;
	const u64 want = n * (n + 1) / 2, want_sq = n * (n + 1) * (2 * n + 1) / 6;
	struct thread *t[2 * PC_PAIRS];
	u64 sum = 0, sum_sq = 0;
	unsigned int i;

	pc = (struct pc){.use_cv = use_cv};
	mutex_init(&pc.lock);
	sem_init(&pc.empty, PC_SLOTS);
	sem_init(&pc.full, 0);
	cond_init(&pc.not_full);
	cond_init(&pc.not_empty);
	for (i = 0; i < PC_PAIRS; i++) {
		t[2 * i] = thread_create("st-prod", producer, (void *)(uintptr_t)i, PRIO_LOW,
					 CPUMASK_CPU(st_cpu(i)));
		t[2 * i + 1] = thread_create("st-cons", consumer, (void *)(uintptr_t)i, PRIO_LOW,
					     CPUMASK_CPU(st_cpu(i + 1)));
	}
	for (i = 0; i < 2 * PC_PAIRS; i++)
		thread_join(t[i], NULL);
	for (i = 0; i < PC_PAIRS; i++) {
		sum += pc.sum[i];
		sum_sq += pc.sum_sq[i];
	}
	if (sum != want || sum_sq != want_sq || pc.count)
		return st_fail("sum %llu (want %llu), sum of squares %llu (want %llu), %u left",
			       (unsigned long long)sum, (unsigned long long)want,
			       (unsigned long long)sum_sq, (unsigned long long)want_sq, pc.count);
	return NULL;
}

const char *test_sem_pc(void)
{
	return producer_consumer(false);
}

const char *test_cv_pc(void)
{
	return producer_consumer(true);
}

/* --- pi: low holds, high waits, medium is runnable: low goes first ------- */

static DEFINE_MUTEX(pi_mutex);
static struct semaphore pi_locked;
static struct st_log pi_log;
static volatile bool pi_mid_created;
static int pi_low_prio_after;

#define PI_HOLD_NS (5 * NSEC_PER_MSEC)

static int pi_low(void *arg)
{
	(void)arg;
	mutex_lock(&pi_mutex);
	sem_up(&pi_locked);
	while (!pi_mid_created) /* M exists from here on: only PI lets us run */
		;
	st_spin_ns(PI_HOLD_NS);
	st_log(&pi_log, 'L'); /* about to release */
	mutex_unlock(&pi_mutex);
	pi_low_prio_after = thread_current()->prio;
	return 0;
}

static int pi_high(void *arg)
{
	(void)arg;
	mutex_lock(&pi_mutex);
	st_log(&pi_log, 'H');
	mutex_unlock(&pi_mutex);
	return 0;
}

static int pi_mid(void *arg)
{
	(void)arg;
	st_log(&pi_log, 'M');
	st_spin_ns(PI_HOLD_NS);
	return 0;
}

const char *test_pi(void)
{
	unsigned int cpu = st_cpu(st_nr_cpus() - 1);
	struct thread *l, *h, *m;
	int boosted;

	sem_init(&pi_locked, 0);
	pi_log.n = 0;
	pi_mid_created = false;
	l = thread_create("st-pi-low", pi_low, NULL, PRIO_LOW, CPUMASK_CPU(cpu));
	sem_down(&pi_locked);
	h = thread_create("st-pi-high", pi_high, NULL, PRIO_HIGH, CPUMASK_CPU(cpu));
	if (!st_wait_state(h, THREAD_BLOCKED, 1000)) {
		pi_mid_created = true;
		return st_fail("the high-priority thread did not block on the mutex");
	}
	boosted = READ_ONCE(l->prio);
	m = thread_create("st-pi-mid", pi_mid, NULL, PRIO_MID, CPUMASK_CPU(cpu));
	pi_mid_created = true;
	thread_join(h, NULL);
	thread_join(m, NULL);
	thread_join(l, NULL);
	if (boosted != PRIO_HIGH)
		return st_fail("low thread at priority %d while high waits, expected %d", boosted,
			       PRIO_HIGH);
	if (pi_low_prio_after != PRIO_LOW)
		return st_fail("low thread at priority %d after unlock, expected %d",
			       pi_low_prio_after, PRIO_LOW);
	if (pi_log.n != 3 || st_log_pos(&pi_log, 'L') != 0 || st_log_pos(&pi_log, 'H') != 1 ||
	    st_log_pos(&pi_log, 'M') != 2)
		return st_fail("order %.3s, expected LHM (low releases, high runs, then medium)",
			       pi_log.ev);
	return NULL;
}

/* --- timeout: semaphores and condition variables give up in time --------- */

#define TIMEOUT_NS    (5 * NSEC_PER_MSEC)
#define TIMEOUT_SLACK (100 * NSEC_PER_MSEC)

static const char *check_elapsed(const char *what, u64 t0)
{
	u64 took = time_now_ns() - t0;

	if (took < TIMEOUT_NS || took > TIMEOUT_NS + TIMEOUT_SLACK)
		return st_fail("%s gave up after %llu us, asked %llu us", what,
			       (unsigned long long)(took / NSEC_PER_USEC),
			       TIMEOUT_NS / NSEC_PER_USEC);
	return NULL;
}

const char *test_timeout(void)
{
	struct semaphore s;
	struct condvar cv;
	struct mutex m;
	const char *fail;
	u64 t0;
	bool ok;

	sem_init(&s, 0);
	t0 = time_now_ns();
	if (sem_down_timeout(&s, TIMEOUT_NS))
		return st_fail("sem_down_timeout on an empty semaphore succeeded");
	if ((fail = check_elapsed("sem_down_timeout", t0)))
		return fail;
	sem_up(&s);
	if (!sem_down_timeout(&s, TIMEOUT_NS))
		return st_fail("sem_down_timeout on a free unit timed out");

	cond_init(&cv);
	mutex_init(&m);
	mutex_lock(&m);
	t0 = time_now_ns();
	ok = cond_wait_timeout(&cv, &m, TIMEOUT_NS);
	if (mutex_owner(&m) != thread_current())
		return st_fail("cond_wait_timeout returned without the mutex");
	mutex_unlock(&m);
	if (ok)
		return st_fail("cond_wait_timeout without a signal did not time out");
	return check_elapsed("cond_wait_timeout", t0);
}
