// SPDX-License-Identifier: GPL-2.0
/*
 * Hardware discovery from the device tree (see <avatar/platform.h>).
 *
 *  RAM	   device_type = "memory" nodes, all reg entries
 *  CPUs	   /cpus/cpu@N, reg = MPIDR affinity; the boot CPU becomes CPU0
 *  console  /chosen stdout-path if it is a PL011, else the first enabled
 *	   "arm,pl011", else CONFIG_EARLY_UART_BASE; its interrupt (an SPI)
 *	   makes console input interrupt driven, without one input is polled
 *  GIC	   "arm,gic-v3" or "arm,cortex-a15-gic" / "arm,gic-400" / ...
 *  timer	   "arm,armv8-timer"
 *  PSCI	   /psci (arch/arm64/psci.c)
 *
 * Each missing piece is reported with a message saying what the kernel
 * does instead; nothing here is fatal.
 */
#include <asm/counter.h>
#include <asm/percpu.h>
#include <asm/psci.h>
#include <avatar/irqchip.h>
#include <avatar/kconfig.h>
#include <avatar/pl011.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/smp.h>
#include <avatar/string.h>

struct platform platform;

static const char *const gic_v2_compatibles[] = {
	"arm,gic-400",
	"arm,cortex-a15-gic",
	"arm,cortex-a9-gic",
	"arm,cortex-a7-gic",
};

const char *gic_version_name(enum gic_version v)
{
	switch (v) {
	case GIC_V2:
		return "GICv2";
	case GIC_V3:
		return "GICv3";
	default:
		return "no GIC";
	}
}

static bool is_memory_node(const struct fdt *fdt, int node)
{
	const char *type = fdt_prop_string(fdt, node, "device_type");

	return type && strcmp(type, "memory") == 0 && fdt_node_is_enabled(fdt, node);
}

static int open_dtb(struct fdt *fdt, const void *dtb)
{
	if (!dtb || ((uintptr_t)dtb & 7))
		return -FDT_ERR_BADARG; /* the boot protocol requires 8-byte alignment */
	return fdt_init(fdt, dtb, PLATFORM_MAX_DTB_SIZE);
}

int platform_ram_regions(const void *dtb, struct mem_region *regions, unsigned int max)
{
	struct fdt fdt;
	unsigned int n = 0;
	int root, node, err;

	err = open_dtb(&fdt, dtb);
	if (err)
		return err;
	root = fdt_root(&fdt);
	fdt_for_each_child(&fdt, root, node)
	{
		u64 base, size;
		unsigned int i;

		if (!is_memory_node(&fdt, node))
			continue;
		for (i = 0; n < max && fdt_reg(&fdt, node, i, &base, &size) == 0; i++) {
			if (size == 0)
				continue;
			regions[n].base = base;
			regions[n].size = size;
			n++;
		}
	}
	return (int)n;
}

static void probe_cpus(const struct fdt *fdt)
{
	u64 boot_mpidr = arch_read_mpidr();
	unsigned int next = 1;
	bool boot_seen = false;
	int cpus, node;

	cpu_info[0].id = 0;
	cpu_info[0].mpidr = boot_mpidr;
	cpu_info[0].state = CPU_ONLINE;
	platform.nr_dt_cpus = 0;

	cpus = fdt_path_offset(fdt, "/cpus");
	if (cpus < 0) {
		pr_err("no /cpus node in the device tree: running on the boot CPU only\n");
		platform.nr_cpus = 1;
		return;
	}
	fdt_for_each_child(fdt, cpus, node)
	{
		const char *type = fdt_prop_string(fdt, node, "device_type");
		u64 mpidr;

		if (!type || strcmp(type, "cpu") != 0 || !fdt_node_is_enabled(fdt, node))
			continue;
		if (fdt_reg(fdt, node, 0, &mpidr, NULL) < 0) {
			pr_warn("%s: no usable reg (MPIDR), ignored\n", fdt_node_name(fdt, node));
			continue;
		}
		platform.nr_dt_cpus++;
		mpidr &= MPIDR_HWID_MASK;
		if (mpidr == boot_mpidr) {
			boot_seen = true;
			continue;
		}
		if (next < CONFIG_NR_CPUS) {
			cpu_info[next].id = next;
			cpu_info[next].mpidr = mpidr;
			cpu_info[next].state = CPU_OFFLINE;
			next++;
		}
	}
	if (!boot_seen) {
		pr_warn("boot CPU (MPIDR 0x%llx) is not in /cpus\n",
			(unsigned long long)boot_mpidr);
		platform.nr_dt_cpus++;
	}
	platform.nr_cpus = next;
	if (platform.nr_dt_cpus > platform.nr_cpus)
		pr_warn("device tree lists %u CPUs, CONFIG_NR_CPUS is %d: ignoring %u of them\n",
			platform.nr_dt_cpus, CONFIG_NR_CPUS,
			platform.nr_dt_cpus - platform.nr_cpus);
}

