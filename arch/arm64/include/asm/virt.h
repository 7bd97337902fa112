/* SPDX-License-Identifier: GPL-2.0 */
/*
 * EL2 virtualization controls and syndrome fields used by the hypervisor
 * (hypervisor/, docs/hypervisor.md). Names follow the Arm Architecture
 * Reference Manual (DDI 0487), chapter D19; every value is named here,
 * nowhere else. Usable from assembly (constants only).
 */
#ifndef ASM_VIRT_H
#define ASM_VIRT_H

#include <asm/sysreg.h>

/* HCR_EL2 (D19.2.48), the bits we set for guests; see docs/hypervisor.md. */
#define HCR_EL2_VM     _BITUL(0)      /* stage 2 translation for EL1&0 */
#define HCR_EL2_SWIO   _BITUL(1)      /* DC ISW acts as DC CISW */
#define HCR_EL2_FB     _BITUL(9)      /* broadcast EL1 TLB and I-cache maintenance */
#define HCR_EL2_BSU_IS (_UL(1) << 10) /* barriers upgraded to inner shareable */
#define HCR_EL2_TWI    _BITUL(13)     /* trap WFI */
#define HCR_EL2_TWE    _BITUL(14)     /* trap WFE */
#define HCR_EL2_TID3   _BITUL(18)     /* trap ID group 3 (the ID registers) */
#define HCR_EL2_TSC    _BITUL(19)     /* trap SMC */
#define HCR_EL2_TIDCP  _BITUL(20)     /* trap IMPLEMENTATION DEFINED system registers */
#define HCR_EL2_TACR   _BITUL(21)     /* trap ACTLR_EL1 */
#define HCR_EL2_TLOR   _BITUL(35)     /* trap LORegion registers */

/* VTCR_EL2 (D19.2.161). */
#define VTCR_EL2_T0SZ_SHIFT  0
#define VTCR_EL2_SL0_SHIFT   6 /* 4K granule: 0 = level 2, 1 = level 1, 2 = level 0 */
#define VTCR_EL2_IRGN0_WBWA  (_UL(1) << 8)
#define VTCR_EL2_ORGN0_WBWA  (_UL(1) << 10)
#define VTCR_EL2_SH0_INNER   (_UL(3) << 12)
#define VTCR_EL2_TG0_4K	     (_UL(0) << 14)
#define VTCR_EL2_PS_SHIFT    16
#define VTCR_EL2_VS_16BIT    _BITUL(19) /* 16-bit VMIDs */
#define VTCR_EL2_RES1	     _BITUL(31)
#define VTTBR_EL2_VMID_SHIFT 48

/* MDCR_EL2 (D19.3.16). */
#define MDCR_EL2_HPMN_MASK _UL(0x1f)  /* counters EL1 may use (kept = PMCR_EL0.N) */
#define MDCR_EL2_TPMCR	   _BITUL(5)  /* trap PMCR_EL0 */
#define MDCR_EL2_TPM	   _BITUL(6)  /* trap the other PMU registers */
#define MDCR_EL2_TDOSA	   _BITUL(10) /* trap OS lock / power-down registers */
#define MDCR_EL2_TDA	   _BITUL(9)  /* trap debug registers */
#define MDCR_EL2_TDRA	   _BITUL(11) /* trap debug ROM address registers */
#define PMCR_EL0_N_SHIFT   11
#define PMCR_EL0_N_MASK	   _UL(0x1f)

/* CPTR_EL2, E2H == 0 (D19.2.30): CPTR_EL2_RES1 (sysreg.h) keeps TZ (bit 8) = 1. */
#define CPTR_EL2_TFP _BITUL(10) /* trap FP/SIMD */
#define CPTR_EL2_TTA _BITUL(20) /* trap trace registers */

/* CNTHCTL_EL2 bits: CNTHCTL_EL1PCTEN / CNTHCTL_EL1PCEN in sysreg.h. */

