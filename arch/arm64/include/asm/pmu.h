/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A retired-instruction counter from the Performance Monitors Extension
 * (Arm ARM D11, PMUv3), for benchmarks.
 *
 * Event counter 0 counts INST_RETIRED (event 0x08) at the kernel's own
 * exception level (PMEVTYPER0_EL0: EL1 counted by default, EL2 with NSH).
 * QEMU implements INST_RETIRED only with -icount, where it is the exact
 * instruction count; unlike time_now_ns(), it does not include the virtual
 * time an idle CPU skips under `-icount sleep=off`. pmu_inst_supported()
 * tells whether the event exists (PMCEID0_EL0 bit 8).
 */
#ifndef ASM_PMU_H
#define ASM_PMU_H

#include <asm/barrier.h>
#include <asm/sysreg.h>
#include <avatar/kconfig.h>

#define PMU_EVENT_INST_RETIRED 0x08
#define PMCR_E		       (1UL << 0)  /* enable the counters */
#define PMEVTYPER_NSH	       (1UL << 27) /* count at EL2 */
#define PMCNTEN_P0	       (1UL << 0)

static inline bool pmu_inst_supported(void)
{
	return (read_sysreg(pmceid0_el0) >> PMU_EVENT_INST_RETIRED) & 1;
}

static inline void pmu_inst_start(void)
{
	write_sysreg(PMU_EVENT_INST_RETIRED | (IS_ENABLED(CONFIG_HYPERVISOR) ? PMEVTYPER_NSH : 0),
		     pmevtyper0_el0);
	write_sysreg(0, pmevcntr0_el0);
	write_sysreg(PMCNTEN_P0, pmcntenset_el0);
	write_sysreg(read_sysreg(pmcr_el0) | PMCR_E, pmcr_el0);
	isb();
}

/* Instructions since pmu_inst_start() (the counter is 32 bits wide). */
static inline u32 pmu_inst_read(void)
{
	isb();
	return (u32)read_sysreg(pmevcntr0_el0);
}

#endif /* ASM_PMU_H */
