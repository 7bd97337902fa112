/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The world switch: enter a guest at EL1 and come back on its exit.
 *
 * __guest_enter(regs) is called by vcpu_arch_run() (switch.c) with IRQs
 * masked and the guest's EL1 system registers, FP/SIMD registers and EL2
 * controls already loaded. It pushes the host's callee-saved registers
 * x19-x30 and the regs pointer on the current (vCPU thread's) stack,
 * loads SP_EL0, ELR_EL2/SPSR_EL2 and x0-x30 from regs, and erets to the
 * guest.
 *
 * Any exception from the guest arrives at the "lower EL, AArch64" slots
 * of the EL2 vector table (arch/arm64/vectors.S), which branch to the
 * guest_exit_* entries below. SP_EL2 is then exactly what it was at the
 * eret, so the regs pointer is found in the frame pushed at entry. The
 * exit saves the guest's general registers and syndrome (ESR/FAR/HPFAR_EL2)
 * into regs, pops the host frame and returns the exit reason to the caller of
 * __guest_enter, as if from an ordinary function call. PSTATE.DAIF stays
 * masked (as the exception left it) until the C code restores it.
 *
 * The fast path (fastpath.c): a synchronous exit first saves only x0-x30,
 * ELR/SPSR_EL2 and the syndrome, and asks hv_fast_exit() (C, on this
 * stack, IRQs masked) whether it can answer it on the spot. If so, the
 * registers are reloaded from regs and the guest resumes with one eret:
 * SP_EL0, the virtual timer and the vGIC state never leave the CPU (nor
 * FP/SIMD and the EL1 registers, which stay there on any exit). If not,
 * the exit goes on as above.
 *
 * The console lane (guest_exit_sync, below): one exit is answered before
 * even that, in the vector's own branch target with four scratch
 * registers: a byte written to the vPL011's UARTDR through its read-only
 * register page (<hypervisor/vpl011.h>). Linux makes it for every byte it
 * prints, so it is most of the exits of a booting guest.
 */
#include <asm/esr.h>
#include <asm/guest.h>
#include <asm/linkage.h>
#include <asm/virt.h>
#include <hypervisor/vpl011_lane.h>

	.text
ENTRY(__guest_enter)
	sub	sp, sp, #GUEST_HOST_FRAME
	stp	x19, x20, [sp, #16 * 0]
	stp	x21, x22, [sp, #16 * 1]
	stp	x23, x24, [sp, #16 * 2]
	stp	x25, x26, [sp, #16 * 3]
	stp	x27, x28, [sp, #16 * 4]
	stp	x29, x30, [sp, #16 * 5]
	stp	x0, x1, [sp, #GUEST_HOST_FRAME_REGS]	/* regs, and the VM's transmit lane */

	ldr	x1, [x0, #GREGS_SP_EL0]
	msr	sp_el0, x1
	b	__guest_resume
END(__guest_enter)

/* x0 = regs: load PC/PSTATE and x0-x30 from it and eret (the entry and the fast path). */
LOCAL_ENTRY(__guest_resume)
	ldp	x1, x2, [x0, #GREGS_PC]
	msr	elr_el2, x1
	msr	spsr_el2, x2

	ldp	x2, x3, [x0, #16 * 1]
	ldp	x4, x5, [x0, #16 * 2]
	ldp	x6, x7, [x0, #16 * 3]
	ldp	x8, x9, [x0, #16 * 4]
	ldp	x10, x11, [x0, #16 * 5]
	ldp	x12, x13, [x0, #16 * 6]
	ldp	x14, x15, [x0, #16 * 7]
	ldp	x16, x17, [x0, #16 * 8]
	ldp	x18, x19, [x0, #16 * 9]
	ldp	x20, x21, [x0, #16 * 10]
	ldp	x22, x23, [x0, #16 * 11]
	ldp	x24, x25, [x0, #16 * 12]
	ldp	x26, x27, [x0, #16 * 13]
	ldp	x28, x29, [x0, #16 * 14]
	ldr	x30, [x0, #16 * 15]
	ldp	x0, x1, [x0, #16 * 0]
	eret
	dsb	nsh			/* no speculation past the eret */
	isb
END(__guest_resume)

/* Vector slot bodies: keep the guest's x0/x1, x1 = reason, join the common exit. */
.macro guest_exit_entry name, reason
ENTRY(\name)
	stp	x0, x1, [sp, #-16]!
	mov	x1, #\reason
	b	__guest_exit
END(\name)
.endm

	guest_exit_entry guest_exit_irq, GUEST_EXIT_IRQ
	guest_exit_entry guest_exit_fiq, GUEST_EXIT_FIQ
	guest_exit_entry guest_exit_serror, GUEST_EXIT_SERROR

/*
 * The console lane: a synchronous exit that is exactly "a 1, 2 or 4-byte
 * store with a syndrome hit a stage 2 read-only page (permission fault,
 * level 3)", at page offset 0, whose IPA is the vPL011's UARTDR, of a
 * byte other than '\n', while the VM's lane is open and not full: the
 * byte goes into the lane (<hypervisor/vpl011_lane.h>) and the guest
 * resumes at the next instruction, x0-x3 used and put back, nothing else
 * touched. Anything else, and every case the lane declines, goes on to
 * __guest_exit as the other vectors do, where the C fast path or the
 * full path handle it as before (vpl011_fast_write() makes the same
 * checks).
 */
/* ESR_EL2[31:24]: EC = data abort from a lower EL, IL, ISV */
#define LANE_ESR_TOP_SHIFT 24
#define LANE_ESR_TOP	   (((ESR_EC_DABT_LOW << ESR_ELx_EC_SHIFT) | ESR_ELx_IL | ESR_DABT_ISV) >> 24)
/* ESR_EL2[9:0]: EA = 0, CM = 0, S1PTW = 0, WnR = 1, DFSC = permission fault, level 3 */
#define LANE_ESR_LOW_MASK  0x3ff
#define LANE_ESR_LOW	   (ESR_DABT_WNR | ESR_FSC_PERM | 3)
#define LANE_SAS_64	   (3 << ESR_DABT_SAS_SHIFT)
#define PAR_EL1_F_BIT	   0
#define PAR_EL1_PA_SHIFT   12
#define PAR_EL1_PA_BITS	   36
#define FAR_PAGE_OFFSET	   0xfff

ENTRY(guest_exit_sync)
	stp	x0, x1, [sp, #-16]!
	/* Other exits leave after four instructions (seven for other data aborts). */
	mrs	x0, esr_el2
	lsr	w1, w0, #LANE_ESR_TOP_SHIFT
	cmp	w1, #LANE_ESR_TOP
	b.ne	.Llane_not
	and	w1, w0, #LANE_ESR_LOW_MASK
	cmp	w1, #LANE_ESR_LOW
	b.ne	.Llane_not
	stp	x2, x3, [sp, #-16]!
	and	w1, w0, #LANE_SAS_64
	cmp	w1, #LANE_SAS_64		/* 8 bytes: not a width UARTDR takes */
	b.eq	.Llane_decline
	mrs	x1, far_el2
	tst	x1, #FAR_PAGE_OFFSET		/* UARTDR is at offset 0 */
	b.ne	.Llane_decline
	/*
	 * The IPA: HPFAR_EL2 is UNKNOWN for a permission fault (Arm ARM,
	 * HPFAR_EL2), so translate FAR by the guest's stage 1, which is in
	 * the CPU (AT S1E1R: stage 1 only, the output is the IPA), and put
	 * the guest's PAR_EL1 back (dabt.c does the same in C).
	 */
	mrs	x2, par_el1
	at	s1e1r, x1
	isb
	mrs	x1, par_el1
	msr	par_el1, x2
	tbnz	x1, #PAR_EL1_F_BIT, .Llane_decline
	ubfx	x1, x1, #PAR_EL1_PA_SHIFT, #PAR_EL1_PA_BITS
	mov	x2, #(VPL011_BASE >> PAR_EL1_PA_SHIFT)
	cmp	x1, x2
	b.ne	.Llane_decline

	/* The byte: the register ESR.SRT names; x0-x3 are the guest's on the stack. */
	ubfx	x1, x0, #ESR_DABT_SRT_SHIFT, #5
	adr	x2, .Llane_reg
	add	x2, x2, x1, lsl #3		/* two instructions per register */
	br	x2
.Llane_reg:
	ldr	x2, [sp, #16]			/* x0 */
	b	.Llane_byte
	ldr	x2, [sp, #24]			/* x1 */
	b	.Llane_byte
	ldr	x2, [sp]			/* x2 */
	b	.Llane_byte
	ldr	x2, [sp, #8]			/* x3 */
	b	.Llane_byte
	.irp	n, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30
	mov	x2, x\n
	b	.Llane_byte
	.endr
	mov	x2, xzr				/* 31: XZR */
.Llane_byte:
	and	w2, w2, #0xff			/* UARTDR's data bits */
	cmp	w2, #'\n'			/* a line's end: the full path prints it */
	b.eq	.Llane_decline
	ldr	x3, [sp, #32 + GUEST_HOST_FRAME_LANE]
	cbz	x3, .Llane_decline

	/* arch_spin_lock(&lane->lock): the protocol of <asm/spinlock.h> */
	sevl
1:	wfe
2:	ldaxr	w0, [x3, #LANE_LOCK]
	cbnz	w0, 1b
	mov	w1, #1
	stxr	w0, w1, [x3, #LANE_LOCK]
	cbnz	w0, 2b

	ldr	w0, [x3, #LANE_OPEN]
	cbz	w0, .Llane_unlock_decline
	ldp	w0, w1, [x3, #LANE_HEAD]	/* head, count */
	cmp	w1, #VPL011_TX_RING
	b.hs	.Llane_unlock_decline
	add	w0, w0, w1
	and	w0, w0, #(VPL011_TX_RING - 1)
	add	w1, w1, #1
	str	w1, [x3, #LANE_COUNT]
	add	x0, x3, x0
	strb	w2, [x0, #LANE_RING]
	ldr	x0, [x3, #LANE_BYTES]
	add	x0, x0, #1
	str	x0, [x3, #LANE_BYTES]
	stlr	wzr, [x3, #LANE_LOCK]		/* arch_spin_unlock() */

	mrs	x0, elr_el2
	add	x0, x0, #4			/* past the store (IL = 1: 32-bit) */
	msr	elr_el2, x0
	ldp	x2, x3, [sp], #16
	ldp	x0, x1, [sp], #16
	eret
	dsb	nsh				/* no speculation past the eret */
	isb

.Llane_unlock_decline:
	stlr	wzr, [x3, #LANE_LOCK]
.Llane_decline:
	ldp	x2, x3, [sp], #16
.Llane_not:
	mov	x1, #GUEST_EXIT_SYNC
	b	__guest_exit
END(guest_exit_sync)

/* x1 = reason; the guest's x0/x1 at [sp]; the host frame right above. SP stays 16-byte aligned. */
LOCAL_ENTRY(__guest_exit)
	ldr	x0, [sp, #16 + GUEST_HOST_FRAME_REGS]
	stp	x2, x3, [x0, #16 * 1]
	stp	x4, x5, [x0, #16 * 2]
	stp	x6, x7, [x0, #16 * 3]
	stp	x8, x9, [x0, #16 * 4]
	stp	x10, x11, [x0, #16 * 5]
	stp	x12, x13, [x0, #16 * 6]
	stp	x14, x15, [x0, #16 * 7]
	stp	x16, x17, [x0, #16 * 8]
	stp	x18, x19, [x0, #16 * 9]
	stp	x20, x21, [x0, #16 * 10]
	stp	x22, x23, [x0, #16 * 11]
	stp	x24, x25, [x0, #16 * 12]
	stp	x26, x27, [x0, #16 * 13]
	stp	x28, x29, [x0, #16 * 14]
	str	x30, [x0, #16 * 15]
	ldp	x2, x3, [sp], #16
	stp	x2, x3, [x0, #16 * 0]
	mrs	x2, elr_el2
	mrs	x3, spsr_el2
	stp	x2, x3, [x0, #GREGS_PC]
	mrs	x2, esr_el2
	mrs	x3, far_el2
	stp	x2, x3, [x0, #GREGS_ESR]
	mrs	x2, hpfar_el2
	str	x2, [x0, #GREGS_HPFAR]

	/* A synchronous exit the fast path answers goes straight back (fastpath.c). */
.if GUEST_EXIT_SYNC != 0
	.error "the test below takes GUEST_EXIT_SYNC for 0"
.endif
	cbnz	x1, 1f			/* only GUEST_EXIT_SYNC */
	mov	x19, x0			/* the guest's x19 is in regs already */
	bl	hv_fast_exit		/* x0 = regs = the vCPU */
	mov	x1, x0
	mov	x0, x19
	cbnz	w1, __guest_resume
	mov	x1, #GUEST_EXIT_SYNC

1:	mrs	x2, sp_el0
	str	x2, [x0, #GREGS_SP_EL0]

	mov	x0, x1
	ldp	x19, x20, [sp, #16 * 0]
	ldp	x21, x22, [sp, #16 * 1]
	ldp	x23, x24, [sp, #16 * 2]
	ldp	x25, x26, [sp, #16 * 3]
	ldp	x27, x28, [sp, #16 * 4]
	ldp	x29, x30, [sp, #16 * 5]
	add	sp, sp, #GUEST_HOST_FRAME
	ret
END(__guest_exit)

/*
 * The guest's FP/SIMD registers, switched lazily with its EL1 registers
 * (switch.c): loaded before the first entry after its thread is switched
 * in, saved when it is switched out. x0 = regs.
 */
ENTRY(__fpsimd_load)
	add	x1, x0, #GREGS_V
	ldp	q0, q1, [x1, #32 * 0]
	ldp	q2, q3, [x1, #32 * 1]
	ldp	q4, q5, [x1, #32 * 2]
	ldp	q6, q7, [x1, #32 * 3]
	ldp	q8, q9, [x1, #32 * 4]
	ldp	q10, q11, [x1, #32 * 5]
	ldp	q12, q13, [x1, #32 * 6]
	ldp	q14, q15, [x1, #32 * 7]
	ldp	q16, q17, [x1, #32 * 8]
	ldp	q18, q19, [x1, #32 * 9]
	ldp	q20, q21, [x1, #32 * 10]
	ldp	q22, q23, [x1, #32 * 11]
	ldp	q24, q25, [x1, #32 * 12]
	ldp	q26, q27, [x1, #32 * 13]
	ldp	q28, q29, [x1, #32 * 14]
	ldp	q30, q31, [x1, #32 * 15]
	ldp	x1, x2, [x0, #GREGS_FPSR]
	msr	fpsr, x1
	msr	fpcr, x2
	ret
END(__fpsimd_load)

ENTRY(__fpsimd_save)
	mrs	x1, fpsr
	mrs	x2, fpcr
	stp	x1, x2, [x0, #GREGS_FPSR]
	add	x1, x0, #GREGS_V
	stp	q0, q1, [x1, #32 * 0]
	stp	q2, q3, [x1, #32 * 1]
	stp	q4, q5, [x1, #32 * 2]
	stp	q6, q7, [x1, #32 * 3]
	stp	q8, q9, [x1, #32 * 4]
	stp	q10, q11, [x1, #32 * 5]
	stp	q12, q13, [x1, #32 * 6]
	stp	q14, q15, [x1, #32 * 7]
	stp	q16, q17, [x1, #32 * 8]
	stp	q18, q19, [x1, #32 * 9]
	stp	q20, q21, [x1, #32 * 10]
	stp	q22, q23, [x1, #32 * 11]
	stp	q24, q25, [x1, #32 * 12]
	stp	q26, q27, [x1, #32 * 13]
	stp	q28, q29, [x1, #32 * 14]
	stp	q30, q31, [x1, #32 * 15]
	ret
END(__fpsimd_save)
