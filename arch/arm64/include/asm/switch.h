/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Thread context switch (arch/arm64/switch.S).
 *
 * A switch happens inside a C call, so only what the AAPCS64 says a
 * callee must preserve is saved: x19-x28, the frame pointer x29, the
 * link register x30 and SP. Everything else is dead across the call, or
 * (for an interrupted thread) already saved in the struct pt_regs the
 * IRQ vector pushed on that thread's stack. The kernel is built with
 * -mgeneral-regs-only, so there is no FP/SIMD state to switch (the SIMD
 * sections of <asm/simd.h> run with IRQs masked, never across a switch).
 *
 * A new thread starts with lr = arch_thread_start: the first switch to it
 * "returns" there with x0 = the thread switched away from, and
 * arch_thread_start calls sched_thread_start(prev) (kernel/sched/).
 */
#ifndef ASM_SWITCH_H
#define ASM_SWITCH_H

#define CTX_X19	 0
#define CTX_FP	 (10 * 8)
#define CTX_LR	 (11 * 8)
#define CTX_SP	 (12 * 8)
#define CTX_SIZE (14 * 8) /* padded to 16 bytes */

#ifndef __ASSEMBLER__
#include <asm/sections.h>
#include <avatar/types.h>

struct arch_context {
	u64 x19_x28[10];
	u64 fp;
	u64 lr;
	u64 sp;
	u64 pad;
};

/*
 * Save the callee-saved state in *prev, load *next and continue where
 * next left off. Returns (in next's context) the 'prev' argument of the
 * switch that resumed it.
 */
struct arch_context *arch_context_switch(struct arch_context *prev, struct arch_context *next);

void arch_thread_start(void);

/*
 * Is ctx one a switch may load: its SP inside [stack_lo, stack_hi] and
 * its return address in the kernel's text? (A thread's saved context
 * only ever holds those; anything else means it was overwritten.)
 */
static inline bool arch_context_sane(const struct arch_context *ctx, uintptr_t stack_lo,
				     uintptr_t stack_hi)
{
	return ctx->sp >= stack_lo && ctx->sp <= stack_hi && ctx->lr >= (uintptr_t)_text &&
	       ctx->lr < (uintptr_t)_etext;
}

/* A context that starts in arch_thread_start on the stack ending at stack_top. */
static inline void arch_context_init(struct arch_context *ctx, uintptr_t stack_top)
{
	*ctx = (struct arch_context){0};
	ctx->lr = (u64)(uintptr_t)arch_thread_start;
	ctx->sp = stack_top;
}
#endif

#endif /* ASM_SWITCH_H */
