// SPDX-License-Identifier: GPL-2.0
/*
 * GICv3 (QEMU virt gic-version=3, most Armv8 SoCs): distributor,
 * redistributors and the system-register CPU interface (IHI 0069).
 *
 * Addresses come from the device tree: reg[0] = distributor, reg[1] =
 * the redistributor region. Each CPU finds its own redistributor by
 * walking that region frame by frame until GICR_TYPER.Affinity_Value
 * equals its MPIDR (a frame is RD_base + SGI_base, 2 x 64 KiB, plus two
 * more 64 KiB frames with GICv4 virtual LPIs; GICR_TYPER.Last ends the
 * region), then wakes it (GICR_WAKER.ProcessorSleep = 0).
 *
 * Affinity routing is on (GICD_CTLR.ARE); every interrupt is Group 1 and
 * arrives as IRQ through ICC_IAR1_EL1. The CPU interface is used through
 * the ICC_*_EL1 registers at EL1 and at EL2 alike: at EL2 they reach the
 * physical interface (el.S has set ICC_SRE_EL2.SRE). SGIs and PPIs are
 * configured in the CPU's redistributor SGI_base frame; SPIs in the
 * distributor, routed with GICD_IROUTER<n> to one CPU's affinity.
 *
 * GICD_CTLR is written with the bits of both views: with one Security
 * state (DS = 1, QEMU) bit 0 is EnableGrp0, bit 1 EnableGrp1 and bit 4
 * ARE; seen from Non-secure with two states, bit 0 is EnableGrp1, bit 1
 * EnableGrp1A and bit 4 ARE_NS. Either way Group 1 and ARE end up on.
 */
#include <asm/barrier.h>
#include <asm/counter.h>
#include <asm/el.h>
#include <asm/io.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/smp.h>

#include "gic.h"

/* GICD_CTLR (IHI 0069 12.9.4). */
#define GICD_CTLR_ENABLE_G0_G1NS (1U << 0)
#define GICD_CTLR_ENABLE_G1_G1A	 (1U << 1)
#define GICD_CTLR_ARE		 (1U << 4)
#define GICD_CTLR_RWP		 (1U << 31) /* register write pending */

/* Redistributor RD_base frame (IHI 0069 12.10). */
#define GICR_CTLR		0x0000
#define GICR_TYPER		0x0008 /* 64-bit; read as two words */
#define GICR_TYPER_HI		0x000c /* Affinity_Value = Aff3.Aff2.Aff1.Aff0 */
#define GICR_WAKER		0x0014
#define GICR_CTLR_RWP		(1U << 3)
#define GICR_TYPER_VLPIS	(1U << 1) /* GICv4: two more frames per CPU */
#define GICR_TYPER_LAST		(1U << 4) /* last redistributor of the region */
#define GICR_WAKER_PROC_SLEEP	(1U << 1)
#define GICR_WAKER_CHILD_ASLEEP (1U << 2)
#define GICR_FRAME_SIZE		0x10000		/* 64 KiB */
#define GICR_SGI_BASE		GICR_FRAME_SIZE /* SGI_base follows RD_base */
#define GICR_FRAMES		2
#define GICR_FRAMES_VLPI	4
#define GICR_MAX_WALK		1024 /* bound on a corrupt region */

#define GIC_POLL_TIMEOUT_MS 100

static uintptr_t gicd;
static uintptr_t gicr_rd[CONFIG_NR_CPUS]; /* each CPU's RD_base */

static uintptr_t this_sgi_base(void)
{
	return gicr_rd[smp_processor_id()] + GICR_SGI_BASE;
}

/* Wait for a register bit to clear, or give up loudly after a timeout. */
static void wait_clear(uintptr_t reg, u32 bit, const char *what)
{
	u64 deadline = counter_read() + counter_ms_to_ticks(GIC_POLL_TIMEOUT_MS);

	while (readl(reg) & bit) {
		if (counter_read() > deadline) {
			pr_err("gic-v3: CPU%u: timed out waiting for %s\n", smp_processor_id(),
			       what);
			return;
		}
		cpu_relax();
	}
}

