/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's virtual timer (hypervisor/arch/arm64/vtimer.c): CNTV_* is
 * the guest's own, switched with the vCPU; its interrupt is PPI 27 of
 * the vGIC, driven as a level from the saved CNTV_CTL/CNTV_CVAL at every
 * exit and entry (docs/hypervisor.md, "Virtual timer").
 */
#ifndef HYPERVISOR_VTIMER_H
#define HYPERVISOR_VTIMER_H

#include <avatar/types.h>

struct vm;
struct vcpu;

/* CNTVOFF_EL2 of a new VM: its virtual count starts near 0. */
void vtimer_init(struct vm *vm);
/* The VM's virtual count now. */
u64 vtimer_now(const struct vm *vm);
/* Drive vIRQ 27 from the saved timer state (its line follows the timer condition). */
void vtimer_sync(struct vcpu *vcpu);
/* IRQs masked, just before entry: this CPU's physical PPIs for the maintenance IRQ and timer. */
void vtimer_vcpu_load(struct vcpu *vcpu);

#endif /* HYPERVISOR_VTIMER_H */
