/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel use of the FP/SIMD registers (arch/arm64/simd.c, copy_simd.S).
 *
 * The kernel is built with -mgeneral-regs-only: C code never touches
 * v0-v31. The one exception is the bulk copy, memcpy_bulk()
 * (<avatar/string.h>), whose assembly moves 64 bytes per instruction
 * with LD1/ST1 of four q-registers. Who owns the SIMD registers:
 *
 *  - native mode (EL1): nobody else. CPACR_EL1.FPEN = 0b01 (arch/arm64/
 *    el.S) lets EL1 use them and traps EL0, whose programs are built
 *    without FP, so there is no user FP state to preserve;
 *  - hypervisor mode (EL2): a vCPU's guest FP/SIMD state may be live in
 *    the registers while its thread runs host code, because the
 *    hypervisor switches it lazily (hypervisor/arch/arm64/switch.c: it
 *    stays loaded across exits and is saved when the vCPU thread is
 *    switched out). The hypervisor registers a saver with
 *    arch_simd_set_state_saver(); arch_simd_begin() calls it, as Linux's
 *    kernel_neon_begin() saves the current task's FP state, and the
 *    vCPU's next entry loads its state again.
 *
 * Beyond that a kernel SIMD section needs only exclusion: it runs with
 * IRQs masked (arch_simd_begin/end), so on one CPU it can nest neither
 * with another section nor with a thread or world switch (an IRQ
 * handler that copied with SIMD would otherwise clobber the interrupted
 * copy, and the thread switch does not save the v-registers). Sections
 * are kept short, SIMD_CHUNK bytes of copy (a few hundred instructions),
 * to bound the interrupt latency. If EL0 FP is ever enabled, the saver
 * must also save the current process's FP state.
 */
#ifndef ASM_SIMD_H
#define ASM_SIMD_H

#include <asm/irqflags.h>
#include <avatar/types.h>

/* Bytes copied per SIMD section (IRQs masked meanwhile). */
#define SIMD_CHUNK 16384
/* __memcpy_simd() moves multiples of this. */
#define SIMD_COPY_GRAIN 64

/*
 * save() puts any state other than the kernel's that is live in this
 * CPU's FP/SIMD registers back to memory; called with IRQs masked.
 */
void arch_simd_set_state_saver(void (*save)(void));
void arch_simd_save_live_state(void);

static inline unsigned long arch_simd_begin(void)
{
	unsigned long flags = arch_local_irq_save();

	arch_simd_save_live_state();
	return flags;
}

static inline void arch_simd_end(unsigned long flags)
{
	arch_local_irq_restore(flags);
}

/* Copy n bytes, n a non-zero multiple of SIMD_COPY_GRAIN; inside a SIMD section. */
void __memcpy_simd(void *dst, const void *src, size_t n);

#endif /* ASM_SIMD_H */
