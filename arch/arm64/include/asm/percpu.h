/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The logical id of the running CPU lives in TPIDR_ELx of the kernel's
 * EL (set by head.S before any C code runs), so this_cpu() is one system
 * register read and per-CPU arrays are indexed by it.
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <asm/el.h>

static inline unsigned int arch_cpu_id(void)
{
	return (unsigned int)read_sysreg_elx(tpidr);
}

static inline u64 arch_read_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_HWID_MASK;
}

#endif /* ASM_PERCPU_H */
