/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TestOS: the GIC registers its drivers use (gic.c for the checks, bench.c,
 * console.c), at QEMU virt's addresses. Offsets and fields from the GIC
 * architecture specification (IHI 0069: GICv3; IHI 0048: GICv2).
 */
#ifndef TESTOS_GIC_REGS_H
#define TESTOS_GIC_REGS_H

#define GICD_BASE     0x08000000UL
#define GICR_BASE     0x080a0000UL /* CPU 0: RD_base */
#define GICR_SGI_BASE (GICR_BASE + 0x10000)
#define GICC_BASE     0x08010000UL /* GICv2: the CPU interface */

/* Distributor. */
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ISENABLER0 0x0100 /* GICv2: this CPU's SGIs and PPIs */
#define GICD_ISENABLER1 0x0104 /* SPIs 32-63 */
#define GICD_ICENABLER0 0x0180
#define GICD_ICPENDR0	0x0280
#define GICD_IPRIORITYR 0x0400
#define GICD_ITARGETSR	0x0800 /* GICv2: a byte per INTID */
#define GICD_SGIR	0x0f00 /* GICv2 */
#define GICD_CPENDSGIR	0x0f10 /* GICv2: a byte per SGI, a bit per source CPU */
#define GICD_SPENDSGIR	0x0f20
#define GICD_PIDR2_V2	0x0fe8
#define GICD_IROUTER	0x6000
#define GICD_RESERVED	0xc000 /* no register there in either version */
#define GICD_PIDR2	0xffe8

#define GICD_CTLR_ENABLE_GRP0	(1U << 0) /* GICv2 without Security Extensions */
#define GICD_CTLR_ENABLE_GRP1	(1U << 1)
#define GICD_CTLR_ARE		(1U << 4)
#define GICD_SGIR_LIST		(0U << 24)
#define GICD_SGIR_SELF		(2U << 24)
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_PIDR2_ARCHREV(v)	(((v) >> 4) & 0xf)

/* GICv2 CPU interface. */
#define GICC_CTLR 0x0000
#define GICC_PMR  0x0004
#define GICC_BPR  0x0008
#define GICC_IAR  0x000c
#define GICC_EOIR 0x0010
#define GICC_IIDR 0x00fc

#define GICC_CTLR_ENABLE_GRP0 (1U << 0)
#define GICC_IAR_INTID	      0x3ffU
#define GICC_IAR_CPUID_SHIFT  10
#define GICC_IAR_CPUID_MASK   0x7U

/* GICv3 redistributor (RD_base) and its SGI_base frame. */
#define GICR_TYPER	0x0008
#define GICR_WAKER	0x0014
#define GICR_IGROUPR0	0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ICPENDR0	0x0280
#define GICR_IPRIORITYR 0x0400

#define GICR_TYPER_LAST		   (1U << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

/* Interrupts of QEMU virt. */
#define INTID_VTIMER   27
#define INTID_UART     33
#define INTID_SPURIOUS 1023

#endif /* TESTOS_GIC_REGS_H */
