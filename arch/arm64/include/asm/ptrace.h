/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register frame saved by the exception vectors (vectors.S). The
 * offsets are used from assembly; traps.c checks them against the struct
 * at compile time.
 */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#define PT_REGS_X0   0
#define PT_REGS_SP   (31 * 8)
#define PT_REGS_ELR  (32 * 8)
#define PT_REGS_SPSR (33 * 8)
#define PT_REGS_ESR  (34 * 8)
#define PT_REGS_FAR  (35 * 8)
#define PT_REGS_SIZE (36 * 8) /* a multiple of 16, as SP must stay aligned */

#ifndef __ASSEMBLER__
#include <avatar/types.h>

struct pt_regs {
	u64 regs[31]; /* x0..x30 */
	u64 sp;	      /* SP at the time of the exception */
	u64 elr;
	u64 spsr;
	u64 esr;
	u64 far;
};

/*
 * The unexpected-exception dump (traps.c) calls this after the registers:
 * a layer above may print its own state (the hypervisor: its EL2 controls
 * and the vCPU loaded on this CPU). A weak default prints nothing.
 */
void exception_dump_extra(void);
#endif

#endif /* ASM_PTRACE_H */
