// SPDX-License-Identifier: GPL-2.0
/*
 * Virtual machines: creation, guest RAM, stop and teardown (design in
 * <hypervisor/vm.h> and docs/hypervisor.md).
 *
 * Guest RAM is taken from the page allocator in the largest blocks the
 * remaining size and the IPA alignment allow (1 GiB, 2 MiB, ... down to
 * 4 KiB when memory is fragmented), zeroed (no host data leaks into a
 * guest) and cleaned to the point of coherency (a guest starts with its
 * MMU and caches off), then mapped by stage 2 as normal write-back memory.
 *
 * One VM per guest of the guest table at a time: vms[i] is the running
 * instance of guest_table.guests[i], or NULL. Start and stop from the
 * shell are serialised by vm_cmd_lock; the slot is cleared by the VM's
 * last vCPU thread, which wakes whoever waits in vm_stop().
 *
 * A VM stopping for a restart (vm->restart, PSCI SYSTEM_RESET) sets
 * restart_pending[i] when its slot is cleared, in the same vms_lock
 * section, so that nobody sees the guest stopped with no restart coming;
 * the restart thread (vm_reset.c) then starts it under vm_cmd_lock, and
 * 'guest stop', which holds that lock too, can cancel it in between.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <asm/cache.h>
#include <avatar/kconfig.h>
#include <avatar/mutex.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/time.h>
#include <hypervisor/console_mux.h>
#include <hypervisor/guest_config.h>
#include <hypervisor/guest_log.h>
#include <hypervisor/loader.h>
#include <hypervisor/vm.h>
#include <hypervisor/vm_reset.h>
#include <hypervisor/vtimer.h>
#include <hypervisor/vmid.h>

#define VM_RAM_MAX_BLOCKS  512
#define VM_STOP_TIMEOUT_NS (5ULL * 1000 * 1000 * 1000)

static struct vm *vms[32];
static bool restart_pending[ARRAY_SIZE(vms)]; /* under vms_lock */
static DEFINE_SPINLOCK(vms_lock);
static DEFINE_WAITQUEUE(vm_gone_wq);
static DEFINE_MUTEX(vm_cmd_lock);

_Static_assert(CONFIG_HV_MAX_VCPUS <= 256, "vCPU ids must fit MPIDR.Aff0");

const char *vm_state_name(enum vm_state state)
{
	static const char *const names[] = {
		[VM_STOPPED] = "stopped",
		[VM_RUNNING] = "running",
		[VM_STOPPING] = "stopping",
		[VM_RESTARTING] = "restarting",
	};

	return names[state];
}

enum vm_state vm_state(const struct guest_config *cfg)
{
	unsigned int i = guest_config_index(cfg);
	unsigned long flags = spin_lock_irqsave(&vms_lock);
	struct vm *vm = i < ARRAY_SIZE(vms) ? vms[i] : NULL;
	enum vm_state st = VM_STOPPED;

	if (!vm && i < ARRAY_SIZE(vms) && restart_pending[i])
		st = VM_RESTARTING;
	else if (vm)
		st = !vm->stopping ? VM_RUNNING : vm->restart ? VM_RESTARTING : VM_STOPPING;

	spin_unlock_irqrestore(&vms_lock, flags);
	return st;
}

void *vm_ipa_to_va(struct vm *vm, u64 ipa, size_t len)
{
	for (unsigned int i = 0; i < vm->nr_ram; i++) {
		const struct vm_ram_block *b = &vm->ram[i];
		u64 size = PAGE_SIZE << b->order;

		if (ipa >= b->ipa && ipa - b->ipa < size && len <= size - (ipa - b->ipa))
			return pa_to_va((uintptr_t)(b->pa + (ipa - b->ipa)));
	}
	return NULL;
}

int vm_copy_to_guest(struct vm *vm, u64 ipa, const void *src, size_t len)
{
	const u8 *p = src;

	while (len) {
		size_t chunk = PAGE_SIZE - (ipa & (PAGE_SIZE - 1));
		void *dst;

		if (chunk > len)
			chunk = len;
		dst = vm_ipa_to_va(vm, ipa, chunk);
		if (!dst)
			return -1;
		memcpy(dst, p, chunk);
		dcache_clean_poc((uintptr_t)dst, (uintptr_t)dst + chunk);
		ipa += chunk;
		p += chunk;
		len -= chunk;
	}
	return 0;
}

