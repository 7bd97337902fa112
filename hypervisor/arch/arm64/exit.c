// SPDX-License-Identifier: GPL-2.0
/*
 * Guest exits: one table of handlers indexed by ESR_EL2.EC, with a safe
 * default (an Undefined Instruction exception injected into the guest,
 * reported once per VM and exception class). The syndrome is decoded
 * once (struct hv_exit) and the PC advanced in one place, here, when a
 * handler says HV_ADVANCE.
 *
 * Exits other than synchronous ones: an IRQ has already been handled by
 * the host when vcpu_arch_run() unmasked interrupts, so there is nothing
 * left to do; an SError from a guest stops that VM.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <asm/virt.h>
#include <avatar/printk.h>
#include <avatar/thread.h>
#include <hypervisor/psci.h>
#include <hypervisor/vm.h>

#include "exit.h"

static enum hv_verdict handle_hvc(struct vcpu *v, const struct hv_exit *e)
{
	/* SMCCC: the immediate is 0; others are not calls we know. */
	if (e->iss & ESR_HVC_IMM_MASK)
		vcpu_set_reg(v, 0, (u64)(s64)SMCCC_RET_NOT_SUPPORTED);
	else
		hv_smccc_call(v);
	return HV_RESUME; /* ELR_EL2 is past the HVC already */
}

static enum hv_verdict handle_smc(struct vcpu *v, const struct hv_exit *e)
{
	(void)e;
	hv_smccc_call(v);  /* trapped by HCR_EL2.TSC: same services as HVC */
	return HV_ADVANCE; /* ELR_EL2 is the SMC itself */
}

static enum hv_verdict handle_wfx(struct vcpu *v, const struct hv_exit *e)
{
	if ((e->iss & ESR_WFX_TI_MASK) == ESR_WFX_TI_WFI)
		vcpu_block(v);
	else
		thread_yield(); /* WFE: another vCPU may be about to SEV */
	return HV_ADVANCE;
}

static enum hv_verdict handle_iabt(struct vcpu *v, const struct hv_exit *e)
{
	hv_exit_fatal(v, e, "instruction fetch from an IPA that is not RAM");
	return HV_RESUME;
}

static bool ec_logged(struct vm *vm, unsigned int ec)
{
	u64 bit = 1ULL << (ec & 63);
	bool seen = vm->logged_ecs & bit;

	vm->logged_ecs |= bit;
	return seen;
}

static enum hv_verdict handle_unknown(struct vcpu *v, const struct hv_exit *e)
{
	if (!ec_logged(v->vm, e->ec))
		pr_warn("%s: vCPU%u: unhandled exit EC 0x%02x (ESR 0x%llx) at PC 0x%llx: "
			"undefined instruction injected (reported once)\n",
			v->vm->name, v->id, e->ec, (unsigned long long)e->esr,
			(unsigned long long)v->regs.pc);
	vcpu_arch_inject_undef(v);
	return HV_RESUME;
}

static const hv_exit_handler exit_handlers[ESR_EC_MAX + 1] = {
	[ESR_EC_WFX] = handle_wfx,	 [ESR_EC_HVC64] = handle_hvc,
	[ESR_EC_SMC64] = handle_smc,	 [ESR_EC_SYS64] = hv_handle_sysreg,
	[ESR_EC_IABT_LOW] = handle_iabt, [ESR_EC_DABT_LOW] = hv_handle_dabt,
};

void hv_exit_fatal(struct vcpu *v, const struct hv_exit *e, const char *why)
{
	pr_err("%s: vCPU%u: %s (ESR 0x%llx, FAR 0x%llx, PC 0x%llx): stopping the VM\n", v->vm->name,
	       v->id, why, (unsigned long long)(e ? e->esr : v->regs.esr),
	       (unsigned long long)v->regs.far, (unsigned long long)v->regs.pc);
	vm_request_stop(v->vm, why);
}

static void handle_sync(struct vcpu *v)
{
	struct hv_exit e = hv_exit_decode(v->regs.esr);
	hv_exit_handler fn = exit_handlers[e.ec] ? exit_handlers[e.ec] : handle_unknown;

	v->stats.full[e.ec]++;
	if (fn(v, &e) == HV_ADVANCE)
		v->regs.pc += e.insn_len;
}

void vcpu_arch_handle_exit(struct vcpu *v, u64 reason)
{
	switch (reason) {
	case GUEST_EXIT_SYNC:
		handle_sync(v);
		break;
	case GUEST_EXIT_IRQ:
		v->stats.irq++;
		break;
	case GUEST_EXIT_SERROR:
		hv_exit_fatal(v, NULL, "SError from the guest");
		break;
	default: /* IRQ/FIQ: handled by the host already; NONE: not entered */
		break;
	}
}
