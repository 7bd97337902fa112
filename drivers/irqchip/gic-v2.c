// SPDX-License-Identifier: GPL-2.0
/*
 * GICv2 (GIC-400, QEMU virt gic-version=2): the distributor and the
 * memory-mapped CPU interface GICC (IHI 0048B, chapter 4).
 *
 * Addresses come from the device tree: reg[0] = distributor, reg[1] =
 * CPU interface. Every interrupt keeps its reset group (Group 0 without
 * the Security Extensions, as in QEMU; firmware puts the non-secure ones
 * in Group 1 on real boards) and is signalled as IRQ (GICC_CTLR.FIQEn = 0).
 *
 * SPIs are targeted through GICD_ITARGETSR with the 8-bit CPU-interface
 * mask of a CPU, which each CPU learns at init by reading its banked
 * GICD_ITARGETSR0-7 (they return "this CPU" for SGIs/PPIs). A
 * uniprocessor GIC reads them as zero; SGIs to the calling CPU then use
 * the "this CPU only" target filter.
 *
 * The virtualization extension (IHI 0048B chapter 5), for the
 * hypervisor: reg[2] = GICH (virtual interface control), reg[3] = GICV
 * (the virtual CPU interface a guest's GICC becomes), and the node's
 * "interrupts" names the maintenance PPI (the binding in Linux's
 * Documentation/devicetree/bindings/interrupt-controller/arm,gic.yaml).
 */
#include <asm/barrier.h>
#include <asm/io.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/smp.h>
#include <avatar/string.h>

#include "gic.h"

/* GICD_CTLR and GICD_SGIR fields (IHI 0048B 4.3.1, 4.3.15). */
#define GICD_CTLR_ENABLE	    (1U << 0)
#define GICD_SGIR_TARGETS_SHIFT	    16
#define GICD_SGIR_FILTER_SHIFT	    24
#define GICD_SGIR_FILTER_LIST	    (0U << GICD_SGIR_FILTER_SHIFT)
#define GICD_SGIR_FILTER_SELF	    (2U << GICD_SGIR_FILTER_SHIFT)
#define GICD_ITARGETSR_PRIVATE_REGS 8 /* ITARGETSR0-7: SGIs and PPIs */

/* reg entries of the GIC node (binding arm,gic.yaml). */
#define GIC_REG_DIST 0
#define GIC_REG_CPU  1
#define GIC_REG_GICH 2
#define GIC_REG_GICV 3

/* CPU interface, GICC_* (IHI 0048B 4.4). */
#define GICC_CTLR	   0x0000
#define GICC_PMR	   0x0004
#define GICC_BPR	   0x0008
#define GICC_IAR	   0x000c
#define GICC_EOIR	   0x0010
#define GICC_CTLR_ENABLE   (1U << 0)
#define GICC_PMR_ALL	   0xff /* lowest mask: every priority is signalled */
#define GICC_IAR_INTID	   0x3ff
#define GICC_BPR_NO_GROUPS 0 /* all priority bits used for preemption grouping */

static uintptr_t gicd, gicc;
static u8 cpu_if_mask[CONFIG_NR_CPUS];

static u8 read_cpu_if_mask(void)
{
	u32 mask = 0;
	unsigned int i;

	for (i = 0; i < GICD_ITARGETSR_PRIVATE_REGS && !mask; i++) {
		mask = readl(gicd + GICD_ITARGETSR + i * 4);
		mask |= mask >> 16;
		mask |= mask >> 8;
	}
	return (u8)mask;
}

static int gic_v2_init(void)
{
	unsigned int irq, nr;
	u32 targets;

	gicd = (uintptr_t)platform.gic_dist_base;
	gicc = (uintptr_t)platform.gic_cpu_base;
	if (!gicd || !gicc) {
		pr_err("gic-v2: the device tree gives no distributor or CPU interface address\n");
		return -1;
	}
	writel(0, gicd + GICD_CTLR);
	nr = gic_dist_nr_irqs(gicd);
	gic_dist_reset_spis(gicd, nr);
	/* Every SPI to the boot CPU until irq_set_affinity() says otherwise. */
	targets = read_cpu_if_mask() * 0x01010101U;
	for (irq = IRQ_SPI_BASE; irq < nr; irq += 4)
		writel(targets, gicd + GICD_ITARGETSR + irq);
	writel(GICD_CTLR_ENABLE, gicd + GICD_CTLR);
	return (int)nr;
}