struct vcpu *vm_find_vcpu(struct vm *vm, u64 mpidr)
{
	for (unsigned int i = 0; i < vm->nr_vcpus; i++)
		if (vm->vcpus[i].mpidr == mpidr)
			return &vm->vcpus[i];
	return NULL;
}

/* Largest block order for ipa with left bytes to go (at most 1 GiB). */
static unsigned int ram_block_order(u64 ipa, u64 left)
{
	unsigned int order = PAGE_ORDER_1G;

	while (order && ((PAGE_SIZE << order) > left || (ipa & ((PAGE_SIZE << order) - 1))))
		order--;
	return order;
}

static int vm_alloc_ram(struct vm *vm)
{
	u64 ipa = vm->cfg->ram_base, left = vm->cfg->ram_size;

	vm->ram = kzalloc(VM_RAM_MAX_BLOCKS * sizeof(*vm->ram));
	if (!vm->ram)
		return -1;
	while (left) {
		unsigned int order = ram_block_order(ipa, left);
		uintptr_t pa = 0;
		u64 size;

		for (;; order--) {
			pa = alloc_pages(order);
			if (pa || !order)
				break;
		}
		if (!pa || vm->nr_ram == VM_RAM_MAX_BLOCKS) {
			if (pa)
				free_pages(pa, order);
			pr_err("%s: out of memory for guest RAM (%llu MiB still needed)\n",
			       vm->name, (unsigned long long)(left >> 20));
			return -1;
		}
		size = PAGE_SIZE << order;
		vm->ram[vm->nr_ram++] = (struct vm_ram_block){.ipa = ipa, .pa = pa, .order = order};
		dcache_zero((uintptr_t)pa_to_va(pa), (uintptr_t)pa_to_va(pa) + size);
		dcache_clean_poc(pa, pa + size);
		if (stage2_map(&vm->s2, ipa, pa, size, S2_PROT_RAM)) {
			pr_err("%s: cannot map guest RAM at IPA 0x%llx\n", vm->name,
			       (unsigned long long)ipa);
			return -1;
		}
		ipa += size;
		left -= size;
	}
	return 0;
}

/* Free everything; the VM's vCPUs are not running (or never ran). */
static void vm_destroy(struct vm *vm)
{
	if (vm->s2.root) {
		stage2_arch_tlb_flush(&vm->s2); /* nothing of this VMID stays cached */
		stage2_destroy(&vm->s2);
	}
	vpl011_destroy(&vm->uart); /* its register page, no longer mapped */
	for (unsigned int i = 0; i < vm->nr_ram; i++)
		free_pages((uintptr_t)vm->ram[i].pa, vm->ram[i].order);
	vmid_free(vm->vmid);
	kfree(vm->ram);
	kfree(vm->vcpus);
	kfree(vm);
}

static struct vm *vm_create(const struct guest_config *cfg)
{
	struct vm *vm = kzalloc(sizeof(*vm));

	if (!vm)
		return NULL;
	vm->cfg = cfg;
	vm->index = guest_config_index(cfg);
	vm->name = cfg->name;
	spin_lock_init(&vm->lock);
	vm->hcr = vm_arch_hcr();
	vm->vmid = vmid_alloc();
	if (!vm->vmid) {
		pr_err("%s: no VMID left\n", vm->name);
		goto fail;
	}
	if (stage2_init(&vm->s2, (unsigned int)vm_arch_ipa_bits(), vm->vmid)) {
		pr_err("%s: no memory for stage 2 tables\n", vm->name);
		goto fail;
	}
	if (vm_alloc_ram(vm))
		goto fail;
	if (guest_log_init(vm->index) || vpl011_init(&vm->uart, vm))
		goto fail;
	vm->nr_vcpus = cfg->nr_vcpus;
	vm->vcpus = kzalloc(cfg->nr_vcpus * sizeof(*vm->vcpus));
	if (!vm->vcpus)
		goto fail;
	for (unsigned int i = 0; i < vm->nr_vcpus; i++) {
		struct vcpu *v = &vm->vcpus[i];

		v->vm = vm;
		v->id = i;
		v->mpidr = i; /* Aff0 = vCPU id, as the generated guest DTB's cpu@<id> reg */
		v->power = VCPU_OFF;
		waitqueue_init(&v->wq);
		vcpu_reset(v, 0, 0);
	}
	vtimer_init(vm);
	if (vgic_init(vm))
		goto fail;
	return vm;
fail:
	vm_destroy(vm);
	return NULL;
}

