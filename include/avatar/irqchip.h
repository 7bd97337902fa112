/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The interrupt controller seen by the IRQ core (kernel/irq.c): one
 * struct of operations, filled in by the GIC driver the configuration
 * selects (drivers/irqchip/gic.c picks gic-v2.c or gic-v3.c and checks it
 * against the device tree).
 *
 * Interrupt numbers are GIC INTIDs (IHI 0069 2.2): 0-15 SGIs (software,
 * per CPU), 16-31 PPIs (per CPU), 32-1019 SPIs (shared), 1020-1023
 * special (1023: spurious, nothing pending). Every operation acts on the
 * calling CPU's banked state for SGIs and PPIs.
 */
#ifndef AVATAR_IRQCHIP_H
#define AVATAR_IRQCHIP_H

#include <avatar/types.h>

#define IRQ_SGI_BASE	 0
#define IRQ_PPI_BASE	 16
#define IRQ_SPI_BASE	 32
#define IRQ_NR_SGIS	 16
#define IRQ_MAX_INTID	 1019 /* highest SPI INTID */
#define IRQ_SPURIOUS	 1023 /* acknowledge found nothing pending */
#define IRQ_SPECIAL_BASE 1020 /* 1020-1023: not real interrupts */

#define IRQ_PRIO_DEFAULT 0xa0 /* middle of the range: room above and below */

/*
 * A memory-mapped virtualization extension, for the hypervisor (GICv2:
 * IHI 0048B chapter 5): the virtual interface control frame GICH, the
 * virtual CPU interface GICV a guest's GICC is mapped to, and the
 * maintenance interrupt (a PPI).
 */
struct irqchip_virt {
	phys_addr_t gich_base;
	phys_addr_t gicv_base;
	u64 gicv_size;
	unsigned int maint_irq; /* INTID */
};

struct irqchip {
	const char *name;
	/*
	 * Distributor, once, on the boot CPU. Returns how many INTIDs exist
	 * (0..n-1, from GICD_TYPER), or a negative number on failure.
	 */
	int (*init)(void);
	/* This CPU's interface (and GICv3 redistributor); 0 or negative. */
	int (*init_cpu)(void);
	void (*enable)(unsigned int irq);
	void (*disable)(unsigned int irq);
	void (*set_priority)(unsigned int irq, u8 prio);
	/*
	 * Set or clear the active state of irq (SGIs and PPIs: this CPU's
	 * copy). The hypervisor marks a hardware-mapped PPI active while its
	 * virtual copy is being handled by a guest.
	 */
	void (*set_active)(unsigned int irq, bool active);
	/* SPIs only: deliver to logical CPU 'cpu'. */
	void (*set_affinity)(unsigned int irq, unsigned int cpu);
	/*
	 * Acknowledge the highest-priority pending interrupt: returns its
	 * INTID and in *token what end_of_irq() must be given back.
	 */
	unsigned int (*ack)(u32 *token);
	void (*end_of_irq)(u32 token);
	/* Raise SGI 'sgi' on logical CPU 'cpu'. */
	void (*send_sgi)(unsigned int cpu, unsigned int sgi);
	/*
	 * Optional: the memory-mapped virtualization extension, as the
	 * device tree describes it; 0, or -1 if there is none.
	 */
	int (*virt_info)(struct irqchip_virt *info);
};

/* The GIC drivers. */
extern const struct irqchip gic_v2_chip;
extern const struct irqchip gic_v3_chip;

/* The chip the configuration and the device tree agree on, or NULL. */
const struct irqchip *irqchip_probe(void);

/* The running chip's virtualization extension (kernel/irq.c): 0, or -1 if none. */
int irqchip_virt_info(struct irqchip_virt *info);

#endif /* AVATAR_IRQCHIP_H */
