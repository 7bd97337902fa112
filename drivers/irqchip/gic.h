/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the GICv2 and GICv3 drivers share (drivers/irqchip/gic.c): the
 * distributor registers both versions lay out the same way, and helpers
 * for the banked enable/priority arrays. A GICv3 redistributor's SGI_base
 * frame repeats the same arrays at the same offsets for SGIs and PPIs
 * (IHI 0069 12.10), so the helpers take the frame's base address.
 *
 * Register names and offsets: GIC architecture specification IHI 0069
 * (GICv3/v4) 12.9, and IHI 0048 (GICv2) 4.3.
 */
#ifndef DRIVERS_IRQCHIP_GIC_H
#define DRIVERS_IRQCHIP_GIC_H

#include <avatar/irqchip.h>
#include <avatar/types.h>

/* Distributor (GICD_*): offsets common to GICv2 and GICv3. */
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_IGROUPR	0x0080 /* 1 bit per INTID: 1 = Group 1 */
#define GICD_ISENABLER	0x0100 /* 1 bit per INTID: write 1 to enable */
#define GICD_ICENABLER	0x0180 /* 1 bit per INTID: write 1 to disable */
#define GICD_ICPENDR	0x0280 /* 1 bit per INTID: write 1 to clear pending */
#define GICD_ISACTIVER	0x0300 /* 1 bit per INTID: write 1 to activate */
#define GICD_ICACTIVER	0x0380 /* 1 bit per INTID: write 1 to deactivate */
#define GICD_IPRIORITYR 0x0400 /* 8 bits per INTID, 0 = highest */
#define GICD_ITARGETSR	0x0800 /* GICv2: 8-bit CPU mask per INTID */
#define GICD_ICFGR	0x0c00 /* 2 bits per INTID: level / edge */
#define GICD_SGIR	0x0f00 /* GICv2: software generated interrupts */
#define GICD_IROUTER	0x6000 /* GICv3: 64-bit affinity per SPI (index = INTID) */

#define GICD_TYPER_ITLINES_MASK 0x1f /* INTIDs = 32 * (ITLinesNumber + 1) */

#define GIC_IRQS_PER_ENABLE_REG 32
#define GIC_IRQS_PER_PRIO_REG	4

/* INTIDs the distributor implements (SGIs and PPIs included), at most 1020. */
unsigned int gic_dist_nr_irqs(uintptr_t dist);
/*
 * All SPIs: disabled, not pending, not active, default priority. The
 * routing (GICD_ITARGETSR / GICD_IROUTER) is left to the caller.
 */
void gic_dist_reset_spis(uintptr_t dist, unsigned int nr_irqs);
/* SGIs and PPIs of this CPU in 'base' (GICv2 distributor / GICv3 SGI_base). */
void gic_reset_private(uintptr_t base);

/* Set the enable bit of 'irq' in the arrays at 'base'. */
void gic_set_enable(uintptr_t base, unsigned int irq, bool enable);
/* Set ('active') or clear the active bit of 'irq' in the arrays at 'base'. */
void gic_set_active(uintptr_t base, unsigned int irq, bool active);
/* Priority byte of 'irq' at 'base' (read-modify-write of a word, locked). */
void gic_set_priority(uintptr_t base, unsigned int irq, u8 prio);
/* GICv2: one 8-bit field of a byte array at 'base + offset'. */
void gic_write_byte_field(uintptr_t base, unsigned int offset, unsigned int irq, u8 val);

#endif /* DRIVERS_IRQCHIP_GIC_H */
