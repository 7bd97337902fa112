/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System register access and the architectural fields this kernel uses.
 *
 * read_sysreg(name) / write_sysreg(val, name) take the register's
 * assembler name (sctlr_el2, mpidr_el1, ...). Code that means "the
 * register of the exception level the kernel runs at" uses the _elx
 * variants from <asm/el.h> instead of naming an EL.
 *
 * Field names follow the Arm Architecture Reference Manual for A-profile
 * (DDI 0487), chapter D19 "AArch64 System Register Descriptions".
 * This header is usable from assembly (constants only).
 */
#ifndef ASM_SYSREG_H
#define ASM_SYSREG_H

#ifdef __ASSEMBLER__
#define _BITUL(n) (1 << (n))
#define _UL(x)	  (x)
#else
#define _BITUL(n) (1UL << (n))
#define _UL(x)	  (x##UL)
#endif

/* CurrentEL: EL in bits [3:2]. */
#define CURRENTEL_EL_SHIFT 2
#define CURRENTEL_EL_MASK  3

/* SPSR_ELx / PSTATE (D1.2, C5.2.19). */
#define PSR_MODE_EL0T _UL(0x0) /* AArch64 EL0 (SP_EL0) */
#define PSR_MODE_EL1H _UL(0x5) /* AArch64 EL1 using SP_EL1 */
#define PSR_MODE_EL2H _UL(0x9) /* AArch64 EL2 using SP_EL2 */
#define PSR_MODE_MASK _UL(0xf)
#define PSR_F_BIT     _BITUL(6)
#define PSR_I_BIT     _BITUL(7)
#define PSR_A_BIT     _BITUL(8)
#define PSR_D_BIT     _BITUL(9)
#define PSR_DAIF_MASK (PSR_D_BIT | PSR_A_BIT | PSR_I_BIT | PSR_F_BIT)

/* SCTLR_EL1 / SCTLR_EL2 (D19.2.118 / .119): bits common to both. */
#define SCTLR_ELx_M   _BITUL(0)	 /* stage 1 MMU enable */
#define SCTLR_ELx_A   _BITUL(1)	 /* alignment check */
#define SCTLR_ELx_C   _BITUL(2)	 /* data cacheability */
#define SCTLR_ELx_SA  _BITUL(3)	 /* SP alignment check */
#define SCTLR_ELx_I   _BITUL(12) /* instruction cacheability */
#define SCTLR_ELx_WXN _BITUL(19) /* writable implies execute-never */
#define SCTLR_ELx_EE  _BITUL(25) /* big-endian data accesses */
/* RES1 bits (Armv8.0 encodings; later features reuse them, keeping value 1 safe). */
#define SCTLR_EL1_RES1 (_BITUL(11) | _BITUL(20) | _BITUL(22) | _BITUL(23) | _BITUL(28) | _BITUL(29))
#define SCTLR_EL2_RES1                                                                            \
	(_BITUL(4) | _BITUL(5) | _BITUL(11) | _BITUL(16) | _BITUL(18) | _BITUL(22) | _BITUL(23) | \
	 _BITUL(28) | _BITUL(29))

/* HCR_EL2 (D19.2.48). */
#define HCR_EL2_FMO _BITUL(3)  /* physical FIQs go to EL2; EL1 sees virtual FIQs */
#define HCR_EL2_IMO _BITUL(4)  /* physical IRQs go to EL2; EL1 sees virtual IRQs */
#define HCR_EL2_AMO _BITUL(5)  /* physical SErrors go to EL2; EL1 sees virtual SErrors */
#define HCR_EL2_RW  _BITUL(31) /* EL1 is AArch64 */
#define HCR_EL2_E2H _BITUL(34) /* VHE: kept 0, we use the plain EL2 regime */

/* CNTHCTL_EL2 with HCR_EL2.E2H == 0 (D19.11.3). */
#define CNTHCTL_EL1PCTEN _BITUL(0) /* EL1/EL0 may read CNTPCT_EL0 */
#define CNTHCTL_EL1PCEN	 _BITUL(1) /* EL1/EL0 may use the EL1 physical timer */

/* CNTP_CTL_EL0 / CNTHP_CTL_EL2 (D19.11): the same layout for every timer. */
#define CNT_CTL_ENABLE	_BITUL(0) /* timer enabled */
#define CNT_CTL_IMASK	_BITUL(1) /* interrupt masked */
#define CNT_CTL_ISTATUS _BITUL(2) /* condition met (read-only) */

/*
 * CPACR_EL1.FPEN (D19.2.29), bits [21:20]: 0b01 traps FP/SIMD at EL0 only.
 * The native kernel uses SIMD registers in its bulk copy (<asm/simd.h>);
 * EL0 programs are built without FP and their FP/SIMD use still traps.
 */
