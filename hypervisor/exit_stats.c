// SPDX-License-Identifier: GPL-2.0
/* Per-vCPU exit statistics and their sum per VM (see <hypervisor/exit_stats.h>). */
#include <asm/virt.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/sprintf.h>
#include <hypervisor/exit_stats.h>
#include <hypervisor/vm.h>

/*
 * Open addressing on the name's address (the descriptor table's strings
 * are distinct objects): a register found in one or two probes, not a scan
 * of every slot filled before it.
 */
void exit_stats_sysreg(struct exit_stats *s, const char *name)
{
	unsigned int h = (unsigned int)((uintptr_t)name >> 3);

	for (unsigned int n = 0; n < EXIT_STATS_SYSREGS; n++) {
		unsigned int i = (h + n) % EXIT_STATS_SYSREGS;

		if (s->sysreg_name[i] == name || !s->sysreg_name[i]) {
			s->sysreg_name[i] = name;
			s->sysreg[i]++;
			return;
		}
	}
	s->sysreg_other++;
}

/* The exception classes a guest can cause (Arm ARM D19.2.41 ESR_EL2.EC), for the table. */
static const char *const ec_names[EXIT_STATS_ECS] = {
	[ESR_EC_UNKNOWN] = "unknown",
	[ESR_EC_WFX] = "WFI/WFE",
	[ESR_EC_FP_ASIMD] = "FP/SIMD",
	[ESR_EC_HVC64] = "HVC",
	[ESR_EC_SMC64] = "SMC",
	[ESR_EC_SYS64] = "MSR/MRS",
	[ESR_EC_IABT_LOW] = "instruction abort",
	[ESR_EC_DABT_LOW] = "data abort (MMIO)",
};

/* Add a's sysreg counts into sum (names matched by pointer: the descriptor table's strings). */
static void sum_sysregs(struct exit_stats *sum, const struct exit_stats *a)
{
	for (unsigned int i = 0; i < EXIT_STATS_SYSREGS; i++) {
		unsigned int j = 0;

		if (!a->sysreg_name[i])
			continue;

		while (j < EXIT_STATS_SYSREGS && sum->sysreg_name[j] &&
		       sum->sysreg_name[j] != a->sysreg_name[i])
			j++;
		if (j == EXIT_STATS_SYSREGS) {
			sum->sysreg_other += a->sysreg[i];
			continue;
		}
		sum->sysreg_name[j] = a->sysreg_name[i];
		sum->sysreg[j] += a->sysreg[i];
	}
	sum->sysreg_other += a->sysreg_other;
}

static void exit_stats_add(struct exit_stats *sum, const struct exit_stats *a)
{
	sum->irq += a->irq;
	for (unsigned int ec = 0; ec < EXIT_STATS_ECS; ec++) {
		sum->full[ec] += a->full[ec];
		sum->fast[ec] += a->fast[ec];
	}
	for (unsigned int i = 0; i < EXIT_STATS_MMIO_SLOTS; i++) {
		sum->mmio[i].reads += a->mmio[i].reads;
		sum->mmio[i].fast_reads += a->mmio[i].fast_reads;
		sum->mmio[i].writes += a->mmio[i].writes;
		sum->mmio[i].fast_writes += a->mmio[i].fast_writes;
	}
	sum_sysregs(sum, a);
}

static unsigned long long ull(u64 v)
{
	return (unsigned long long)v;
}

void vm_exit_stats_print(struct vm *vm)
{
	struct exit_stats *s = kzalloc(sizeof(*s));
	u64 full = 0, fast = 0, lane;

	if (!s) {
		printk("guest: %s: no memory for the statistics\n", vm->name);
		return;
	}
	for (unsigned int i = 0; i < vm->nr_vcpus; i++)
		exit_stats_add(s, &vm->vcpus[i].stats);
	for (unsigned int ec = 0; ec < EXIT_STATS_ECS; ec++) {
		full += s->full[ec];
		fast += s->fast[ec];
	}
	printk("guest %s: exits of its %u vCPU%s\n", vm->name, vm->nr_vcpus,
	       vm->nr_vcpus == 1 ? "" : "s");
	printk("  %-28s %12s %12s\n", "exit", "full path", "fast path");
	lane = READ_ONCE(vm->uart.lane.bytes);
	printk("  %-28s %12llu %12llu\n", "total", ull(full + s->irq), ull(fast + lane));
	printk("  %-28s %12llu %12s\n", "IRQ", ull(s->irq), "-");
	for (unsigned int ec = 0; ec < EXIT_STATS_ECS; ec++) {
		char what[40];

		if (!s->full[ec] && !s->fast[ec])
			continue;
		snprintf(what, sizeof(what), "EC 0x%02x %s", ec,
			 ec_names[ec] ? ec_names[ec] : "other");
		printk("  %-28s %12llu %12llu\n", what, ull(s->full[ec]), ull(s->fast[ec]));
	}
	/* The console lane answers its exits at exception entry, uncounted by class (entry.S). */
	printk("  %-28s %12s %12llu\n", "console lane (UARTDR)", "-", ull(lane));
	printk("  %-28s %12s %12s %12s %12s\n", "MMIO device", "reads", "writes", "fast reads",
	       "fast writes");
	for (unsigned int i = 0; i < EXIT_STATS_MMIO_SLOTS; i++) {
		const struct exit_stats_mmio *m = &s->mmio[i];
		const char *name = i < vm->bus.count ? vm->bus.devices[i]->name : "(nothing)";

		if (m->reads || m->writes || m->fast_reads || m->fast_writes)
			printk("  %-28s %12llu %12llu %12llu %12llu\n", name, ull(m->reads),
			       ull(m->writes), ull(m->fast_reads), ull(m->fast_writes));
	}
	printk("  %-28s %12s\n", "system register (MSR/MRS)", "accesses");
	for (unsigned int i = 0; i < EXIT_STATS_SYSREGS; i++)
		if (s->sysreg_name[i])
			printk("  %-28s %12llu\n", s->sysreg_name[i], ull(s->sysreg[i]));
	if (s->sysreg_other)
		printk("  %-28s %12llu\n", "(others)", ull(s->sysreg_other));
	kfree(s);
}