static void dist_wait_rwp(void)
{
	wait_clear(gicd + GICD_CTLR, GICD_CTLR_RWP, "GICD_CTLR.RWP");
}

static void redist_wait_rwp(void)
{
	wait_clear(gicr_rd[smp_processor_id()] + GICR_CTLR, GICR_CTLR_RWP, "GICR_CTLR.RWP");
}

/* MPIDR affinity packed as GICR_TYPER[63:32]: Aff3.Aff2.Aff1.Aff0. */
static u32 packed_affinity(u64 mpidr)
{
	return (u32)((mpidr >> MPIDR_AFF3_SHIFT & 0xff) << 24 | (mpidr & 0xffffff));
}

static int gic_v3_init(void)
{
	unsigned int irq, nr;
	u64 route = cpu_info[0].mpidr; /* GICD_IROUTER: Aff0-2 in [23:0], Aff3 in [39:32] */

	gicd = (uintptr_t)platform.gic_dist_base;
	if (!gicd || !platform.gic_cpu_base) {
		pr_err("gic-v3: the device tree gives no distributor or redistributor address\n");
		return -1;
	}
	writel(0, gicd + GICD_CTLR);
	dist_wait_rwp();
	nr = gic_dist_nr_irqs(gicd);
	for (irq = IRQ_SPI_BASE; irq < nr; irq += GIC_IRQS_PER_ENABLE_REG)
		writel(~0U, gicd + GICD_IGROUPR + irq / GIC_IRQS_PER_ENABLE_REG * 4);
	gic_dist_reset_spis(gicd, nr);
	for (irq = IRQ_SPI_BASE; irq < nr; irq++) {
		writel((u32)route, gicd + GICD_IROUTER + irq * 8);
		writel((u32)(route >> 32), gicd + GICD_IROUTER + irq * 8 + 4);
	}
	writel(GICD_CTLR_ARE | GICD_CTLR_ENABLE_G1_G1A | GICD_CTLR_ENABLE_G0_G1NS,
	       gicd + GICD_CTLR);
	dist_wait_rwp();
	return (int)nr;
}

static uintptr_t find_redistributor(u64 mpidr)
{
	uintptr_t rd = (uintptr_t)platform.gic_cpu_base;
	u32 want = packed_affinity(mpidr);
	unsigned int i;

	for (i = 0; i < GICR_MAX_WALK; i++) {
		u32 typer = readl(rd + GICR_TYPER);

		if (readl(rd + GICR_TYPER_HI) == want)
			return rd;
		if (typer & GICR_TYPER_LAST)
			break;
		rd += GICR_FRAME_SIZE *
		      ((typer & GICR_TYPER_VLPIS) ? GICR_FRAMES_VLPI : GICR_FRAMES);
	}
	return 0;
}

static void cpu_interface_init(void)
{
	/* ICC_SRE_EL1 at EL1 (EL2 allowed it, el.S); ICC_SRE_EL2 at EL2 (set by el.S). */
	write_sysreg_elx(read_sysreg_elx(icc_sre) | ICC_SRE_ELx_SRE, icc_sre);
	isb();
	write_sysreg(ICC_PMR_EL1_ALL, icc_pmr_el1);
	write_sysreg(0, icc_bpr1_el1);
	write_sysreg(read_sysreg(icc_ctlr_el1) & ~ICC_CTLR_EL1_EOIMODE, icc_ctlr_el1);
	write_sysreg(ICC_IGRPEN1_EL1_EN, icc_igrpen1_el1);
	isb();
}

