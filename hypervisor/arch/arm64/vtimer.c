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
 * While the guest runs, the physical PPI 27 is enabled at the host GIC
 * only as long as the virtual line is low: when the timer fires, the
 * physical IRQ (HCR_EL2.IMO) takes the guest out, the exit path stops
 * the timer (switch.c) so the host sees nothing left to handle, and
 * vtimer_sync() raises the virtual line. While the line is high the
 * physical PPI stays disabled on that CPU, so the guest is not
 * interrupted again by a condition already delivered; the guest's
 * deactivation raises an EOI maintenance interrupt (the list register
 * has ICH_LR.EOI, vgic-lr.c), the exit samples the timer again, and if
 * it was re-armed the physical PPI is enabled again. A vCPU blocked in
 * WFI waits with a deadline at its CVAL (vcpu_block), so a timer that
 * passes while the vCPU is not running wakes it without any polling.
 *
 * We do not use the list registers' HW bit (a virtual interrupt tied to
 * the physical one, deactivated by the guest in hardware): that needs
 * the host to run with ICC_CTLR_EL1.EOImode = 1 (priority drop and
 * deactivation split) for this one interrupt, and costs the same number
 * of exits here.
 */
#include <asm/counter.h>
#include <asm/sysreg.h>
#include <avatar/irq.h>
#include <avatar/smp.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>
#include <hypervisor/vtimer.h>

/* Per physical CPU: is its PPI enabled at the host GIC? (only touched with IRQs masked) */
static bool maint_enabled[CONFIG_NR_CPUS];
static bool vtimer_enabled[CONFIG_NR_CPUS];

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
	bool want = !vgic_irq_asserted(v, VGIC_PPI_VTIMER);

	if (!maint_enabled[cpu]) {
		irq_enable(vgic_maintenance_irq());
		maint_enabled[cpu] = true;
	}
	if (vtimer_enabled[cpu] != want) {
		if (want)
			irq_enable(VGIC_PPI_VTIMER);
		else
			irq_disable(VGIC_PPI_VTIMER);
		vtimer_enabled[cpu] = want;
	}
}
