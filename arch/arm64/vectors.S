/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Exception vector table of the kernel's EL (VBAR_EL2 or VBAR_EL1).
 *
 * 16 entries of 128 bytes (Arm ARM D1.10.2): {current EL with SP_EL0,
 * current EL with SP_ELx, lower EL AArch64, lower EL AArch32} x {Sync,
 * IRQ, FIQ, SError}.
 *
 * IRQ at the current EL with SP_ELx (the kernel always runs on SP_ELx):
 * the whole interrupted context (x0-x30, SP, ELR, SPSR) is saved as a
 * struct pt_regs on the current stack, irq_handle(regs) runs, and the
 * frame is restored and returned to with eret. The frame stays on the
 * interrupted thread's own stack (there is no separate IRQ stack), and
 * ELR/SPSR are reloaded from it, not from the registers: so irq_handle()
 * may switch to another thread (sched_irq_exit()) and come back here
 * much later, after other interrupts have reused ELR_ELx and SPSR_ELx.
 * IRQs stay masked (PSTATE.I set by the exception) until the eret.
 *
 * Lower EL, AArch64 (entries 8-11) belong to the code that enters that
 * level; this is the one choice of the mode, made in <asm/el.h>:
 *
 *  - hypervisor: <asm/el.h> names LOWER_EL_*_ENTRY, the guest exits of
 *    hypervisor/arch/arm64/entry.S. Each slot is a plain branch with every
 *    register still the guest's; the exit code saves them into the vCPU.
 *  - native: Sync and IRQ save the same frame as above, with the lower
 *    EL's stack pointer (SP_EL0) in pt_regs.sp, then call
 *    el0_sync_handler(regs) or el0_irq_handler(regs) (kernel/user/: system
 *    calls, page faults, interrupts of user code; weak defaults in traps.c
 *    report the exception as unexpected), and ret_to_lower restores the
 *    frame (SP_EL0 included) and returns. The frame is at the top of the
 *    current thread's kernel stack, which is where SP_ELx points while the
 *    thread runs at the lower EL.
 *
 * Every other entry saves a struct pt_regs and calls bad_exception(regs,
 * index), which prints a register dump and halts the CPU.
 */
#include <asm/el.h>
#include <asm/linkage.h>
#include <asm/ptrace.h>

.macro ventry index
	.balign	128
	sub	sp, sp, #PT_REGS_SIZE
	stp	x0, x1, [sp, #PT_REGS_X0]
	mov	x0, #\index
	b	unexpected_exception
.endm

/* An entry that saves x0/x1 and branches to a full handler. */
.macro ventry_to label
	.balign	128
	sub	sp, sp, #PT_REGS_SIZE
	stp	x0, x1, [sp, #PT_REGS_X0]
	b	\label
.endm

/* A lower-EL entry that branches straight to code that saves the state itself. */
.macro ventry_lower target
	.balign	128
	b	\target
.endm

/* Save x2-x30, the interrupted SP, ELR and SPSR; x0/x1 are saved already. Clobbers x1, x2. */
.macro save_context
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	add	x1, sp, #PT_REGS_SIZE		/* SP before the exception */
	stp	x30, x1, [sp, #16 * 15]
	mrs	x1, ELX(elr)
	mrs	x2, ELX(spsr)
	stp	x1, x2, [sp, #PT_REGS_ELR]
.endm

/* Reload ELR, SPSR, x0-x30 from the frame at SP, pop it and return. */
.macro restore_context_eret
	ldp	x1, x2, [sp, #PT_REGS_ELR]
	msr	ELX(elr), x1
	msr	ELX(spsr), x2
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #16 * 15]
	ldp	x0, x1, [sp, #PT_REGS_X0]
	add	sp, sp, #PT_REGS_SIZE
	eret
.endm

	.text
	.balign	2048		/* VBAR_ELx bits [10:0] are RES0 */
ENTRY(vectors)
	ventry	0	/* current EL, SP_EL0: sync */
	ventry	1	/* IRQ */
	ventry	2	/* FIQ */
	ventry	3	/* SError */
	ventry	4	/* current EL, SP_ELx: sync */
	ventry_to	irq_entry	/* 5: IRQ */
	ventry	6	/* FIQ */
	ventry	7	/* SError */
#ifdef LOWER_EL_SYNC_ENTRY
	ventry_lower	LOWER_EL_SYNC_ENTRY	/* 8: lower EL, AArch64: sync */
	ventry_lower	LOWER_EL_IRQ_ENTRY	/* 9: IRQ */
	ventry_lower	LOWER_EL_FIQ_ENTRY	/* 10: FIQ */
	ventry_lower	LOWER_EL_SERROR_ENTRY	/* 11: SError */
#else
	ventry_to	el0_sync_entry	/* 8: lower EL, AArch64: sync */
	ventry_to	el0_irq_entry	/* 9: IRQ */
	ventry	10
	ventry	11
#endif
	ventry	12	/* lower EL, AArch32: sync */
	ventry	13
	ventry	14
	ventry	15
END(vectors)

/* An IRQ at the kernel's EL; x0/x1 of the interrupted context are saved already. */
LOCAL_ENTRY(irq_entry)
	save_context
	stp	xzr, xzr, [sp, #PT_REGS_ESR]	/* no syndrome for an interrupt */
	mov	x0, sp
	bl	irq_handle			/* may switch threads and return later */
	restore_context_eret
END(irq_entry)

/* From the lower EL; x0/x1 are saved already. */
LOCAL_ENTRY(el0_sync_entry)
	save_context
	mrs	x1, sp_el0
	str	x1, [sp, #PT_REGS_SP]
	mrs	x1, ELX(esr)
	mrs	x2, ELX(far)
	stp	x1, x2, [sp, #PT_REGS_ESR]
	mov	x0, sp
	bl	el0_sync_handler		/* returns with IRQs masked */
	b	ret_to_lower
END(el0_sync_entry)

LOCAL_ENTRY(el0_irq_entry)
	save_context
	mrs	x1, sp_el0
	str	x1, [sp, #PT_REGS_SP]
	stp	xzr, xzr, [sp, #PT_REGS_ESR]
	mov	x0, sp
	bl	el0_irq_handler			/* may switch threads and return later */
	b	ret_to_lower
END(el0_irq_entry)

/*
 * Return to the lower EL with the frame at SP (IRQs masked). Also the way
 * into user mode for the first time: a thread builds a frame at the top
 * of its stack and branches here (arch_enter_lower()).
 */
ENTRY(ret_to_lower)
	ldr	x1, [sp, #PT_REGS_SP]
	msr	sp_el0, x1
	restore_context_eret
END(ret_to_lower)

/* void arch_enter_lower(struct pt_regs *frame): SP = frame, then ret_to_lower. */
ENTRY(arch_enter_lower)
	msr	daifset, #0xf
	mov	sp, x0
	b	ret_to_lower
END(arch_enter_lower)

/* x0 = vector index; x0/x1 of the interrupted context are saved already. */
LOCAL_ENTRY(unexpected_exception)
	save_context				/* keeps x0 */
	mrs	x1, ELX(esr)
	mrs	x2, ELX(far)
	stp	x1, x2, [sp, #PT_REGS_ESR]
	mov	x1, x0
	mov	x0, sp
	bl	bad_exception
	b	cpu_park
END(unexpected_exception)
