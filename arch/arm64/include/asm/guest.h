/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A vCPU's guest state as the world switch sees it
 * (hypervisor/arch/arm64/entry.S, switch.c).
 *
 * struct guest_regs is what the assembly saves and loads at every entry
 * and exit: x0-x30, SP_EL0, the PC and PSTATE (ELR_EL2 / SPSR_EL2), the
 * syndrome of the exit; and the FP/SIMD registers, which are switched
 * lazily with the EL1 registers (below). The offsets are checked against
 * the struct at compile time.
 *
 * struct guest_sysregs is the guest's EL1 (and EL0) system register
 * state. GUEST_SYSREGS() lists the ones switched lazily: loaded at the
 * first entry after the vCPU thread is switched in, saved when it is
 * switched out (the host at EL2 never uses them, nor FP/SIMD: it is built
 * with -mgeneral-regs-only). GUEST_TIMER_SYSREGS() lists the ones saved
 * and loaded around every run, because the host reads them after each
 * exit (the virtual timer's level) and must stop the timer meanwhile.
 */
#ifndef ASM_GUEST_H
#define ASM_GUEST_H

#define GREGS_X0     0
#define GREGS_SP_EL0 (31 * 8)
#define GREGS_PC     (32 * 8)
#define GREGS_PSTATE (33 * 8)
#define GREGS_ESR    (34 * 8)
#define GREGS_FAR    (35 * 8)
#define GREGS_HPFAR  (36 * 8)
#define GREGS_FPSR   (37 * 8)
#define GREGS_FPCR   (38 * 8)
#define GREGS_V	     (40 * 8) /* q0-q31, 16-byte aligned */
#define GREGS_SIZE   (GREGS_V + 32 * 16)

/* Exit reasons returned by __guest_enter(): which vector took the guest out. */
#define GUEST_EXIT_SYNC	  0
#define GUEST_EXIT_IRQ	  1
#define GUEST_EXIT_FIQ	  2
#define GUEST_EXIT_SERROR 3
#define GUEST_EXIT_NONE	  4 /* not entered (a stop was requested) */

/* Host frame pushed by __guest_enter: x19-x30, the guest_regs and the lane pointers. */
#define GUEST_HOST_FRAME      112
#define GUEST_HOST_FRAME_REGS 96  /* offset of the guest_regs pointer */
#define GUEST_HOST_FRAME_LANE 104 /* offset of the VM's vPL011 transmit lane (entry.S) */

#ifndef __ASSEMBLER__
#include <avatar/types.h>

struct guest_regs {
	u64 x[31];
	u64 sp_el0;
	u64 pc;
	u64 pstate;
	u64 esr; /* ESR_EL2, FAR_EL2, HPFAR_EL2 of the last exit */
	u64 far;
	u64 hpfar;
	u64 fpsr;
	u64 fpcr;
	u64 pad;
	u64 v[64] __attribute__((aligned(16)));
};

/* The EL1/EL0 registers a guest owns, switched lazily (switch.c). */
#define GUEST_SYSREGS(X)  \
	X(sp_el1)         \
	X(elr_el1)        \
	X(spsr_el1)       \
	X(sctlr_el1)      \
	X(ttbr0_el1)      \
	X(ttbr1_el1)      \
	X(tcr_el1)        \
	X(mair_el1)       \
	X(amair_el1)      \
	X(contextidr_el1) \
	X(tpidr_el0)      \
	X(tpidr_el1)      \
	X(tpidrro_el0)    \
	X(vbar_el1)       \
	X(esr_el1)        \
	X(far_el1)        \
	X(afsr0_el1)      \
	X(afsr1_el1)      \
	X(par_el1)        \
	X(cpacr_el1)      \
	X(cntkctl_el1)    \
	X(csselr_el1)     \
	X(mdscr_el1)

/* The guest's virtual timer, switched at every run; CNTV_CVAL before CNTV_CTL (restore order). */
#define GUEST_TIMER_SYSREGS(X) \
	X(cntv_cval_el0)       \
	X(cntv_ctl_el0)

struct guest_sysregs {
#define GUEST_SYSREG_FIELD(reg) u64 reg;
	GUEST_SYSREGS(GUEST_SYSREG_FIELD)
	GUEST_TIMER_SYSREGS(GUEST_SYSREG_FIELD)
#undef GUEST_SYSREG_FIELD
	u64 vmpidr_el2; /* what the guest reads as MPIDR_EL1 / MIDR_EL1 */
	u64 vpidr_el2;
};

struct vpl011_lane;
/*
 * Enter the guest with regs loaded; returns a GUEST_EXIT_* reason with
 * regs saved. lane (or NULL) is the VM's vPL011 transmit lane, which the
 * exception entry fills by itself (entry.S, "console lane").
 */
u64 __guest_enter(struct guest_regs *regs, struct vpl011_lane *lane);
/* The FP/SIMD registers (q0-q31, FPSR, FPCR) from / to regs (entry.S). */
void __fpsimd_load(const struct guest_regs *regs);
void __fpsimd_save(struct guest_regs *regs);
#endif

#endif /* ASM_GUEST_H */
