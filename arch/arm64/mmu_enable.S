/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __mmu_enable(const struct mmu_regs *regs): load MAIR, TCR and TTBR0 of
 * the kernel's EL and set SCTLR (MMU, caches on). Uses no stack, so a
 * secondary CPU can call it before its stack is mapped cacheable. The
 * code runs from the identity map, so execution continues seamlessly.
 */
#include <asm/el.h>
#include <asm/linkage.h>
#include <asm/mmu.h>

	.text
ENTRY(__mmu_enable)
	ldp	x1, x2, [x0, #MMU_REGS_MAIR]
	ldp	x3, x4, [x0, #MMU_REGS_TTBR0]
	msr	ELX(mair), x1
	msr	ELX(tcr), x2
	msr	ELX(ttbr0), x3
	isb				/* the new regime is in place before the TLB flush */
	TLBI_ALL_ELX_INSN		/* drop any stale entries from before boot */
	dsb	nsh			/* TLB invalidation completes */
	ic	iallu			/* no stale instructions once the I-cache is on */
	dsb	nsh
	isb
	msr	ELX(sctlr), x4
	isb				/* following instructions see the MMU on */
	ret
END(__mmu_enable)
