// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 2 TLB maintenance. TLBI VMALLS12E1IS invalidates the stage 1 and
 * stage 2 entries of the VMID that is in VTTBR_EL2 at the time, on every
 * CPU of the inner shareable domain; so the VM's VTTBR is loaded around
 * it (IRQs masked, the previous value restored).
 */
#include <asm/sysreg.h>
#include <avatar/irq.h>
#include <hypervisor/stage2.h>

void stage2_arch_tlb_flush(const struct stage2 *s2)
{
	unsigned long flags = local_irq_save();
	u64 old = read_sysreg(vttbr_el2);

	/* The table writes before the invalidation; the new VTTBR before the TLBI. */
	__asm__ __volatile__("dsb ishst" ::: "memory");
	write_sysreg(stage2_vttbr(s2), vttbr_el2);
	__asm__ __volatile__("isb" ::: "memory");
	__asm__ __volatile__("tlbi vmalls12e1is\n\tdsb ish\n\tisb" ::: "memory");
	write_sysreg(old, vttbr_el2);
	__asm__ __volatile__("isb" ::: "memory");
	local_irq_restore(flags);
}