#define CPACR_EL1_FPEN_EL1 (_UL(1) << 20)

/* CPTR_EL2 with HCR_EL2.E2H == 0 (D19.2.30): RES1 bits, and no trap bits set. */
#define CPTR_EL2_RES1 (_UL(0x33ff))

/* ICC_SRE_EL2 (GICv3 system register interface, GIC arch spec 12.2.16). */
#define ICC_SRE_EL2_SRE	   _BITUL(0) /* system register interface at EL2 */
#define ICC_SRE_EL2_ENABLE _BITUL(3) /* EL1 may use ICC_SRE_EL1 */
/* ICC_SRE_EL1 / ICC_SRE_EL2 (IHI 0069 12.2.15/16): SRE is bit 0 in both. */
#define ICC_SRE_ELx_SRE _BITUL(0)

/*
 * GICv3 CPU interface, ICC_*_EL1 (IHI 0069 12.2). The kernel uses these
 * at EL1 and at EL2 alike: at EL2 they access the physical interface.
 */
#define ICC_CTLR_EL1_EOIMODE _BITUL(1) /* 0: EOIR drops priority and deactivates */
#define ICC_IGRPEN1_EL1_EN   _BITUL(0) /* Group 1 interrupts enabled */
#define ICC_IAR1_EL1_INTID   _UL(0xffffff)
#define ICC_PMR_EL1_ALL	     _UL(0xff) /* lowest mask: every priority is signalled */
/* ICC_SGI1R_EL1 fields (IHI 0069 12.2.22). */
#define ICC_SGI1R_TARGETS_SHIFT 0 /* bitmap of Aff0 values within a range */
#define ICC_SGI1R_AFF1_SHIFT	16
#define ICC_SGI1R_INTID_SHIFT	24
#define ICC_SGI1R_AFF2_SHIFT	32
#define ICC_SGI1R_RS_SHIFT	44 /* range: Aff0 / 16 */
#define ICC_SGI1R_AFF3_SHIFT	48
#define ICC_SGI1R_AFF0_PER_RS	16

/* ID_AA64PFR0_EL1 (D19.2.64). */
#define ID_AA64PFR0_GIC_SHIFT 24 /* non-zero: GICv3+ system registers */
#define ID_AA64PFR0_GIC_MASK  _UL(0xf)

/* ID_AA64MMFR0_EL1.PARange (D19.2.67): physical address size. */
#define ID_AA64MMFR0_PARANGE_SHIFT 0
#define ID_AA64MMFR0_PARANGE_MASK  _UL(0xf)

/* MPIDR_EL1 (D19.2.86): affinity fields identifying a CPU. */
#define MPIDR_AFF0_SHIFT 0
#define MPIDR_AFF1_SHIFT 8
#define MPIDR_AFF2_SHIFT 16
#define MPIDR_AFF3_SHIFT 32
#define MPIDR_HWID_MASK	 _UL(0xff00ffffff) /* Aff3..Aff0 */

/* ESR_ELx (D19.2.37): exception syndrome. */
#define ESR_ELx_EC_SHIFT 26
#define ESR_ELx_EC_MASK	 _UL(0x3f)
#define ESR_ELx_IL	 _BITUL(25)
#define ESR_ELx_ISS_MASK _UL(0x1ffffff)

/* CTR_EL0 (D19.2.33): cache line sizes, log2 of the number of words. */
#define CTR_EL0_DMINLINE_SHIFT 16
#define CTR_EL0_IMINLINE_SHIFT 0
#define CTR_EL0_LINE_MASK      _UL(0xf)

/* DCZID_EL0: DC ZVA's block size (log2 of words) and whether it is prohibited. */
#define DCZID_EL0_BS_MASK _UL(0xf)
#define DCZID_EL0_DZP	  (_UL(1) << 4)

#ifndef __ASSEMBLER__
#include <avatar/types.h>

#define read_sysreg(reg)                                                           \
	({                                                                         \
		u64 __val;                                                         \
		__asm__ __volatile__("mrs %0, " __sysreg_name(reg) : "=r"(__val)); \
		__val;                                                             \
	})

#define write_sysreg(val, reg)                                                         \
	do {                                                                           \
		u64 __val = (u64)(val);                                                \
		__asm__ __volatile__("msr " __sysreg_name(reg) ", %x0" ::"rZ"(__val)); \
	} while (0)

/* Expand a (possibly macro-built) register name to a string. */
#define __sysreg_name(reg) __sysreg_str(reg)
#define __sysreg_str(reg)  #reg

static inline unsigned int current_el(void)
{
	return (unsigned int)(read_sysreg(CurrentEL) >> CURRENTEL_EL_SHIFT) & CURRENTEL_EL_MASK;
}
#endif /* !__ASSEMBLER__ */

#endif /* ASM_SYSREG_H */
