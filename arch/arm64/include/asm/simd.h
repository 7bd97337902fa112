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
 *  - hypervisor mode (EL2): a vCPU's guest FP/SIMD state is live in the
 *    registers only inside vcpu_arch_run() (hypervisor/arch/arm64/
 *    switch.c, entry.S), with IRQs masked from the load before the guest
 *    entry to the save after its exit. Outside that window the registers
 *    hold nothing anyone needs (the next entry reloads all 32 q-registers,
 *    FPSR and FPCR, so nothing the host left there reaches a guest).
 *
 * So a kernel SIMD section needs no save and restore, only exclusion: a
 * section runs with IRQs masked (arch_simd_begin/end), so on one CPU it
 * can nest neither with another section nor with a world switch (an IRQ
 * handler that copied with SIMD would otherwise clobber the interrupted
 * copy, and the thread switch does not save the v-registers). Sections
 * are kept short, SIMD_CHUNK bytes of copy (a few hundred instructions),
 * to bound the interrupt latency. Linux's kernel_neon_begin() instead
 * saves the user task's FP state and disables preemption, because user
 * FP state is live there; if EL0 FP is ever enabled here, begin must save
 * the current process's FP state the same way.
 */
#ifndef ASM_SIMD_H
#define ASM_SIMD_H

#include <asm/irqflags.h>
#include <avatar/types.h>

/* Bytes copied per SIMD section (IRQs masked meanwhile). */
#define SIMD_CHUNK 16384
/* __memcpy_simd() moves multiples of this. */
#define SIMD_COPY_GRAIN 64

static inline unsigned long arch_simd_begin(void)
{
	return arch_local_irq_save();
}

static inline void arch_simd_end(unsigned long flags)
{
	arch_local_irq_restore(flags);
}

/* Copy n bytes, n a non-zero multiple of SIMD_COPY_GRAIN; inside a SIMD section. */
void __memcpy_simd(void *dst, const void *src, size_t n);

#endif /* ASM_SIMD_H */
