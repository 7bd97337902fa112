// SPDX-License-Identifier: GPL-2.0
/*
 * Guest resets: the reset count and loop guard, and the restart worker
 * (design in <hypervisor/vm_reset.h>; the stop and the pending restart
 * are vm.c's).
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <avatar/spinlock.h>
#include <avatar/thread.h>
#include <avatar/time.h>
#include <avatar/waitqueue.h>
#include <hypervisor/guest_config.h>
#include <hypervisor/vm.h>
#include <hypervisor/vm_reset.h>

struct reset_stats {
	unsigned int count; /* resets since the host started */
	unsigned int quick; /* resets in a row, each soon after its start */
};

/* As the vCPU threads, below the shell: a guest resetting in a loop cannot take the console away. */
#define WORKER_PRIO (THREAD_PRIO_DEFAULT + 1)

static struct reset_stats stats[GUEST_CONFIG_MAX];
static DEFINE_SPINLOCK(stats_lock);
static DEFINE_WAITQUEUE(worker_wq);
static bool worker_work;    /* a restart may be pending */
static bool worker_running; /* set once by vm_reset_init() */

unsigned int vm_reset_count(const struct guest_config *cfg)
{
	unsigned int i = guest_config_index(cfg);

	return i < GUEST_CONFIG_MAX ? READ_ONCE(stats[i].count) : 0;
}

/* Count a reset of vm; true if it makes a loop (the restart is refused). */
static bool reset_counted_loop(struct vm *vm, unsigned int *count)
{
	bool quick = time_now_ns() - vm->started_ns < VM_RESET_LOOP_RUN_MS * NSEC_PER_MSEC;
	struct reset_stats *s = &stats[vm->index];
	unsigned long flags = spin_lock_irqsave(&stats_lock);
	bool loop;

	*count = ++s->count;
	s->quick = quick ? s->quick + 1 : 0;
	loop = s->quick >= VM_RESET_LOOP_LIMIT;
	if (loop)
		s->quick = 0; /* started again by hand, it gets the full allowance */
	spin_unlock_irqrestore(&stats_lock, flags);
	return loop;
}

void vm_reset_request(struct vm *vm, const char *call)
{
	unsigned int count;

	if (vm->index >= GUEST_CONFIG_MAX || !READ_ONCE(worker_running)) {
		vm_request_stop(vm, "reset requested, but no restart worker: stopped");
		return;
	}
	/* Stopping already (another vCPU's reset, 'guest stop'): the first request wins. */
	if (!vm_request_restart(vm, call))
		return;
	/* The caller's thread holds a reference: the VM is not torn down before we return. */
	if (reset_counted_loop(vm, &count)) {
		vm_cancel_restart(vm, "reset loop: not restarted");
		printk("hv: %s: %s (reset %u): %u resets in a row, each less than %u ms after "
		       "the start: a reset loop, it stays stopped ('guest start %s' starts it "
		       "again)\n",
		       vm->name, call, count, VM_RESET_LOOP_LIMIT, VM_RESET_LOOP_RUN_MS, vm->name);
		return;
	}
	printk("hv: %s: %s: restarting (reset %u)\n", vm->name, call, count);
}

void vm_reset_worker_wake(void)
{
	WRITE_ONCE(worker_work, true);
	waitqueue_wake_all(&worker_wq);
}

static int vm_reset_worker(void *arg)
{
	(void)arg;
	for (;;) {
		wait_event(&worker_wq, READ_ONCE(worker_work));
		WRITE_ONCE(worker_work, false);
		/* After the flag: a wake from now on is seen at the next wait. */
		for (unsigned int i = 0; i < guest_table.count; i++)
			if (vm_restart_pending(&guest_table.guests[i]))
				vm_restart(&guest_table.guests[i]);
	}
	return 0;
}

void vm_reset_init(void)
{
	struct thread *t = thread_create("hv-restart", vm_reset_worker, NULL, WORKER_PRIO, 0);

	if (!t) {
		pr_err("no thread for guest restarts: a guest reset will stop it\n");
		return;
	}
	thread_detach(t);
	WRITE_ONCE(worker_running, true);
}
