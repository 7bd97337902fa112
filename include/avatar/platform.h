/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the kernel learns about the machine from the device tree it was
 * booted with (kernel/platform.c): RAM, CPUs, console UART, interrupt
 * controller and timer. Board defaults (CONFIG_EARLY_UART_BASE, ...)
 * only fill in what the device tree does not give.
 */
#ifndef AVATAR_PLATFORM_H
#define AVATAR_PLATFORM_H

#include <avatar/fdt.h>
#include <avatar/types.h>

#define PLATFORM_MAX_RAM_REGIONS 8
/* Largest DTB accepted (as Linux): bounds all reads of a corrupt blob. */
#define PLATFORM_MAX_DTB_SIZE 0x200000

/* GIC binding of "interrupts" entries: <type number flags>, 3 cells. */
#define DT_GIC_CELLS	      3
#define DT_GIC_INTERRUPT_SIZE (DT_GIC_CELLS * 4)
#define DT_GIC_TYPE_SPI	      0
#define DT_GIC_TYPE_PPI	      1

struct mem_region {
	phys_addr_t base;
	u64 size;
};

enum gic_version {
	GIC_NONE = 0,
	GIC_V2 = 2,
	GIC_V3 = 3,
};

struct platform {
	bool dt_valid; /* the DTB passed fdt_init() */
	struct fdt fdt;
	const char *model; /* /model, or "unknown" */

	struct mem_region ram[PLATFORM_MAX_RAM_REGIONS];
	unsigned int nr_ram;

	unsigned int nr_dt_cpus; /* CPUs the device tree lists */
	unsigned int nr_cpus;	 /* CPUs the kernel uses: min(NR_CPUS, nr_dt_cpus) */

	phys_addr_t uart_base; /* console PL011 */
	bool uart_from_dt;
	unsigned int uart_irq; /* its INTID, 0 if the device tree gives none */

	enum gic_version gic;
	const char *gic_compatible;
	phys_addr_t gic_dist_base; /* distributor */
	phys_addr_t gic_cpu_base;  /* GICv2 CPU interface / GICv3 redistributors */

	bool timer_found;
	u32 timer_freq_dt; /* clock-frequency property, 0 if absent */
};

extern struct platform platform;

/*
 * Read RAM regions from the DTB's memory nodes, printing nothing (usable
 * with the MMU off). Returns the number of regions, or a negative
 * -FDT_ERR_* code.
 */
int platform_ram_regions(const void *dtb, struct mem_region *regions, unsigned int max);
/* Parse the DTB into 'platform', reporting what is missing. */
void platform_probe(const void *dtb);
/* Print the memory map and devices found. */
void platform_report(void);
const char *gic_version_name(enum gic_version v);

#endif /* AVATAR_PLATFORM_H */
