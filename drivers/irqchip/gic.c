// SPDX-License-Identifier: GPL-2.0
/*
 * The GIC, common part: choosing the driver, and the distributor
 * registers GICv2 and GICv3 share (see gic.h).
 *
 * irqchip_probe() returns the driver the configuration selects
 * (CONFIG_GIC_V2 / CONFIG_GIC_V3) when the device tree agrees; a device
 * tree naming the other version gives no chip, so the kernel runs without
 * interrupts instead of writing to registers that are not there.
 *
 * Priority and target fields are bytes in 32-bit registers; this kernel
 * accesses device memory in words only, so they are updated by a locked
 * read-modify-write (the registers are byte-accessible in the
 * architecture, IHI 0069 12.1.2, so a word access is always allowed).
 */
#include <asm/io.h>
#include <avatar/compiler.h>
#include <avatar/kconfig.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/spinlock.h>

#include "gic.h"

static DEFINE_SPINLOCK(gic_field_lock);

const struct irqchip *irqchip_probe(void)
{
	const struct irqchip *chip = NULL;

	if (IS_ENABLED(CONFIG_GIC_V3) && platform.gic == GIC_V3)
		chip = &gic_v3_chip;
	if (IS_ENABLED(CONFIG_GIC_V2) && platform.gic == GIC_V2)
		chip = &gic_v2_chip;
	if (!chip)
		pr_err("irq: the kernel is built for %s, the device tree has %s: no interrupts\n",
		       IS_ENABLED(CONFIG_GIC_V3) ? "GICv3" : "GICv2",
		       gic_version_name(platform.gic));
	return chip;
}

unsigned int gic_dist_nr_irqs(uintptr_t dist)
{
	unsigned int lines = (readl(dist + GICD_TYPER) & GICD_TYPER_ITLINES_MASK) + 1;

	return MIN(lines * GIC_IRQS_PER_ENABLE_REG, IRQ_SPECIAL_BASE);
}

void gic_dist_reset_spis(uintptr_t dist, unsigned int nr_irqs)
{
	unsigned int irq;

	for (irq = IRQ_SPI_BASE; irq < nr_irqs; irq += GIC_IRQS_PER_ENABLE_REG) {
		unsigned int reg = irq / GIC_IRQS_PER_ENABLE_REG * 4;

		writel(~0U, dist + GICD_ICENABLER + reg);
		writel(~0U, dist + GICD_ICPENDR + reg);
		writel(~0U, dist + GICD_ICACTIVER + reg);
	}
	for (irq = IRQ_SPI_BASE; irq < nr_irqs; irq += GIC_IRQS_PER_PRIO_REG)
		writel(IRQ_PRIO_DEFAULT * 0x01010101U, dist + GICD_IPRIORITYR + irq);
}

void gic_reset_private(uintptr_t base)
{
	unsigned int irq;

	/* PPIs off until someone asks; SGIs (IPIs) on. */
	writel(~0U << IRQ_PPI_BASE, base + GICD_ICENABLER);
	writel(~0U << IRQ_PPI_BASE, base + GICD_ICACTIVER);
	writel((1U << IRQ_NR_SGIS) - 1, base + GICD_ISENABLER);
	for (irq = 0; irq < IRQ_SPI_BASE; irq += GIC_IRQS_PER_PRIO_REG)
		writel(IRQ_PRIO_DEFAULT * 0x01010101U, base + GICD_IPRIORITYR + irq);
}

void gic_set_enable(uintptr_t base, unsigned int irq, bool enable)
{
	unsigned int reg = irq / GIC_IRQS_PER_ENABLE_REG * 4;
	u32 bit = 1U << (irq % GIC_IRQS_PER_ENABLE_REG);

	writel(bit, base + (enable ? GICD_ISENABLER : GICD_ICENABLER) + reg);
}

void gic_set_active(uintptr_t base, unsigned int irq, bool active)
{
	unsigned int reg = irq / GIC_IRQS_PER_ENABLE_REG * 4;
	u32 bit = 1U << (irq % GIC_IRQS_PER_ENABLE_REG);

	writel(bit, base + (active ? GICD_ISACTIVER : GICD_ICACTIVER) + reg);
}

void gic_write_byte_field(uintptr_t base, unsigned int offset, unsigned int irq, u8 val)
{
	uintptr_t reg = base + offset + (irq & ~3U);
	unsigned int shift = (irq % 4) * 8;
	unsigned long flags = spin_lock_irqsave(&gic_field_lock);
	u32 word = readl(reg);

	word &= ~(0xffU << shift);
	word |= (u32)val << shift;
	writel(word, reg);
	spin_unlock_irqrestore(&gic_field_lock, flags);
}

void gic_set_priority(uintptr_t base, unsigned int irq, u8 prio)
{
	gic_write_byte_field(base, GICD_IPRIORITYR, irq, prio);
}
