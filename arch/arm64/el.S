/* SPDX-License-Identifier: GPL-2.0 */
/*
 * el_setup: bring the calling CPU to the kernel's exception level with a
 * known system state (MMU and caches off, little-endian).
 *
 *   entered at    CONFIG_HYPERVISOR      CONFIG_NATIVE
 *   EL2           configure EL2, stay    configure EL2, drop to EL1h
 *   EL1           report and park        stay
 *   EL3           report and park        report and park
 *
 * Called with bl, no stack needed; x19 = logical CPU id (used only to
 * find a stack for the error report). Clobbers x0, x1.
 */
#include <asm/el.h>
#include <asm/linkage.h>
#include <asm/sysreg.h>

/*
 * HCR_EL2: EL1 is AArch64; no traps, no stage 2, no VHE.
 *
 * Hypervisor: IMO/FMO/AMO route physical IRQs, FIQs and SErrors to EL2.
 * Without them an interrupt targets EL1 and, while the CPU runs at EL2,
 * is never taken (an exception is not taken to a lower EL): the kernel
 * would get no timer or IPI. The cost for the guests (later): at EL1
 * they no longer see physical interrupts at all, only virtual ones -
 * PSTATE.I at EL1 masks the virtual IRQ, which the hypervisor raises
 * with HCR_EL2.VI or the GIC list registers (ICH_LR<n>_EL2), and a
 * GICv3 guest's ICC_*_EL1 accesses reach the virtual CPU interface
 * (ICV_*). A physical interrupt arriving while a guest runs exits to
 * EL2 (vector "lower EL, IRQ"), where the hypervisor handles or injects
 * it. (Arm ARM D1.3.6 "Asynchronous exception routing".)
 *
 * Native: the kernel drops to EL1 and must take its interrupts there, so
 * nothing is routed to EL2 (no vectors are installed at EL2).
 */
#if KERNEL_EL == 2
#define HCR_EL2_VALUE	(HCR_EL2_RW | HCR_EL2_IMO | HCR_EL2_FMO | HCR_EL2_AMO)
#else
#define HCR_EL2_VALUE	HCR_EL2_RW
#endif

	.text
ENTRY(el_setup)
	mrs	x0, CurrentEL
	ubfx	x0, x0, #CURRENTEL_EL_SHIFT, #2
	cmp	x0, #2
	b.eq	el2_setup
	cmp	x0, #1
	b.ne	bad_el
#if KERNEL_EL == 1
	ldr	x0, =SCTLR_EL1_RES1	/* MMU and caches off, little-endian */
	msr	sctlr_el1, x0
	mov	x0, #CPACR_EL1_FPEN_EL1	/* FP/SIMD: EL1 may (asm/simd.h), EL0 traps */
	msr	cpacr_el1, x0
	isb
	ret
#else
	b	bad_el
#endif

el2_setup:
	ldr	x0, =SCTLR_EL2_RES1	/* MMU and caches off, little-endian */
	msr	sctlr_el2, x0
	ldr	x0, =HCR_EL2_VALUE
	msr	hcr_el2, x0
	ldr	x0, =CPTR_EL2_RES1	/* no FP/SIMD traps to EL2 */
	msr	cptr_el2, x0
	msr	hstr_el2, xzr		/* no AArch32 CP15 traps */

	/* EL1 may read the physical counter and use its timer; no virtual offset. */
	mov	x0, #(CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)
	msr	cnthctl_el2, x0
	msr	cntvoff_el2, xzr

	/* EL1 reads of MIDR/MPIDR return these; their reset values are UNKNOWN. */
	mrs	x0, midr_el1
	msr	vpidr_el2, x0
	mrs	x0, mpidr_el1
	msr	vmpidr_el2, x0

	/* GICv3 CPU interface: system registers at EL2, and EL1 may enable them. */
	mrs	x0, id_aa64pfr0_el1
	ubfx	x0, x0, #ID_AA64PFR0_GIC_SHIFT, #4
	cbz	x0, 1f
	mrs	x0, icc_sre_el2
	mov	x1, #(ICC_SRE_EL2_SRE | ICC_SRE_EL2_ENABLE)
	orr	x0, x0, x1
	msr	icc_sre_el2, x0
1:	isb

#if KERNEL_EL == 2
	ret
#else
	/* Native kernel: continue at the caller's return address, at EL1h. */
	ldr	x0, =SCTLR_EL1_RES1
	msr	sctlr_el1, x0
	mov	x0, #CPACR_EL1_FPEN_EL1	/* FP/SIMD: EL1 may (asm/simd.h), EL0 traps */
	msr	cpacr_el1, x0
	mov	x0, #(PSR_DAIF_MASK | PSR_MODE_EL1H)
	msr	spsr_el2, x0
	msr	elr_el2, lr
	eret
#endif

/* Wrong exception level: print why (C, on this CPU's stack) and park. */
bad_el:
	adr_l	x1, __cpu_stacks
	ldr	x0, =CONFIG_KERNEL_STACK_SIZE
	madd	x1, x19, x0, x1
	add	sp, x1, x0
	mrs	x0, CurrentEL
	ubfx	x0, x0, #CURRENTEL_EL_SHIFT, #2
	bl	boot_bad_el
	b	cpu_park
END(el_setup)

	.ltorg
