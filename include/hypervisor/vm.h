/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Virtual machines (hypervisor/vm.c). A VM is one running instance of a
 * guest of the guest table: its RAM (page allocator blocks, 2 MiB or
 * 1 GiB where the size and alignment allow, mapped by its own stage 2
 * tables under its own VMID), its MMIO bus with the emulated devices,
 * and its vCPU threads.
 *
 * Lifetime: vm_start() builds it, loads the guest and starts the vCPU
 * threads. A stop (the shell's 'guest stop', or the guest's PSCI
 * SYSTEM_OFF, or an error the VM cannot go on after) sets vm->stopping
 * and kicks every vCPU; each vCPU thread leaves its loop and exits; the
 * last one to go tears the VM down (TLB entries invalidated, tables, RAM
 * and VMID returned) and clears its slot, so a VM never outlives its
 * threads and nobody has to join them (vm->refs counts the threads, plus
 * one held by vm_start() while it creates them).
 *
 * Restart (the guest's PSCI SYSTEM_RESET, <hypervisor/vm_reset.h>): the
 * same stop with vm->restart set; the last thread, clearing the slot,
 * marks the guest "restart pending" and creates a restart thread, which
 * starts it again as 'guest start' does (a new VM: images reloaded, RAM
 * zeroed, devices and vCPUs fresh). Never on a vCPU thread of the VM
 * going away. 'guest stop' in between cancels the restart.
 */
#ifndef HYPERVISOR_VM_H
#define HYPERVISOR_VM_H

#include <avatar/spinlock.h>
#include <avatar/types.h>
#include <hypervisor/guest_table.h>
#include <hypervisor/mmio.h>
#include <hypervisor/stage2.h>
#include <hypervisor/vcpu.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vpl011.h>

struct vm_ram_block {
	u64 ipa;
	u64 pa;
	unsigned int order; /* 2^order pages */
};

enum vm_state {
	VM_STOPPED,
	VM_RUNNING,
	VM_STOPPING,
	VM_RESTARTING, /* stopping for a restart, or stopped with a restart pending */
};

struct vm {
	const struct guest_config *cfg;
	unsigned int index; /* in guest_table */
	const char *name;
	spinlock_t lock; /* vCPU power states, stop */
	volatile bool stopping;
	const char *stop_reason;
	bool restart;	   /* start it again once stopped (PSCI SYSTEM_RESET), under lock */
	u64 started_ns;	   /* time_now_ns() when its vCPUs were started */
	unsigned int refs; /* vCPU threads not yet finished (+1 while starting), under lock */

	u64 vmid;
	struct stage2 s2;
	u64 hcr; /* HCR_EL2 while its vCPUs run */

	unsigned int nr_ram;
	struct vm_ram_block *ram;

	struct mmio_bus bus;
	struct vpl011 uart;
	struct vgic_dist vgic;
	u64 cntvoff; /* CNTVOFF_EL2: the counter at creation, so guest virtual time starts near 0 */

	u64 logged_ecs; /* exception classes already reported (bit per EC / 64) */

	unsigned int nr_vcpus;
	struct vcpu *vcpus;
};

/* Start guest cfg: 0, or -1 with a message (already running, no memory, bad image). */
int vm_start(const struct guest_config *cfg);
/* Stop it and wait until it is gone: 0, or -1 if it was not running. */
int vm_stop(const struct guest_config *cfg);
enum vm_state vm_state(const struct guest_config *cfg);
const char *vm_state_name(enum vm_state state);

/* From a vCPU (any context that may not sleep): ask the VM to stop. */
void vm_request_stop(struct vm *vm, const char *reason);
/*
 * The same, and start it again once stopped (a restart thread). false
 * if it was stopping already: the first request wins.
 */
bool vm_request_restart(struct vm *vm, const char *reason);
/* Make a restart requested by vm_request_restart() a plain stop, for reason. */
void vm_cancel_restart(struct vm *vm, const char *reason);
/* The restart thread (vm_reset.c): do the pending restart of cfg, if it still is. */
void vm_restart(const struct guest_config *cfg);
/* No restart of cfg after all (no thread for it). */
void vm_restart_cancel(const struct guest_config *cfg);
/* A reference to the running VM of guest cfg (not stopping), or NULL; vm_put() it. */
struct vm *vm_get(const struct guest_config *cfg);
/* Drop a reference (each vCPU thread holds one); the last one destroys the VM. */
void vm_put(struct vm *vm);

/* Host address of guest RAM at ipa holding len bytes in one block, or NULL. */
void *vm_ipa_to_va(struct vm *vm, u64 ipa, size_t len);
/* Copy into guest RAM (any number of blocks); 0 or -1 if not all RAM. */
int vm_copy_to_guest(struct vm *vm, u64 ipa, const void *src, size_t len);
/* The vCPU whose MPIDR affinity is mpidr, or NULL. */
struct vcpu *vm_find_vcpu(struct vm *vm, u64 mpidr);

/* Architecture hooks: EL2 set-up of this CPU and per-VM controls. */
void vm_arch_init(void);
u64 vm_arch_hcr(void);
u64 vm_arch_ipa_bits(void);

#endif /* HYPERVISOR_VM_H */
