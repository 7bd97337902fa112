// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing up the secondary CPUs.
 *
 * platform_probe() fills cpu_info[] from the device tree: logical CPU 0
 * is the boot CPU, 1..nr_cpus-1 the others in device-tree order. The boot
 * CPU starts them one at a time (arch_cpu_start(), PSCI CPU_ON on arm64)
 * and waits, with a timeout, for each to report in. A secondary prints
 * its line, then publishes CPU_ONLINE with a store-release; the boot CPU
 * reads the state with a load-acquire, so boot messages come out in
 * order and a CPU that never arrives is reported instead of waited for.
 */
#define pr_fmt(fmt) "smp: " fmt

#include <asm/barrier.h>
#include <asm/counter.h>
#include <avatar/irq.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/sched.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <avatar/sprintf.h>
#include <avatar/time.h>

#define CPU_START_TIMEOUT_MS 1000

struct cpu_info cpu_info[CONFIG_NR_CPUS];

const char *cpu_state_name(enum cpu_state state)
{
	switch (state) {
	case CPU_OFFLINE:
		return "offline";
	case CPU_STARTING:
		return "starting";
	case CPU_ONLINE:
		return "online";
	case CPU_FAILED:
		return "failed";
	default:
		return "absent";
	}
}

unsigned int num_online_cpus(void)
{
	unsigned int cpu, n = 0;

	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		if (smp_load_acquire(&cpu_info[cpu].state) == CPU_ONLINE)
			n++;
	return n;
}

static bool wait_for_cpu(unsigned int cpu)
{
	u64 deadline = counter_read() + counter_ms_to_ticks(CPU_START_TIMEOUT_MS);

	while (smp_load_acquire(&cpu_info[cpu].state) != CPU_ONLINE) {
		if (counter_read() > deadline)
			return false;
		cpu_relax();
	}
	return true;
}

static void start_cpu(unsigned int cpu)
{
	struct cpu_info *ci = &cpu_info[cpu];
	int ret;

	smp_store_release(&ci->state, CPU_STARTING);
	ret = arch_cpu_start(cpu, ci->mpidr);
	if (ret) {
		pr_err("CPU%u (MPIDR 0x%llx) failed to start\n", cpu,
		       (unsigned long long)ci->mpidr);
		ci->state = CPU_FAILED;
		return;
	}
	if (!wait_for_cpu(cpu)) {
		pr_err("CPU%u (MPIDR 0x%llx) did not come online within %u ms\n", cpu,
		       (unsigned long long)ci->mpidr, CPU_START_TIMEOUT_MS);
		ci->state = CPU_FAILED;
	}
}

void smp_boot_secondaries(void)
{
	unsigned int cpu;

	for (cpu = 1; cpu < platform.nr_cpus && cpu < CONFIG_NR_CPUS; cpu++) {
		if (cpu_info[cpu].state == CPU_OFFLINE)
			start_cpu(cpu);
	}
}

void secondary_start_kernel(unsigned int cpu)
{
	struct cpu_info *ci = &cpu_info[cpu];

	printk("CPU%u: online at EL%u (MPIDR 0x%llx)\n", cpu, current_el(),
	       (unsigned long long)arch_read_mpidr());
	irq_init_cpu();
	time_init_cpu();
	local_irq_enable();
	smp_store_release(&ci->state, CPU_ONLINE);
	sched_idle_loop(); /* this boot context is the CPU's idle thread */
}

static int cmd_cpus(int argc, char **argv)
{
	unsigned int cpu;

	(void)argc;
	(void)argv;
	printk("CPU  MPIDR       state    ready  idle%%\n");
	for (cpu = 0; cpu < platform.nr_cpus; cpu++) {
		struct sched_cpu_stats st;
		char load[24] = "";

		sched_cpu_stats(cpu, &st);
		if (st.online)
			snprintf(load, sizeof(load), "%5u  %4llu", st.nr_ready,
				 (unsigned long long)(st.online_ns ? st.idle_ns * 100 / st.online_ns
								   : 0));
		printk("%-4u 0x%-9llx %-8s %s\n", cpu, (unsigned long long)cpu_info[cpu].mpidr,
		       cpu_state_name(smp_load_acquire(&cpu_info[cpu].state)), load);
	}
	return 0;
}
SHELL_COMMAND(cpus, "cpus", "list the CPUs: state, threads waiting to run, idle time", cmd_cpus);