/* Create, load and start guest cfg; under vm_cmd_lock, its slot empty. */
static int vm_start_locked(const struct guest_config *cfg)
{
	unsigned int idx = guest_config_index(cfg);
	unsigned int started = 0;
	unsigned long flags;
	struct vm *vm;
	int ret;

	vm = vm_create(cfg);
	if (!vm)
		return -1;
	if (guest_load(vm)) {
		vm_destroy(vm);
		return -1;
	}
	vm->vcpus[0].power = VCPU_ON; /* the boot vCPU; the others wait for PSCI CPU_ON */
	vm->refs = vm->nr_vcpus + 1;  /* one per thread, one for us while we create them */
	flags = spin_lock_irqsave(&vms_lock);
	vms[idx] = vm;
	restart_pending[idx] = false; /* done: in the same section, so never seen stopped */
	spin_unlock_irqrestore(&vms_lock, flags);
	printk("hv: %s: started (%u vCPU%s, %llu MiB)\n", vm->name, vm->nr_vcpus,
	       vm->nr_vcpus == 1 ? "" : "s", (unsigned long long)(cfg->ram_size >> 20));
	vm->started_ns = time_now_ns();
	for (unsigned int i = 0; i < vm->nr_vcpus; i++, started++)
		if (vcpu_start_thread(&vm->vcpus[i])) {
			pr_err("%s: cannot create the thread of vCPU%u\n", vm->name, i);
			vm_request_stop(vm, "no thread for a vCPU");
			break;
		}
	ret = started == vm->nr_vcpus ? 0 : -1;
	/* Threads never created will not drop their references. */
	for (unsigned int i = started; i < vm->nr_vcpus; i++)
		vm_put(vm);
	vm_put(vm);
	return ret;
}

int vm_start(const struct guest_config *cfg)
{
	int ret = -1;

	if (guest_config_index(cfg) >= ARRAY_SIZE(vms))
		return -1;
	mutex_lock(&vm_cmd_lock);
	if (vm_state(cfg) != VM_STOPPED)
		printk("guest: %s is %s\n", cfg->name, vm_state_name(vm_state(cfg)));
	else
		ret = vm_start_locked(cfg);
	mutex_unlock(&vm_cmd_lock);
	return ret;
}

static bool vm_restart_pending(const struct guest_config *cfg)
{
	unsigned int idx = guest_config_index(cfg);
	unsigned long flags;
	bool pending;

	if (idx >= ARRAY_SIZE(vms))
		return false;
	/* Under the lock: set in vm_put() before the restart thread is created. */
	flags = spin_lock_irqsave(&vms_lock);
	pending = restart_pending[idx];
	spin_unlock_irqrestore(&vms_lock, flags);
	return pending;
}

void vm_restart(const struct guest_config *cfg)
{
	unsigned int idx = guest_config_index(cfg);
	unsigned long flags;
	bool pending;

	if (idx >= ARRAY_SIZE(vms))
		return;
	mutex_lock(&vm_cmd_lock);
	/*
	 * Not pending: 'guest stop' cancelled it. Pending: the slot is empty
	 * (cleared when pending was set), and vm_start_locked() clears the
	 * flag when it fills the slot; until then the guest shows restarting.
	 */
	pending = vm_restart_pending(cfg);
	if (pending && vm_start_locked(cfg)) {
		flags = spin_lock_irqsave(&vms_lock);
		restart_pending[idx] = false;
		spin_unlock_irqrestore(&vms_lock, flags);
		printk("hv: %s: restart failed (see above): it stays stopped; "
		       "'guest start %s' when fixed\n",
		       cfg->name, cfg->name);
	}
	mutex_unlock(&vm_cmd_lock);
}

static bool vm_request_stop_restart(struct vm *vm, const char *reason, bool restart)
{
	unsigned long flags = spin_lock_irqsave(&vm->lock);
	bool first = !vm->stopping;

	if (first) {
		vm->stop_reason = reason;
		vm->restart = restart;
		vm->stopping = true;
	}
	spin_unlock_irqrestore(&vm->lock, flags);
	if (first) {
		for (unsigned int i = 0; i < vm->nr_vcpus; i++)
			vcpu_kick(&vm->vcpus[i]);
		/* An attached console detaches (or follows a restart). */
		console_mux_vm_stopping(vm);
	}
	return first;
}