/* ID_AA64MMFR1_EL1.VMIDBits (D19.2.68): 0 = 8 bits, 2 = 16 bits. */
#define ID_AA64MMFR1_VMIDBITS_SHIFT 4
#define ID_AA64MMFR1_VMIDBITS_MASK  _UL(0xf)
#define ID_AA64MMFR1_VMIDBITS_16    2

/* ESR_ELx.EC values (D19.2.37). */
#define ESR_EC_UNKNOWN	0x00
#define ESR_EC_WFX	0x01
#define ESR_EC_FP_ASIMD 0x07
#define ESR_EC_PAC	0x09
#define ESR_EC_ILL	0x0e
#define ESR_EC_SVC64	0x15
#define ESR_EC_HVC64	0x16
#define ESR_EC_SMC64	0x17
#define ESR_EC_SYS64	0x18
#define ESR_EC_SVE	0x19
#define ESR_EC_IABT_LOW 0x20
#define ESR_EC_IABT_CUR 0x21
#define ESR_EC_DABT_LOW 0x24
#define ESR_EC_DABT_CUR 0x25
#define ESR_EC_SERROR	0x2f
#define ESR_EC_BRK64	0x3c
#define ESR_EC_MAX	0x3f

/* ISS of a WFx trap: TI[1:0], 0 = WFI, 1 = WFE. */
#define ESR_WFX_TI_MASK _UL(0x3)
#define ESR_WFX_TI_WFI	0

/* ISS of an HVC/SMC: the 16-bit immediate. */
#define ESR_HVC_IMM_MASK _UL(0xffff)

/* ISS of a data abort (D19.2.37, "ISS encoding for an exception from a Data Abort"). */
#define ESR_DABT_ISV	   _BITUL(24) /* bits [23:14] are valid */
#define ESR_DABT_SAS_SHIFT 22	      /* access size: log2 bytes */
#define ESR_DABT_SAS_MASK  _UL(0x3)
#define ESR_DABT_SSE	   _BITUL(21) /* sign-extend */
#define ESR_DABT_SRT_SHIFT 16	      /* register transferred */
#define ESR_DABT_SRT_MASK  _UL(0x1f)
#define ESR_DABT_SF	   _BITUL(15) /* 64-bit register */
#define ESR_DABT_S1PTW	   _BITUL(7)  /* fault on a stage 1 table walk */
#define ESR_DABT_WNR	   _BITUL(6)  /* write */
#define ESR_xABT_FSC_MASK  _UL(0x3f)  /* fault status code */

/* ISS of a trapped MSR/MRS (EC 0x18). */
#define ESR_SYS64_DIR_READ  _BITUL(0) /* 1: MRS (read) */
#define ESR_SYS64_CRM_SHIFT 1
#define ESR_SYS64_RT_SHIFT  5
#define ESR_SYS64_CRN_SHIFT 10
#define ESR_SYS64_OP1_SHIFT 14
#define ESR_SYS64_OP2_SHIFT 17
#define ESR_SYS64_OP0_SHIFT 20
/* Op0, Op2, Op1, CRn, CRm: the bits that name a register (Rt and direction masked). */
#define ESR_SYS64_REG_MASK _UL(0x3ffc1e)

/* HPFAR_EL2 (D19.2.49): IPA[47:12] of a stage 2 fault in bits [43:4]. */
#define HPFAR_EL2_FIPA_SHIFT 4
#define HPFAR_EL2_FIPA_MASK  _UL(0xfffffffff0)

/* Exception vector offsets from VBAR_EL1 (D1.10.2). */
#define VBAR_OFF_CUR_SP0  0x000
#define VBAR_OFF_CUR_SPX  0x200
#define VBAR_OFF_LOWER_64 0x400

/* SPSR: M[3:0] of EL1 with SP_EL0 and of EL0 (SPSR_EL1_MODE_EL1H in sysreg.h). */
#define PSR_MODE_EL0T _UL(0x0)
#define PSR_MODE_EL1T _UL(0x4)

#endif /* ASM_VIRT_H */
