// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's virtual timer and its interrupt (docs/hypervisor.md,
 * "Virtual timer").
 *
 * CNTV_CTL/CNTV_CVAL are switched with the vCPU (GUEST_SYSREGS); the
 * VM's CNTVOFF_EL2 is the physical count when it was created, so guest
 * virtual time starts near 0. The timer's output is a level: at every
 * exit and before every entry vtimer_sync() computes it from the saved
 * registers (enabled, not masked, CVAL reached) and drives vIRQ 27.
 *
 * The virtual interrupt is hardware-mapped (the list register's HW bit,
 * <hypervisor/vgic-lr.h>): while the guest runs, the physical PPI 27 is
 * enabled at the host GIC, and held active while the virtual line is
 * high or the guest has vIRQ 27 active (struct vgic_cpu.hw_active, set
 * by vgic_flush()). So when the timer fires, the physical IRQ (HCR_EL2.IMO)
 * takes the guest out, the exit path stops the timer (switch.c) so the
 * host sees nothing left to handle, vtimer_sync() raises the virtual line
 * and the next entry holds the physical PPI active and offers vIRQ 27
 * with HW = 1, pINTID 27. The guest's deactivation deactivates the
 * physical PPI in hardware: if the guest has re-armed or stopped its timer
 * meanwhile (what a handler does), nothing exits; if the condition still
 * holds, the PPI fires again, as a level interrupt should. The active
 * state is per CPU, so it is written at every entry for the vCPU that
 * enters (after another vCPU, or after the guest's own deactivation).
 *
 * A vCPU blocked in WFI waits with a deadline at its CVAL (vcpu_block),
 * so a timer that passes while the vCPU is not running wakes it without
 * any polling.
 */
#include <asm/counter.h>
#include <asm/sysreg.h>
#include <avatar/irq.h>
#include <avatar/smp.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>
#include <hypervisor/vtimer.h>

/* Per physical CPU, only touched with IRQs masked: PPIs enabled at the host GIC, PPI 27 active. */
static bool maint_enabled[CONFIG_NR_CPUS];
static bool vtimer_enabled[CONFIG_NR_CPUS];
static bool vtimer_active[CONFIG_NR_CPUS];

void vtimer_init(struct vm *vm)
{
	vm->cntvoff = counter_read();
}

u64 vtimer_now(const struct vm *vm)
{
	return counter_read() - vm->cntvoff;
}

static bool vtimer_level(const struct vcpu *v)
{
	u64 ctl = v->sys.cntv_ctl_el0;

	return (ctl & CNT_CTL_ENABLE) && !(ctl & CNT_CTL_IMASK) &&
	       v->sys.cntv_cval_el0 <= vtimer_now(v->vm);
}

void vtimer_sync(struct vcpu *v)
{
	bool level = vtimer_level(v);

	if (level != vgic_irq_asserted(v, VGIC_PPI_VTIMER))
		vgic_inject(v->vm, v, VGIC_PPI_VTIMER, level);
}

void vtimer_vcpu_load(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id();
	bool active = v->vgic.hw_active & (1U << VGIC_PPI_VTIMER);

	if (!maint_enabled[cpu]) {
		irq_enable(vgic_maintenance_irq());
		maint_enabled[cpu] = true;
	}
	if (!vtimer_enabled[cpu]) {
		irq_enable(VGIC_PPI_VTIMER);
		vtimer_enabled[cpu] = true;
	}
	/*
	 * Active is written whenever it is wanted: a guest's deactivation
	 * clears it behind our back. Inactive stays so once the host is done
	 * with it, so that write is skipped when it was already.
	 */
	if (active || vtimer_active[cpu])
		irq_set_active(VGIC_PPI_VTIMER, active);
	vtimer_active[cpu] = active;
}