static int gic_v2_init_cpu(void)
{
	cpu_if_mask[smp_processor_id()] = read_cpu_if_mask();
	gic_reset_private(gicd);
	writel(GICC_PMR_ALL, gicc + GICC_PMR);
	writel(GICC_BPR_NO_GROUPS, gicc + GICC_BPR);
	writel(GICC_CTLR_ENABLE, gicc + GICC_CTLR);
	return 0;
}

static void gic_v2_enable(unsigned int irq)
{
	gic_set_enable(gicd, irq, true);
}

static void gic_v2_disable(unsigned int irq)
{
	gic_set_enable(gicd, irq, false);
}

static void gic_v2_set_priority(unsigned int irq, u8 prio)
{
	gic_set_priority(gicd, irq, prio);
}

/* SGIs and PPIs: the distributor banks their registers per CPU. */
static void gic_v2_set_active(unsigned int irq, bool active)
{
	gic_set_active(gicd, irq, active);
}

static void gic_v2_set_affinity(unsigned int irq, unsigned int cpu)
{
	gic_write_byte_field(gicd, GICD_ITARGETSR, irq, cpu_if_mask[cpu]);
}

static unsigned int gic_v2_ack(u32 *token)
{
	u32 iar = readl(gicc + GICC_IAR);

	*token = iar; /* the CPUID bits of an SGI must go back to GICC_EOIR */
	return iar & GICC_IAR_INTID;
}

static void gic_v2_end_of_irq(u32 token)
{
	writel(token, gicc + GICC_EOIR);
}

static void gic_v2_send_sgi(unsigned int cpu, unsigned int sgi)
{
	u32 sgir = sgi;

	if (cpu == smp_processor_id())
		sgir |= GICD_SGIR_FILTER_SELF;
	else
		sgir |= GICD_SGIR_FILTER_LIST | (u32)cpu_if_mask[cpu] << GICD_SGIR_TARGETS_SHIFT;
	/* Normal-memory writes (the IPI's data) before the Device write that raises it. */
	dsb(ishst);
	writel(sgir, gicd + GICD_SGIR);
}

static int gic_v2_virt_info(struct irqchip_virt *info)
{
	const struct fdt *fdt = &platform.fdt;
	int node = platform.gic_compatible
			   ? fdt_node_by_compatible(fdt, -1, platform.gic_compatible)
			   : -1;
	const u8 *irqs;
	u64 gich_size;
	u32 len;

	memset(info, 0, sizeof(*info));
	if (node < 0 || fdt_reg(fdt, node, GIC_REG_GICH, &info->gich_base, &gich_size) < 0 ||
	    fdt_reg(fdt, node, GIC_REG_GICV, &info->gicv_base, &info->gicv_size) < 0)
		return -1;
	irqs = fdt_getprop(fdt, node, "interrupts", &len);
	if (!irqs || len < DT_GIC_INTERRUPT_SIZE || fdt_be32(irqs) != DT_GIC_TYPE_PPI ||
	    fdt_be32(irqs + 4) >= IRQ_SPI_BASE - IRQ_PPI_BASE)
		return -1;
	info->maint_irq = IRQ_PPI_BASE + fdt_be32(irqs + 4);
	return 0;
}

const struct irqchip gic_v2_chip = {
	.name = "GICv2",
	.init = gic_v2_init,
	.init_cpu = gic_v2_init_cpu,
	.enable = gic_v2_enable,
	.disable = gic_v2_disable,
	.set_priority = gic_v2_set_priority,
	.set_active = gic_v2_set_active,
	.set_affinity = gic_v2_set_affinity,
	.ack = gic_v2_ack,
	.end_of_irq = gic_v2_end_of_irq,
	.send_sgi = gic_v2_send_sgi,
	.virt_info = gic_v2_virt_info,
};
