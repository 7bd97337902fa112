/* SPDX-License-Identifier: GPL-2.0 */
/* The boot identity map and MMU enable (arch/arm64/mmu.c, mmu_enable.S). */
#ifndef ASM_MMU_H
#define ASM_MMU_H

#define MMU_REGS_MAIR  0
#define MMU_REGS_TCR   8
#define MMU_REGS_TTBR0 16
#define MMU_REGS_SCTLR 24

#ifndef __ASSEMBLER__
#include <avatar/types.h>

/*
 * Register values every CPU loads to turn its MMU on. Written by the boot
 * CPU with its MMU still off (so they are in memory, not in a cache line
 * that a secondary CPU starting with its caches off could not see).
 */
struct mmu_regs {
	u64 mair;
	u64 tcr;
	u64 ttbr0;
	u64 sctlr;
};

extern struct mmu_regs boot_mmu_regs;

/* Build the identity map from the DTB's memory nodes and enable the MMU (boot CPU). */
void mmu_init(const void *dtb);
/* Load the registers and turn the MMU on; no stack use (mmu_enable.S). */
void __mmu_enable(const struct mmu_regs *regs);
/* Is the EL0 window [0, USER_VA_END) free in the kernel's map (CONFIG_USER)? */
bool mmu_user_window_ok(void);
/* The kernel's level 1 table (processes copy it). */
const u64 *mmu_kernel_l1(void);
/* Print what mmu_init() mapped. */
void mmu_report(void);
#endif

#endif /* ASM_MMU_H */