static int gic_v3_init_cpu(void)
{
	unsigned int cpu = smp_processor_id();
	uintptr_t rd = find_redistributor(cpu_info[cpu].mpidr);
	u32 waker;

	if (!rd) {
		pr_err("gic-v3: CPU%u: no redistributor for MPIDR 0x%llx\n", cpu,
		       (unsigned long long)cpu_info[cpu].mpidr);
		return -1;
	}
	gicr_rd[cpu] = rd;

	waker = readl(rd + GICR_WAKER);
	writel(waker & ~GICR_WAKER_PROC_SLEEP, rd + GICR_WAKER);
	wait_clear(rd + GICR_WAKER, GICR_WAKER_CHILD_ASLEEP, "GICR_WAKER.ChildrenAsleep");

	writel(~0U, this_sgi_base() + GICD_IGROUPR); /* GICR_IGROUPR0 */
	gic_reset_private(this_sgi_base());
	redist_wait_rwp();
	cpu_interface_init();
	return 0;
}

static void gic_v3_enable(unsigned int irq)
{
	gic_set_enable(irq < IRQ_SPI_BASE ? this_sgi_base() : gicd, irq, true);
}

static void gic_v3_disable(unsigned int irq)
{
	if (irq < IRQ_SPI_BASE) {
		gic_set_enable(this_sgi_base(), irq, false);
		redist_wait_rwp();
	} else {
		gic_set_enable(gicd, irq, false);
		dist_wait_rwp();
	}
}

static void gic_v3_set_priority(unsigned int irq, u8 prio)
{
	gic_set_priority(irq < IRQ_SPI_BASE ? this_sgi_base() : gicd, irq, prio);
}

static void gic_v3_set_active(unsigned int irq, bool active)
{
	gic_set_active(irq < IRQ_SPI_BASE ? this_sgi_base() : gicd, irq, active);
}

static void gic_v3_set_affinity(unsigned int irq, unsigned int cpu)
{
	u64 route = cpu_info[cpu].mpidr; /* Interrupt_Routing_Mode = 0: this one CPU */

	writel((u32)route, gicd + GICD_IROUTER + irq * 8);
	writel((u32)(route >> 32), gicd + GICD_IROUTER + irq * 8 + 4);
}

static unsigned int gic_v3_ack(u32 *token)
{
	u32 intid = (u32)read_sysreg(icc_iar1_el1) & ICC_IAR1_EL1_INTID;

	dsb(sy); /* the acknowledge completes before the handler touches the device */
	*token = intid;
	return intid;
}

static void gic_v3_end_of_irq(u32 token)
{
	write_sysreg(token, icc_eoir1_el1);
	isb();
}

static void gic_v3_send_sgi(unsigned int cpu, unsigned int sgi)
{
	u64 mpidr = cpu_info[cpu].mpidr;
	u64 aff0 = mpidr >> MPIDR_AFF0_SHIFT & 0xff;
	u64 sgi1r = (u64)sgi << ICC_SGI1R_INTID_SHIFT |
		    (mpidr >> MPIDR_AFF1_SHIFT & 0xff) << ICC_SGI1R_AFF1_SHIFT |
		    (mpidr >> MPIDR_AFF2_SHIFT & 0xff) << ICC_SGI1R_AFF2_SHIFT |
		    (mpidr >> MPIDR_AFF3_SHIFT & 0xff) << ICC_SGI1R_AFF3_SHIFT |
		    (aff0 / ICC_SGI1R_AFF0_PER_RS) << ICC_SGI1R_RS_SHIFT |
		    1ULL << (aff0 % ICC_SGI1R_AFF0_PER_RS) << ICC_SGI1R_TARGETS_SHIFT;

	/* Memory writes (the IPI's data) are observable before the SGI is sent. */
	dsb(ishst);
	write_sysreg(sgi1r, icc_sgi1r_el1);
	isb();
}

const struct irqchip gic_v3_chip = {
	.name = "GICv3",
	.init = gic_v3_init,
	.init_cpu = gic_v3_init_cpu,
	.enable = gic_v3_enable,
	.disable = gic_v3_disable,
	.set_priority = gic_v3_set_priority,
	.set_active = gic_v3_set_active,
	.set_affinity = gic_v3_set_affinity,
	.ack = gic_v3_ack,
	.end_of_irq = gic_v3_end_of_irq,
	.send_sgi = gic_v3_send_sgi,
};
