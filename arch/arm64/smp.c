// SPDX-License-Identifier: GPL-2.0
/* arm64 side of CPU bring-up: start a CPU with PSCI CPU_ON; idle with WFI. */
#include <asm/barrier.h>
#include <asm/psci.h>
#include <avatar/printk.h>
#include <avatar/smp.h>

extern char secondary_entry[];

int arch_cpu_start(unsigned int cpu, u64 mpidr)
{
	int ret;

	if (!psci_available()) {
		pr_err("CPU%u: no PSCI firmware interface to start it with\n", cpu);
		return -1;
	}
	/* The identity map makes the entry's virtual address its physical one. */
	ret = psci_cpu_on(mpidr, (uintptr_t)secondary_entry, cpu);
	if (ret != PSCI_RET_SUCCESS)
		pr_err("CPU%u: PSCI CPU_ON failed: %s (%d)\n", cpu, psci_strerror(ret), ret);
	return ret;
}

void arch_cpu_idle(void)
{
	dsb(sy); /* finish outstanding memory accesses before sleeping */
	wfi();
}
