// SPDX-License-Identifier: GPL-2.0
/*
 * In-kernel microbenchmarks (CONFIG_BENCH), the `bench [case]` command;
 * `make bench` runs them under QEMU -icount shift=0, where one
 * nanosecond of time_now_ns() is one executed instruction (see
 * docs/bench.md). The counter ticks every 16 ns, so each run times a loop
 * of many operations and divides; each case runs BENCH_RUNS times and
 * the minimum and the median per operation are printed:
 *
 *	bench <case> <min> <median> instructions/op (<iterations> x <runs>)
 *
 * The threads of a case run on CPU0 at BENCH_PRIO, above the shell that
 * waits for them; the IPI case needs a second CPU (and is skipped
 * without). Nothing here asserts a figure: tests only check that every
 * row is printed.
 */
#include <avatar/ipi.h>
#include <avatar/kconfig.h>
#include <avatar/mutex.h>
#include <avatar/printk.h>
#include <avatar/process.h>
#include <avatar/semaphore.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <avatar/sprintf.h>
#include <avatar/string.h>
#include <avatar/thread.h>
#include <avatar/time.h>

#define BENCH_RUNS  7
#define BENCH_PRIO  2
#define BENCH_ITERS 1000

struct bench_case {
	const char *name;
	const char *what;
	unsigned int iters;
	/* Time iters operations, in ns; 0 if the case cannot run here. */
	u64 (*run)(unsigned int iters);
};

/* --- the cases ------------------------------------------------------------ */

static u64 bench_null_syscall(unsigned int iters)
{
	char count[16], *argv[] = {"nullsys", count, NULL};
	int pid, code = 0;

	if (!IS_ENABLED(CONFIG_USER))
		return 0;
	snprintf(count, sizeof(count), "%u", iters);
	pid = process_spawn("nullsys", 2, argv, 0, false);
	if (pid < 0 || process_wait(0, pid, &code) < 0 || code <= 0)
		return 0;
	return (u64)code; /* the program timed its own loop */
}

static volatile bool yield_stop;

static int yield_partner(void *arg)
{
	(void)arg;
	while (!READ_ONCE(yield_stop))
		thread_yield();
	return 0;
}

struct timed {
	unsigned int iters;
	u64 ns;
};

static int yield_timer(void *arg)
{
	struct timed *tm = arg;
	unsigned int i;
	u64 t0 = time_now_ns();

	for (i = 0; i < tm->iters; i++)
		thread_yield();
	tm->ns = time_now_ns() - t0;
	WRITE_ONCE(yield_stop, true);
	return 0;
}

/*
 * Run a (timed) and b on CPU0 above the shell. The shell creates both at
 * a priority above theirs, so that neither starts before the other
 * exists, then drops back and waits.
 */
static u64 run_pair(thread_fn a, thread_fn b, struct timed *tm, void *barg)
{
	struct thread *self = thread_current(), *ta, *tb;
	int prio = self->base_prio;

	thread_set_priority(self, BENCH_PRIO - 1);
	tb = thread_create("bench-b", b, barg, BENCH_PRIO, CPUMASK_CPU(0));
	ta = thread_create("bench-a", a, tm, BENCH_PRIO, CPUMASK_CPU(0));
	thread_set_priority(self, prio);

	if (ta)
		thread_join(ta, NULL);
	if (tb)
		thread_join(tb, NULL);
	return ta && tb ? tm->ns : 0;
}

/* One yield = one switch to the partner: iters yields of the timer are 2 x iters switches. */
static u64 bench_yield(unsigned int iters)
{
	struct timed tm = {.iters = iters};

	yield_stop = false;
	return run_pair(yield_timer, yield_partner, &tm, NULL) / 2;
}

static struct semaphore ping, pong;

static int sem_partner(void *arg)
{
	unsigned int i, n = *(unsigned int *)arg;

	for (i = 0; i < n; i++) {
		sem_down(&ping);
		sem_up(&pong);
	}
	return 0;
}

static int sem_timer(void *arg)
{
	struct timed *tm = arg;
	unsigned int i;
	u64 t0 = time_now_ns();

	for (i = 0; i < tm->iters; i++) {
		sem_up(&ping);
		sem_down(&pong);
	}
	tm->ns = time_now_ns() - t0;
	return 0;
}

