/* SPDX-License-Identifier: GPL-2.0 */
/* Guest exits inside hypervisor/arch/arm64: the decoded syndrome and the handlers. */
#ifndef HV_ARCH_ARM64_EXIT_H
#define HV_ARCH_ARM64_EXIT_H

#include <asm/virt.h>
#include <hypervisor/vcpu.h>

/* ESR_EL2 decoded once, at the top of the exit path. */
struct hv_exit {
	u64 esr;
	unsigned int ec;
	u32 iss;
	unsigned int insn_len; /* 4, or 2 (IL = 0) */
};

/* ESR_EL2 decoded: the one place that does it (the full and the fast exit path). */
static inline struct hv_exit hv_exit_decode(u64 esr)
{
	return (struct hv_exit){
		.esr = esr,
		.ec = (unsigned int)(esr >> ESR_ELx_EC_SHIFT) & ESR_ELx_EC_MASK,
		.iss = (u32)(esr & ESR_ELx_ISS_MASK),
		.insn_len = (esr & ESR_ELx_IL) ? 4 : 2,
	};
}

/* What the dispatcher does after a handler: step over the instruction or not. */
enum hv_verdict {
	HV_RESUME,  /* PC is already right (HVC, an injected exception, a stop) */
	HV_ADVANCE, /* skip the trapping instruction: PC += insn_len, in one place */
};

typedef enum hv_verdict (*hv_exit_handler)(struct vcpu *vcpu, const struct hv_exit *exit);

enum hv_verdict hv_handle_dabt(struct vcpu *vcpu, const struct hv_exit *exit);
/*
 * The exit fast path (fastpath.c), called by entry.S with IRQs masked for
 * a synchronous exit (regs is the first member of struct vcpu): true if
 * it answered it and the guest resumes at once.
 */
bool hv_fast_exit(struct vcpu *vcpu);
/*
 * Make regs.hpfar the faulting IPA for both exit paths (a permission
 * fault leaves HPFAR_EL2 UNKNOWN; dabt.c). Called first, with the guest's
 * EL1 state still in the CPU. false: it could not be found (the guest's
 * stage 1 changed meanwhile); the guest runs the access again.
 */
bool hv_dabt_fault_ipa(struct vcpu *vcpu, const struct hv_exit *exit);
/* The exit fast path's share of a data abort: a read a device answers there (mmio.h). */
bool hv_fast_dabt(struct vcpu *vcpu, const struct hv_exit *exit);

enum hv_verdict hv_handle_sysreg(struct vcpu *vcpu, const struct hv_exit *exit);
/* Check the sysreg table is sorted (start-up); panics if not. */
void hv_sysreg_table_check(void);
/* Report an exit the VM cannot go on after, and stop it. */
void hv_exit_fatal(struct vcpu *vcpu, const struct hv_exit *exit, const char *why);

#endif
