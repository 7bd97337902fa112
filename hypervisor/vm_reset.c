// SPDX-License-Identifier: GPL-2.0
/*
 * Guest resets: the reset count and loop guard, and the restart thread
 * (design in <hypervisor/vm_reset.h>; the stop and the pending restart
 * are vm.c's).
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <avatar/spinlock.h>
#include <avatar/sprintf.h>
#include <avatar/thread.h>
#include <avatar/time.h>
#include <hypervisor/guest_config.h>
#include <hypervisor/vm.h>
#include <hypervisor/vm_reset.h>

struct reset_stats {
	unsigned int count; /* resets since the host started */
	unsigned int quick; /* resets in a row, each soon after its start */
};

/* As the vCPU threads, below the shell: a guest resetting in a loop cannot take the console away. */
#define RESTART_PRIO (THREAD_PRIO_DEFAULT + 1)

static struct reset_stats stats[GUEST_CONFIG_MAX];
static DEFINE_SPINLOCK(stats_lock);

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

	if (vm->index >= GUEST_CONFIG_MAX) {
		vm_request_stop(vm, call);
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

static int vm_restart_thread(void *arg)
{
	vm_restart(&guest_table.guests[(uintptr_t)arg]);
	return 0;
}

void vm_reset_restart_later(const struct guest_config *cfg)
{
	uintptr_t idx = guest_config_index(cfg);
	char name[THREAD_NAME_LEN];
	struct thread *t;

	snprintf(name, sizeof(name), "%s/restart", cfg->name);
	t = thread_create(name, vm_restart_thread, (void *)idx, RESTART_PRIO, 0);
	if (t) {
		thread_detach(t); /* it ends when the guest is started again; nobody joins */
		return;
	}
	vm_restart_cancel(cfg);
	printk("hv: %s: no thread to restart it: it stays stopped ('guest start %s' starts it)\n",
	       cfg->name, cfg->name);
}