/* A round trip: up, switch, down + up, switch back, down. */
static u64 bench_sem_pingpong(unsigned int iters)
{
	struct timed tm = {.iters = iters};

	sem_init(&ping, 0);
	sem_init(&pong, 0);
	return run_pair(sem_timer, sem_partner, &tm, &tm.iters);
}

static u64 bench_mutex(unsigned int iters)
{
	static DEFINE_MUTEX(m);
	unsigned int i;
	u64 t0 = time_now_ns();

	for (i = 0; i < iters; i++) {
		mutex_lock(&m);
		mutex_unlock(&m);
	}
	return time_now_ns() - t0;
}

static int nothing(void *arg)
{
	(void)arg;
	return 0;
}

static u64 bench_create_join(unsigned int iters)
{
	unsigned int i;
	u64 t0 = time_now_ns();

	for (i = 0; i < iters; i++) {
		struct thread *t =
			thread_create("bench-t", nothing, NULL, BENCH_PRIO, CPUMASK_CPU(0));

		if (!t || thread_join(t, NULL))
			return 0;
	}
	return time_now_ns() - t0;
}

static void ipi_nothing(void *arg)
{
	(void)arg;
}

static u64 bench_ipi(unsigned int iters)
{
	unsigned int i, cpu = smp_processor_id() == 0 ? 1 : 0;
	u64 t0;

	if (num_online_cpus() < 2)
		return 0;
	t0 = time_now_ns();
	for (i = 0; i < iters; i++)
		if (smp_call_function(cpu, ipi_nothing, NULL, true))
			return 0;
	return time_now_ns() - t0;
}

static const struct bench_case cases[] = {
	{"syscall", "null system call from EL0 (nop, loop included)", BENCH_ITERS,
	 bench_null_syscall},
	{"yield", "thread_yield, one context switch", BENCH_ITERS, bench_yield},
	{"sem", "semaphore ping-pong round trip (two switches)", BENCH_ITERS, bench_sem_pingpong},
	{"mutex", "uncontended mutex_lock + mutex_unlock", BENCH_ITERS, bench_mutex},
	{"thread", "thread_create + thread_join", 100, bench_create_join},
	{"ipi", "IPI round trip (call function on CPU1, wait)", 100, bench_ipi},
};

/* --- runner --------------------------------------------------------------- */

static void sort(u64 *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j > 0 && v[j - 1] > v[j]; j--) {
			u64 tmp = v[j];

			v[j] = v[j - 1];
			v[j - 1] = tmp;
		}
}

/* x / iters with one decimal. */
static void per_op(char *buf, size_t size, u64 ns, unsigned int iters)
{
	u64 tenths = (ns * 10 + iters / 2) / iters;

	snprintf(buf, size, "%llu.%llu", (unsigned long long)(tenths / 10),
		 (unsigned long long)(tenths % 10));
}

static void run_case(const struct bench_case *c)
{
	u64 ns[BENCH_RUNS];
	char min[24], median[24];
	unsigned int r;

	for (r = 0; r < BENCH_RUNS; r++) {
		ns[r] = c->run(c->iters);
		if (!ns[r]) {
			printk("bench %s n/a (%s: cannot run here)\n", c->name, c->what);
			return;
		}
	}
	sort(ns, BENCH_RUNS);
	per_op(min, sizeof(min), ns[0], c->iters);
	per_op(median, sizeof(median), ns[BENCH_RUNS / 2], c->iters);
	printk("bench %s %s %s instructions/op (%u x %u) %s\n", c->name, min, median, c->iters,
	       BENCH_RUNS, c->what);
}

static int cmd_bench(int argc, char **argv)
{
	unsigned int i, n = 0;

	if (argc > 2)
		return SHELL_ERR_USAGE;
	printk("bench: case min median (ns per operation; instructions under -icount shift=0)\n");
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		if (argc == 2 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		run_case(&cases[i]);
		n++;
	}
	if (!n) {
		printk("bench: no case '%s'\n", argv[1]);
		return SHELL_ERR_FAILED;
	}
	return 0;
}
SHELL_COMMAND(bench, "bench [case]",
	      "microbenchmarks: syscall, yield, sem, mutex, thread, ipi (see docs/bench.md)",
	      cmd_bench);
