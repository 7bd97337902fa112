/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arch_context_switch(prev, next): save the callee-saved registers, the
 * frame pointer, the link register and SP in *prev, load them from
 * *next and return on next's stack (see <asm/switch.h>). x0 is not
 * touched, so the return value is 'prev'.
 *
 * Called with IRQs masked (the scheduler holds no lock across it).
 */
#include <asm/linkage.h>
#include <asm/switch.h>

	.text
ENTRY(arch_context_switch)
	stp	x19, x20, [x0, #CTX_X19 + 16 * 0]
	stp	x21, x22, [x0, #CTX_X19 + 16 * 1]
	stp	x23, x24, [x0, #CTX_X19 + 16 * 2]
	stp	x25, x26, [x0, #CTX_X19 + 16 * 3]
	stp	x27, x28, [x0, #CTX_X19 + 16 * 4]
	stp	x29, x30, [x0, #CTX_FP]
	mov	x9, sp
	str	x9, [x0, #CTX_SP]

	ldp	x19, x20, [x1, #CTX_X19 + 16 * 0]
	ldp	x21, x22, [x1, #CTX_X19 + 16 * 1]
	ldp	x23, x24, [x1, #CTX_X19 + 16 * 2]
	ldp	x25, x26, [x1, #CTX_X19 + 16 * 3]
	ldp	x27, x28, [x1, #CTX_X19 + 16 * 4]
	ldp	x29, x30, [x1, #CTX_FP]
	ldr	x9, [x1, #CTX_SP]
	mov	sp, x9
	ret
END(arch_context_switch)

/* First instruction of every new thread; x0 = the thread switched away from. */
ENTRY(arch_thread_start)
	mov	x29, xzr		/* end of the frame chain for debuggers */
	mov	x30, xzr
	bl	sched_thread_start	/* never returns */
	b	cpu_park
END(arch_thread_start)
