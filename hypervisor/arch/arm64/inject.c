// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions injected into a guest: what the CPU would have done had the
 * exception been taken to EL1 (Arm ARM D1.10): ELR_EL1 = PC, SPSR_EL1 =
 * PSTATE, ESR_EL1 = the syndrome, PSTATE = EL1h with DAIF masked, PC =
 * VBAR_EL1 + the offset for where it came from. Done on the saved state
 * (brought to memory first: vcpu_arch_sysregs_sync()), which the next
 * entry loads.
 */
#include <asm/esr.h>
#include <asm/virt.h>
#include <hypervisor/vcpu.h>

static void inject_sync(struct vcpu *v, u64 esr)
{
	u64 mode = v->regs.pstate & PSR_MODE_MASK;
	u64 offset;

	if (mode == PSR_MODE_EL1T)
		offset = VBAR_OFF_CUR_SP0;
	else if (mode == PSR_MODE_EL1H)
		offset = VBAR_OFF_CUR_SPX;
	else
		offset = VBAR_OFF_LOWER_64;
	vcpu_arch_sysregs_sync(v); /* the EL1 registers may be in the CPU (lazy switch) */
	v->sys.elr_el1 = v->regs.pc;
	v->sys.spsr_el1 = v->regs.pstate;
	v->sys.esr_el1 = esr;
	v->regs.pstate = PSR_MODE_EL1H | PSR_DAIF_MASK;
	v->regs.pc = v->sys.vbar_el1 + offset;
}

void vcpu_arch_inject_external_dabt(struct vcpu *v, u64 far, bool write)
{
	/* From EL0 the class is "lower EL", from EL1 "current EL" (Arm ARM D19.2.37). */
	u64 ec = (v->regs.pstate & PSR_MODE_MASK) == PSR_MODE_EL0T ? ESR_EC_DABT_LOW
								   : ESR_EC_DABT_CUR;

	inject_sync(v,
		    ec << ESR_ELx_EC_SHIFT | ESR_ELx_IL | (write ? ESR_DABT_WNR : 0) | ESR_FSC_SEA);
	v->sys.far_el1 = far; /* a data abort reports its address (FnV = 0) */
}

void vcpu_arch_inject_undef(struct vcpu *v)
{
	inject_sync(v, ((u64)ESR_EC_UNKNOWN << ESR_ELx_EC_SHIFT) | ESR_ELx_IL);
}