static bool is_pl011(const struct fdt *fdt, int node)
{
	return node >= 0 && fdt_node_is_compatible(fdt, node, "arm,pl011") &&
	       fdt_node_is_enabled(fdt, node);
}

/* The node /chosen's stdout-path names (a path or an alias, ":options" stripped). */
static int stdout_node(const struct fdt *fdt)
{
	int chosen = fdt_path_offset(fdt, "/chosen");
	const char *path = chosen >= 0 ? fdt_prop_string(fdt, chosen, "stdout-path") : NULL;
	const char *colon;
	char buf[128];
	size_t len;

	if (!path)
		return -FDT_ERR_NOTFOUND;
	colon = strchr(path, ':');
	len = colon ? (size_t)(colon - path) : strlen(path);
	if (len >= sizeof(buf))
		return -FDT_ERR_BADVALUE;
	memcpy(buf, path, len);
	buf[len] = '\0';
	if (buf[0] != '/') {
		int aliases = fdt_path_offset(fdt, "/aliases");
		const char *target = aliases >= 0 ? fdt_prop_string(fdt, aliases, buf) : NULL;

		return target ? fdt_path_offset(fdt, target) : -FDT_ERR_NOTFOUND;
	}
	return fdt_path_offset(fdt, buf);
}

/*
 * INTID of a GIC "interrupts" entry <type number flags> (the GIC binding:
 * type 0 = SPI, 1 = PPI), or 0 if the node has no such entry.
 */
static unsigned int dt_gic_intid(const struct fdt *fdt, int node, unsigned int index)
{
	u32 len;
	const u8 *prop = fdt_getprop(fdt, node, "interrupts", &len);
	u32 type, nr;

	if (!prop || len < (index + 1) * DT_GIC_INTERRUPT_SIZE)
		return 0;
	prop += index * DT_GIC_INTERRUPT_SIZE;
	type = fdt_be32(prop);
	nr = fdt_be32(prop + 4);
	if (type == DT_GIC_TYPE_SPI && nr <= IRQ_MAX_INTID - IRQ_SPI_BASE)
		return IRQ_SPI_BASE + nr;
	if (type == DT_GIC_TYPE_PPI && nr < IRQ_SPI_BASE - IRQ_PPI_BASE)
		return IRQ_PPI_BASE + nr;
	return 0;
}

static void probe_console(const struct fdt *fdt)
{
	int node = stdout_node(fdt);
	u64 base;

	if (!is_pl011(fdt, node))
		node = fdt_node_by_compatible(fdt, -1, "arm,pl011");
	while (node >= 0 && !fdt_node_is_enabled(fdt, node))
		node = fdt_node_by_compatible(fdt, node, "arm,pl011");

	platform.uart_base = CONFIG_EARLY_UART_BASE;
	platform.uart_from_dt = false;
	if (node < 0) {
		pr_warn("no PL011 in the device tree, console stays at 0x%lx\n",
			(unsigned long)CONFIG_EARLY_UART_BASE);
		return;
	}
	if (fdt_reg(fdt, node, 0, &base, NULL) < 0) {
		pr_warn("%s: bad reg, console stays at 0x%lx\n", fdt_node_name(fdt, node),
			(unsigned long)CONFIG_EARLY_UART_BASE);
		return;
	}
	platform.uart_base = base;
	platform.uart_from_dt = true;
	platform.uart_irq = dt_gic_intid(fdt, node, 0);
}

static void probe_gic(const struct fdt *fdt)
{
	int node = fdt_node_by_compatible(fdt, -1, "arm,gic-v3");
	unsigned int i;
	u64 base;

	if (node >= 0) {
		platform.gic = GIC_V3;
		platform.gic_compatible = "arm,gic-v3";
	}
	for (i = 0; node < 0 && i < ARRAY_SIZE(gic_v2_compatibles); i++) {
		node = fdt_node_by_compatible(fdt, -1, gic_v2_compatibles[i]);
		if (node >= 0) {
			platform.gic = GIC_V2;
			platform.gic_compatible = gic_v2_compatibles[i];
		}
	}
	if (node < 0) {
		pr_err("no GIC (arm,gic-v3 or arm,gic-400 / arm,cortex-a15-gic) in the device "
		       "tree\n");
		return;
	}
	if (fdt_reg(fdt, node, 0, &base, NULL) == 0)
		platform.gic_dist_base = base;
	if (fdt_reg(fdt, node, 1, &base, NULL) == 0)
		platform.gic_cpu_base = base;
}

