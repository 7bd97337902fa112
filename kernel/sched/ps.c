// SPDX-License-Identifier: GPL-2.0
/*
 * The `ps` shell command: every thread, its CPU, priority, state and CPU
 * time; then, with CONFIG_USER, the user processes (pid, parent, name,
 * state).
 */
#include <avatar/kconfig.h>
#include <avatar/printk.h>
#include <avatar/process.h>
#include <avatar/sprintf.h>
#include <avatar/shell.h>
#include <avatar/thread.h>
#include <avatar/time.h>

#include "sched_internal.h"

#define PS_MAX 64 /* rows copied under the pool lock, printed after it */

struct ps_row {
	unsigned int id, cpu;
	int base_prio, prio;
	enum thread_state state;
	u64 runtime_ns;
	char name[THREAD_NAME_LEN];
};

struct ps_snapshot {
	unsigned int n, total;
	struct ps_row rows[PS_MAX];
};

static void take_row(struct thread *t, void *arg)
{
	struct ps_snapshot *s = arg;
	struct ps_row *r;
	unsigned int i;

	if (s->total++ >= PS_MAX)
		return;
	r = &s->rows[s->n++];
	r->id = t->id;
	r->cpu = t->cpu;
	r->base_prio = t->base_prio;
	r->prio = t->prio;
	r->state = t->state;
	r->runtime_ns = t->runtime_ns;
	if (t->state == THREAD_RUNNING && runqueues[t->cpu].curr == t)
		r->runtime_ns += time_now_ns() - runqueues[t->cpu].last_switch_ns;
	for (i = 0; i < THREAD_NAME_LEN; i++)
		r->name[i] = t->name[i];
}

static int cmd_ps(int argc, char **argv)
{
	static struct ps_snapshot snap; /* only the shell thread runs commands */
	unsigned int i;

	(void)argc;
	(void)argv;
	snap.n = snap.total = 0;
	thread_for_each(take_row, &snap);
	printk("  ID NAME             CPU PRIO  STATE      TIME(ms)\n");
	for (i = 0; i < snap.n; i++) {
		struct ps_row *r = &snap.rows[i];
		char prio[12];

		if (r->base_prio == THREAD_PRIO_IDLE)
			snprintf(prio, sizeof(prio), "idle");
		else
			snprintf(prio, sizeof(prio), "%d/%d", r->base_prio, r->prio);
		printk("%4u %-16s %3u %-5s %-9s %9llu.%03llu\n", r->id, r->name, r->cpu, prio,
		       thread_state_name(r->state),
		       (unsigned long long)(r->runtime_ns / NSEC_PER_MSEC),
		       (unsigned long long)(r->runtime_ns % NSEC_PER_MSEC / NSEC_PER_USEC));
	}
	if (snap.total > snap.n)
		printk("(%u more threads not shown)\n", snap.total - snap.n);
	printk("%u threads in use of %u\n", thread_count(), CONFIG_MAX_THREADS);
	if (IS_ENABLED(CONFIG_USER))
		process_ps();
	return 0;
}
SHELL_COMMAND(ps, "ps", "list threads: id, name, CPU, priority base/effective, state, CPU time",
	      cmd_ps);
