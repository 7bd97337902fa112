// SPDX-License-Identifier: GPL-2.0
/*
 * The exit fast path: synchronous exits that are answered at once, in
 * the exception itself, without leaving the world switch (the idea of
 * KVM's fixup_guest_exit()).
 *
 * __guest_exit (entry.S) saves the guest's x0-x30, PC, PSTATE and
 * syndrome into its struct guest_regs, and for a synchronous exit calls
 * hv_fast_exit() before anything else. Everything else of the guest is
 * still in the CPU: its EL1 system registers, FP/SIMD, SP_EL0, the
 * virtual timer and the vGIC's list registers; the host's EL2 state
 * (HCR_EL2 for guests, VTTBR_EL2, ...) too. IRQs are masked. If this
 * returns true, entry.S reloads the general registers and PC/PSTATE from
 * regs and erets straight back into the guest; if false, nothing has
 * changed and the full exit runs as before (save the rest, back to
 * vcpu_arch_run() and the vCPU loop, exit table in thread context).
 *
 * What qualifies (everything else takes the full path):
 *  - HVC #0 and SMC #0 calls answered from their arguments alone
 *    (hv_smccc_fast_call(): AVATAR_HC_NULL, the UID, SMCCC_VERSION and
 *    ARCH_FEATURES, PSCI_VERSION, PSCI_FEATURES, MIGRATE_INFO_TYPE);
 *  - data-abort reads of device registers marked MMIO_REG_FAST_READ
 *    (the vPL011's UARTFR and id registers): no side effect, no
 *    interrupt state changed;
 *  - data-abort writes a device's fast_write takes (the vPL011's UARTDR:
 *    the byte is queued for the vCPU thread to print; its UARTCR,
 *    <hypervisor/vpl011.h>).
 * Every data abort first gets its IPA into regs.hpfar here, while the
 * guest's stage 1 is in the CPU (hv_dabt_fault_ipa()).
 * A handler here must not sleep, take a lock that an interrupt handler
 * holds (IRQs are masked), use spin_lock()/spin_unlock() (the unlock is a
 * preemption point that would schedule from here: raw_spin_lock() only), inject or kick (the list registers are live
 * and would not be rebuilt), print, or use FP/SIMD (the host is built
 * with -mgeneral-regs-only; the guest's FP registers are live).
 *
 * Interrupts stay correct: a physical IRQ that arrives meanwhile (a
 * kick, the host tick, the guest's timer) stays pending while IRQs are
 * masked and takes the guest out through the full path right after the
 * eret, which is how a guest that only makes fast calls is still
 * preempted and stopped.
 */
#include <asm/virt.h>
#include <hypervisor/psci.h>
#include <hypervisor/vcpu.h>

#include "exit.h"

bool hv_fast_exit(struct vcpu *v)
{
	struct hv_exit e = hv_exit_decode(v->regs.esr);

	switch (e.ec) {
	case ESR_EC_HVC64:
		/* ELR_EL2 is past the HVC already; immediates other than 0 are not calls. */
		if ((e.iss & ESR_HVC_IMM_MASK) || !hv_smccc_fast_call(v))
			return false;
		v->stats.fast[e.ec]++;
		return true;
	case ESR_EC_SMC64:
		if (!hv_smccc_fast_call(v))
			return false;
		break;
	case ESR_EC_DABT_LOW:
		if (!hv_dabt_fault_ipa(v, &e)) {
			v->stats.fast[e.ec]++;
			return true; /* PC unchanged: the access again */
		}
		if (!hv_fast_dabt(v, &e))
			return false;
		break;
	default:
		return false;
	}
	v->regs.pc += e.insn_len; /* the trapped SMC or load is done */
	v->stats.fast[e.ec]++;
	return true;
}