static void probe_timer(const struct fdt *fdt)
{
	int node = fdt_node_by_compatible(fdt, -1, "arm,armv8-timer");

	if (node < 0)
		node = fdt_node_by_compatible(fdt, -1, "arm,armv7-timer");
	platform.timer_found = node >= 0;
	if (node >= 0 && fdt_prop_u32(fdt, node, "clock-frequency", &platform.timer_freq_dt) < 0)
		platform.timer_freq_dt = 0;
	if (node < 0 && IS_ENABLED(CONFIG_ARM_ARCH_TIMER))
		pr_warn("no arm,armv8-timer node in the device tree; assuming the usual PPIs\n");
}

void platform_probe(const void *dtb)
{
	int err, n;

	platform.model = "unknown";
	platform.nr_cpus = 1;
	cpu_info[0].mpidr = arch_read_mpidr();
	cpu_info[0].state = CPU_ONLINE;

	err = open_dtb(&platform.fdt, dtb);
	if (err) {
		pr_err("no usable device tree at %p: %s\n", dtb, fdt_strerror(err));
		pr_err("continuing with board defaults: boot CPU only, console at 0x%lx\n",
		       (unsigned long)CONFIG_EARLY_UART_BASE);
		platform.uart_base = CONFIG_EARLY_UART_BASE;
		return;
	}
	platform.dt_valid = true;
	platform.model = fdt_prop_string(&platform.fdt, fdt_root(&platform.fdt), "model");
	if (!platform.model)
		platform.model = "unknown";

	n = platform_ram_regions(dtb, platform.ram, PLATFORM_MAX_RAM_REGIONS);
	platform.nr_ram = n > 0 ? (unsigned int)n : 0;
	if (n <= 0)
		pr_err("no memory node in the device tree\n");

	probe_cpus(&platform.fdt);
	probe_console(&platform.fdt);
	probe_gic(&platform.fdt);
	probe_timer(&platform.fdt);
	psci_init(&platform.fdt);
}

void platform_report(void)
{
	u64 total = 0;
	unsigned int i;

	pr_info("Machine: %s\n", platform.model);
	for (i = 0; i < platform.nr_ram; i++) {
		const struct mem_region *r = &platform.ram[i];

		pr_info("Memory: 0x%010llx-0x%010llx (%llu MiB)\n", (unsigned long long)r->base,
			(unsigned long long)(r->base + r->size - 1),
			(unsigned long long)(r->size >> 20));
		total += r->size;
	}
	if (platform.nr_ram > 1)
		pr_info("Memory: %llu MiB in %u regions\n", (unsigned long long)(total >> 20),
			platform.nr_ram);

	pr_info("Console: PL011 at 0x%llx%s, %s\n", (unsigned long long)platform.uart_base,
		platform.uart_from_dt ? "" : " (board default)",
		platform.uart_irq ? "interrupt-driven input" : "polled input");

	if (platform.gic != GIC_NONE)
		pr_info("GIC: %s (%s), distributor 0x%llx, %s 0x%llx\n",
			gic_version_name(platform.gic), platform.gic_compatible,
			(unsigned long long)platform.gic_dist_base,
			platform.gic == GIC_V3 ? "redistributors" : "CPU interface",
			(unsigned long long)platform.gic_cpu_base);
	if (platform.gic == GIC_V3 && !IS_ENABLED(CONFIG_GIC_V3))
		pr_warn("warning: the device tree has a GICv3 but the kernel is built for GICv2 "
			"(CONFIG_GIC_V2)\n");
	if (platform.gic == GIC_V2 && !IS_ENABLED(CONFIG_GIC_V2))
		pr_warn("warning: the device tree has a GICv2 but the kernel is built for GICv3 "
			"(CONFIG_GIC_V3)\n");

	if (platform.timer_found)
		pr_info("Timer: Arm generic timer, %llu Hz\n",
			(unsigned long long)(platform.timer_freq_dt ? platform.timer_freq_dt
								    : counter_freq()));
	pr_info("PSCI: %s\n", psci_conduit_name());
}
