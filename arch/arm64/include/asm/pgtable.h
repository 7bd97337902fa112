/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stage 1 translation with the 4 KiB granule (Arm ARM D8, "The AArch64
 * Virtual Memory System Architecture"): descriptor bits, memory
 * attributes and the translation control register fields we program.
 *
 * The kernel uses a 39-bit identity map (T0SZ = 25), so a walk starts at
 * level 1: 512 entries of 1 GiB, optionally split into 2 MiB blocks by a
 * level 2 table.
 */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H

#include <asm/el.h>
#include <asm/sysreg.h>

#define PAGE_SHIFT     12
#define PAGE_SIZE      (_UL(1) << PAGE_SHIFT)
#define PTRS_PER_TABLE 512
#define L1_BLOCK_SHIFT 30 /* 1 GiB */
#define L2_BLOCK_SHIFT 21 /* 2 MiB */
#define IDMAP_VA_BITS  39

#define L3_PAGE_SHIFT 12 /* 4 KiB */

/* Descriptor types, bits [1:0] (D8.3). */
#define PTE_VALID      _UL(0x1)
#define PTE_TYPE_BLOCK _UL(0x1)
#define PTE_TYPE_TABLE _UL(0x3)
#define PTE_TYPE_PAGE  _UL(0x3)		       /* at level 3 */
#define PTE_ADDR_MASK  _UL(0x0000fffffffff000) /* output address [47:12] */

/* Block/page attributes (D8.3.2). */
#define PTE_ATTRINDX(idx) ((_UL(idx) & 7) << 2) /* index into MAIR_ELx */
#define PTE_AP_SHIFT	  6
#define PTE_SH_INNER	  (_UL(3) << 8) /* inner shareable */
#define PTE_AF		  _BITUL(10)	/* access flag: no access flag faults */
#define PTE_NG		  _BITUL(11)	/* not global: tagged with the ASID */
#define PTE_PXN		  _BITUL(53)	/* EL1&0 regime: privileged execute-never */
#define PTE_UXN		  _BITUL(54)	/* EL1&0: EL0 execute-never; EL2: XN */

/*
 * Regime-specific encodings. In the EL2 regime (one privilege level)
 * AP[1] is RES1 and bit 54 is the only execute-never bit; in the EL1&0
 * regime AP = 0b00 means EL1 read/write, no EL0 access (D8.4.1.2).
 */
#if KERNEL_EL == 2
#define PTE_AP_KERNEL_RW (_UL(1) << PTE_AP_SHIFT)
#define PTE_KERNEL_XN	 PTE_UXN
#define PTE_KERNEL_UXN	 _UL(0) /* no EL0 in this regime */
#else
#define PTE_AP_KERNEL_RW (_UL(0) << PTE_AP_SHIFT)
#define PTE_KERNEL_XN	 (PTE_PXN | PTE_UXN)
/* EL0 never executes kernel memory (AP does not restrict execution). */
#define PTE_KERNEL_UXN	 PTE_UXN
#endif
/* EL1&0 regime, EL0 pages: AP[2:1] = 01 read/write, 11 read-only (both levels). */
#define PTE_AP_USER_RW (_UL(1) << PTE_AP_SHIFT)
#define PTE_AP_USER_RO (_UL(3) << PTE_AP_SHIFT)
#define PTE_AP_RO_BIT  (_UL(2) << PTE_AP_SHIFT)

/*
 * Native mode: the EL0 window [0, USER_VA_END) at the bottom of the
 * identity map's address space, which the kernel's own map leaves
 * invalid (see docs/user-mode.md). Each process maps its pages there
 * through its own tables; everything above is the shared kernel map.
 */
#define USER_VA_END _UL(0x08000000) /* 128 MiB: 64 level 2 slots of 2 MiB */

/* MAIR_ELx attribute slots (D19.2.82). */
#define MT_DEVICE_nGnRnE	0 /* slot 0: Device-nGnRnE */
#define MT_NORMAL		1 /* slot 1: Normal, inner/outer write-back, r/w-allocate */
#define MAIR_ATTR_DEVICE_nGnRnE _UL(0x00)
#define MAIR_ATTR_NORMAL_WB	_UL(0xff)
#define MAIR_ATTR(attr, idx)	((attr) << ((idx)*8))
#define MAIR_KERNEL_VALUE                                       \
	(MAIR_ATTR(MAIR_ATTR_DEVICE_nGnRnE, MT_DEVICE_nGnRnE) | \
	 MAIR_ATTR(MAIR_ATTR_NORMAL_WB, MT_NORMAL))

/* TCR_ELx fields shared by TCR_EL1 (TTBR0 half) and TCR_EL2 (D19.2.139/140). */
#define TCR_T0SZ(bits) (_UL(64) - (bits))
#define TCR_IRGN0_WBWA (_UL(1) << 8)
#define TCR_ORGN0_WBWA (_UL(1) << 10)
#define TCR_SH0_INNER  (_UL(3) << 12)
#define TCR_TG0_4K     (_UL(0) << 14)
/* TCR_EL2 (E2H == 0): PS in [18:16], bits 23 and 31 RES1. */
#define TCR_EL2_PS_SHIFT 16
#define TCR_EL2_RES1	 (_BITUL(23) | _BITUL(31))
/* TCR_EL1: IPS in [34:32]; no TTBR1 walks (EPD1), TG1 given a valid 4K value. */
#define TCR_EL1_IPS_SHIFT 32
#define TTBR_ASID_SHIFT	  48 /* TTBR0_EL1.ASID (8 bits, TCR_EL1.AS = 0) */
#define TCR_EL1_EPD1	  _BITUL(23)
#define TCR_EL1_TG1_4K	  (_UL(2) << 30)

#if KERNEL_EL == 2
#define TCR_ELX_PS_SHIFT TCR_EL2_PS_SHIFT
#define TCR_ELX_FIXED	 TCR_EL2_RES1
#else
#define TCR_ELX_PS_SHIFT TCR_EL1_IPS_SHIFT
#define TCR_ELX_FIXED	 (TCR_EL1_EPD1 | TCR_EL1_TG1_4K)
#endif

#endif /* ASM_PGTABLE_H */