void vm_request_stop(struct vm *vm, const char *reason)
{
	(void)vm_request_stop_restart(vm, reason, false);
}

bool vm_request_restart(struct vm *vm, const char *reason)
{
	return vm_request_stop_restart(vm, reason, true);
}

void vm_cancel_restart(struct vm *vm, const char *reason)
{
	unsigned long flags = spin_lock_irqsave(&vm->lock);

	vm->restart = false;
	vm->stop_reason = reason;
	spin_unlock_irqrestore(&vm->lock, flags);
}

struct vm *vm_get(const struct guest_config *cfg)
{
	unsigned int idx = guest_config_index(cfg);
	bool stopping = false;
	unsigned long flags;
	struct vm *vm;

	if (idx >= ARRAY_SIZE(vms))
		return NULL;
	/* Under vms_lock the VM cannot be freed: its slot is cleared first. */
	flags = spin_lock_irqsave(&vms_lock);
	vm = vms[idx];
	if (vm) {
		spin_lock(&vm->lock);
		stopping = vm->stopping;
		if (!stopping)
			vm->refs++;
		spin_unlock(&vm->lock);
	}
	spin_unlock_irqrestore(&vms_lock, flags);
	return stopping ? NULL : vm;
}

void vm_put(struct vm *vm)
{
	unsigned long flags = spin_lock_irqsave(&vm->lock);
	bool last = --vm->refs == 0;
	bool restart = vm->restart;
	const struct guest_config *cfg = vm->cfg;

	spin_unlock_irqrestore(&vm->lock, flags);
	if (!last)
		return;
	vpl011_flush(&vm->uart);
	printk("hv: %s: stopped (%s)\n", vm->name, vm->stop_reason ? vm->stop_reason : "?");
	flags = spin_lock_irqsave(&vms_lock);
	vms[vm->index] = NULL;
	restart_pending[vm->index] = restart;
	spin_unlock_irqrestore(&vms_lock, flags);
	vm_destroy(vm);
	waitqueue_wake_all(&vm_gone_wq);
	if (restart)
		vm_reset_restart_later(cfg);
}

static bool vm_gone(unsigned int idx, const struct vm *vm)
{
	return READ_ONCE(vms[idx]) != vm;
}

/* A restart pending (the VM stopped for a reset) is cancelled: true if there was one. */
static bool vm_stop_cancel_restart(unsigned int idx)
{
	unsigned long flags = spin_lock_irqsave(&vms_lock);
	bool pending = restart_pending[idx];

	restart_pending[idx] = false;
	spin_unlock_irqrestore(&vms_lock, flags);
	return pending;
}

void vm_restart_cancel(const struct guest_config *cfg)
{
	unsigned int idx = guest_config_index(cfg);

	if (idx < ARRAY_SIZE(vms))
		(void)vm_stop_cancel_restart(idx);
}

int vm_stop(const struct guest_config *cfg)
{
	unsigned int idx = guest_config_index(cfg);
	unsigned long flags;
	struct vm *vm;
	int ret = 0;

	if (idx >= ARRAY_SIZE(vms))
		return -1;
	mutex_lock(&vm_cmd_lock);
	/* Under vms_lock the VM cannot be freed: its slot is cleared first. */
	flags = spin_lock_irqsave(&vms_lock);
	vm = vms[idx];
	if (vm)
		vm_request_stop(vm, "stopped from the shell");
	spin_unlock_irqrestore(&vms_lock, flags);
	if (vm && !wait_event_timeout(&vm_gone_wq, vm_gone(idx, vm), VM_STOP_TIMEOUT_NS)) {
		printk("guest: %s does not stop (a vCPU does not leave the guest)\n", cfg->name);
		ret = -1;
	} else if (vm_stop_cancel_restart(idx)) {
		printk("hv: %s: restart cancelled: it stays stopped\n", cfg->name);
	} else if (!vm) {
		printk("guest: %s is not running\n", cfg->name);
		ret = -1;
	}
	mutex_unlock(&vm_cmd_lock);
	return ret;
}
