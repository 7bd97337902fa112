/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vCPUs (hypervisor/vcpu.c). A vCPU is a kernel thread (DESIGN principle
 * 2) running
 *
 *	while the VM runs:
 *		if powered off: block until CPU_ON or stop
 *		enter the guest (vcpu_arch_run: load, eret, exit, save)
 *		handle the exit in thread context (may sleep)
 *
 * so priorities, affinity and balancing of the scheduler apply to it.
 * WFI blocks the thread on vcpu->wq until something is pending for the
 * vCPU (its virtual timer's deadline) or it is kicked; WFE yields.
 */
#ifndef HYPERVISOR_VCPU_H
#define HYPERVISOR_VCPU_H

#include <asm/guest.h>
#include <avatar/thread.h>
#include <avatar/types.h>
#include <avatar/waitqueue.h>
#include <hypervisor/exit_stats.h>
#include <hypervisor/vgic.h>

struct vm;

enum vcpu_power {
	VCPU_OFF,
	VCPU_ON,
};

struct vcpu {
	struct guest_regs regs; /* first: 16-byte aligned for the FP registers */
	struct guest_sysregs sys;
	struct vm *vm;
	unsigned int id;
	u64 mpidr; /* the guest's MPIDR_EL1 affinity (Aff0 = id) */
	struct thread *thread;
	enum vcpu_power power; /* under vm->lock */
	bool kicked;	       /* a wake-up for WFI, under wq.lock */
	struct waitqueue wq;
	u64 exits;
	bool sys_stale;		 /* sys changed in memory (reset): load it at the next entry */
	struct vgic_cpu vgic;	 /* its private interrupts and virtual CPU interface */
	struct exit_stats stats; /* why it left the guest, how often (guest stats) */
};

/* Create the vCPU thread (vCPU 0 starts ON, the others OFF). 0 or -1. */
int vcpu_start_thread(struct vcpu *vcpu);
/* Make a blocked vCPU re-check its state; IPI it if it is in the guest. */
void vcpu_kick(struct vcpu *vcpu);
/* Reset the architectural state: PC = entry, x0 = arg, EL1h, MMU off. */
void vcpu_reset(struct vcpu *vcpu, u64 entry, u64 arg);
/* WFI: block until the virtual timer fires or a kick. */
void vcpu_block(struct vcpu *vcpu);

/* Guest register n (31 reads as zero: XZR) and its write (31 ignored). */
static inline u64 vcpu_get_reg(const struct vcpu *vcpu, unsigned int n)
{
	return n < 31 ? vcpu->regs.x[n] : 0;
}

static inline void vcpu_set_reg(struct vcpu *vcpu, unsigned int n, u64 val)
{
	if (n < 31)
		vcpu->regs.x[n] = val;
}

/* Architecture hooks (hypervisor/arch/arm64/). */
/* One run: load the state, enter, exit, save; a GUEST_EXIT_* reason. */
u64 vcpu_arch_run(struct vcpu *vcpu);
void vcpu_arch_reset(struct vcpu *vcpu, u64 entry, u64 arg);
/* Handle an exit reason from vcpu_arch_run() (exit.c). */
void vcpu_arch_handle_exit(struct vcpu *vcpu, u64 reason);
/* Deadline (time_now_ns clock) of the guest's virtual timer; WAIT_FOREVER if off. 0 if due. */
u64 vcpu_arch_timer_deadline(const struct vcpu *vcpu);
/* Inject an Undefined Instruction exception at the current PC. */
void vcpu_arch_inject_undef(struct vcpu *vcpu);
/* Inject a synchronous external abort on a data access to far (a bus error). */
void vcpu_arch_inject_external_dabt(struct vcpu *vcpu, u64 far, bool write);
/*
 * Lazy switching of the guest's EL1 and FP/SIMD registers (switch.c):
 * the vCPU thread installs its switch-out hook when it starts and removes
 * it before it ends; put saves them from this CPU if they are there (IRQs
 * masked); sysregs_sync does that from thread context, so that vcpu->sys
 * may be read or changed (the next entry loads it).
 */
void vcpu_arch_thread_start(struct vcpu *vcpu);
void vcpu_arch_thread_stop(struct vcpu *vcpu);
void vcpu_arch_put(struct vcpu *vcpu);
void vcpu_arch_sysregs_sync(struct vcpu *vcpu);

#endif /* HYPERVISOR_VCPU_H */
