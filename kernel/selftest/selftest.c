// SPDX-License-Identifier: GPL-2.0
/*
 * The self-test runner and the `selftest` shell command. Output, one
 * line per test and a summary, is what tests/qemu/test_selftest.py
 * checks:
 *
 *	selftest preempt: PASS
 *	selftest pi: FAIL M ran before L released the mutex
 *	selftest: 9 passed, 1 failed
 */
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <avatar/spinlock.h>
#include <avatar/sprintf.h>
#include <avatar/string.h>
#include <avatar/thread.h>
#include <avatar/time.h>

#include "selftest.h"

#define ST_MSG_LEN 160

static const struct selftest tests[] = {
	{"preempt", test_preempt},
	{"rr", test_round_robin},
	{"affinity", test_affinity},
	{"mutex", test_mutex},
	{"sem_pc", test_sem_pc},
	{"cv_pc", test_cv_pc},
	{"pi", test_pi},
	{"sleep", test_sleep},
	{"timeout", test_timeout},
	{"wake_race", test_wake_race},
	{"join", test_join},
	{"blk_progress", test_blk_progress},
	{"memcpy_bulk", test_memcpy_bulk},
#ifdef CONFIG_USER
	{"user_crash", test_user_crash},
	{"user_syscall", test_user_syscall},
	{"user_kill", test_user_kill},
#endif
};

static char msg[ST_MSG_LEN];
static bool skipped; /* the running test called st_skip() (tests run one at a time) */
static DEFINE_SPINLOCK(log_lock);

const char *st_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return msg;
}

const char *st_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	skipped = true;
	return msg;
}

void st_spin_ns(u64 ns)
{
	u64 end = time_now_ns() + ns;

	while (time_now_ns() < end)
		;
}

unsigned int st_nr_cpus(void)
{
	return num_online_cpus();
}

unsigned int st_cpu(unsigned int i)
{
	return i % st_nr_cpus(); /* CPUs come online in order 0..n-1 */
}

bool st_wait_state(struct thread *t, enum thread_state state, unsigned int timeout_ms)
{
	unsigned int ms;

	for (ms = 0; ms < timeout_ms; ms++) {
		if (READ_ONCE(t->state) == state)
			return true;
		thread_sleep_ns(NSEC_PER_MSEC);
	}
	return READ_ONCE(t->state) == state;
}

void st_log(struct st_log *log, char ev)
{
	unsigned long flags = spin_lock_irqsave(&log_lock);

	if (log->n < sizeof(log->ev))
		log->ev[log->n++] = ev;
	spin_unlock_irqrestore(&log_lock, flags);
}

int st_log_pos(const struct st_log *log, char ev)
{
	unsigned int i;

	for (i = 0; i < log->n; i++)
		if (log->ev[i] == ev)
			return (int)i;
	return -1;
}

#define ST_PASSED  0
#define ST_FAILED  1
#define ST_SKIPPED 2

static int run_one(void *arg)
{
	const struct selftest *t = arg;
	const char *fail;

	skipped = false;
	fail = t->fn();
	if (fail && skipped) {
		printk("selftest %s: SKIP %s\n", t->name, fail);
		return ST_SKIPPED;
	}
	if (fail)
		printk("selftest %s: FAIL %s\n", t->name, fail);
	else
		printk("selftest %s: PASS\n", t->name);
	return fail ? ST_FAILED : ST_PASSED;
}

static int cmd_selftest(int argc, char **argv)
{
	unsigned int i, passed = 0, failed = 0, skips = 0;

	if (argc > 2)
		return SHELL_ERR_USAGE;
	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		struct thread *t;
		int code = ST_FAILED;

		if (argc == 2 && strcmp(argv[1], tests[i].name) != 0)
			continue;
		t = thread_create(tests[i].name, run_one, (void *)&tests[i], SELFTEST_PRIO,
				  CPUMASK_CPU(0));
		if (!t)
			printk("selftest %s: FAIL cannot create its thread\n", tests[i].name);
		else
			thread_join(t, &code);
		if (code == ST_PASSED)
			passed++;
		else if (code == ST_SKIPPED)
			skips++;
		else
			failed++;
	}
	if (!passed && !failed && !skips) {
		printk("selftest: no test '%s'; tests:", argv[1]);
		for (i = 0; i < ARRAY_SIZE(tests); i++)
			printk(" %s", tests[i].name);
		printk("\n");
		return SHELL_ERR_FAILED;
	}
	if (skips)
		printk("selftest: %u passed, %u failed, %u skipped\n", passed, failed, skips);
	else
		printk("selftest: %u passed, %u failed\n", passed, failed);
	return failed ? SHELL_ERR_FAILED : 0;
}
SHELL_COMMAND(selftest, "selftest [name]", "run the in-kernel self tests (all, or one)",
	      cmd_selftest);
