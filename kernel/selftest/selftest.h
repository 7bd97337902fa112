/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The in-kernel self tests (CONFIG_SELFTEST), run by the shell command
 * `selftest [name]`. A test is a function returning NULL when it passes
 * or a message saying what failed (st_fail() formats one). Each test runs
 * in a fresh thread at priority SELFTEST_PRIO on CPU0, so it can set up
 * scenarios without being preempted by the threads it creates.
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <avatar/compiler.h>
#include <avatar/thread.h>
#include <avatar/types.h>

#define SELFTEST_PRIO 1

typedef const char *(*selftest_fn)(void);

struct selftest {
	const char *name;
	selftest_fn fn;
};

/* Format a failure message (one buffer: only one test runs at a time). */
const char *st_fail(const char *fmt, ...) __printf(1, 2);
/* Return this instead when the test cannot run here (no disk, ...): "SKIP reason", not a failure. */
const char *st_skip(const char *fmt, ...) __printf(1, 2);
/* Busy-wait ns nanoseconds (no sleeping, no yielding). */
void st_spin_ns(u64 ns);
/* Online CPUs; st_cpu(i) is the i-th (wrapping). */
unsigned int st_nr_cpus(void);
unsigned int st_cpu(unsigned int i);
/* Sleep-poll until t is in state (true) or timeout_ms passes (false). */
bool st_wait_state(struct thread *t, enum thread_state state, unsigned int timeout_ms);

/* An ordered log of events (single characters) from several threads. */
struct st_log {
	unsigned int n;
	char ev[32];
};
void st_log(struct st_log *log, char ev);
/* Position of ev in the log, -1 if absent. */
int st_log_pos(const struct st_log *log, char ev);

/* The tests (kernel/selftest/test_*.c). */
const char *test_preempt(void);
const char *test_round_robin(void);
const char *test_affinity(void);
const char *test_mutex(void);
const char *test_sem_pc(void);
const char *test_cv_pc(void);
/* test_user.c (CONFIG_USER) */
const char *test_user_crash(void);
const char *test_user_syscall(void);
const char *test_user_kill(void);
const char *test_pi(void);
const char *test_sleep(void);
const char *test_timeout(void);
const char *test_join(void);
const char *test_wake_race(void);
/* test_blk.c */
const char *test_blk_progress(void);
const char *test_memcpy_bulk(void);

#endif /* KERNEL_SELFTEST_H */
