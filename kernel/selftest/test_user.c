// SPDX-License-Identifier: GPL-2.0
/*
 * Self tests of user mode (CONFIG_USER): a process that dereferences
 * NULL is killed and the kernel carries on; the system call error paths
 * (bad number, bad pointers) return errors, checked from EL0 by the
 * program syscheck; a killed process goes away.
 */
#include <avatar/page_alloc.h>
#include <avatar/process.h>
#include <avatar/time.h>
#include <uapi/avatar/errno.h>

#include "selftest.h"

/* Run a program to its end; its exit code, or a negative error. */
static int run_program(const char *name, int argc, char *const argv[])
{
	int pid = process_spawn(name, argc, argv, 0, false), code = -1, ret;

	if (pid < 0)
		return pid;
	ret = process_wait(0, pid, &code);
	return ret < 0 ? ret : code;
}

const char *test_user_crash(void)
{
	static char *const crash[] = {"crash", NULL}, *const hello[] = {"hello", NULL};
	struct page_alloc_stats before, after;
	int code;

	/* Warm up: the first process fills slab caches and the thread pool. */
	run_program("crash", 1, crash);
	page_alloc_stats(&before);
	code = run_program("crash", 1, crash);
	if (code != PROCESS_KILLED)
		return st_fail("crash exited with %d, not killed (%d)", code, PROCESS_KILLED);
	page_alloc_stats(&after);
	if (after.free_pages != before.free_pages)
		return st_fail("%lld pages leaked by the killed process",
			       (long long)(before.free_pages - after.free_pages));
	/* The kernel lives on and can still run programs. */
	code = run_program("hello", 1, hello);
	return code ? st_fail("hello after crash exited with %d", code) : NULL;
}

const char *test_user_syscall(void)
{
	static char *const argv[] = {"syscheck", NULL};
	int code = run_program("syscheck", 1, argv);

	return code ? st_fail("syscheck failed check %d", code) : NULL;
}

const char *test_user_kill(void)
{
	static char *const argv[] = {"spin", NULL};
	int pid = process_spawn("spin", 1, argv, 0, false), code = 0, ret;

	if (pid < 0)
		return st_fail("spawn spin: %d", pid);
	thread_sleep_ns(20 * NSEC_PER_MSEC);
	if (process_kill(pid))
		return st_fail("kill %d failed", pid);
	ret = process_wait(0, pid, &code);
	if (ret != pid || code != PROCESS_KILLED)
		return st_fail("wait: %d, code %d", ret, code);
	if (process_kill(pid) != -ESRCH)
		return st_fail("a reaped process can be killed");
	return NULL;
}
