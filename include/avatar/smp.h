/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CPUs. Logical CPU ids run from 0 (the boot CPU) to CONFIG_NR_CPUS - 1;
 * cpu_info[] is indexed by them and smp_processor_id() is the running
 * CPU's id (kept in TPIDR_ELx, <asm/percpu.h>).
 */
#ifndef AVATAR_SMP_H
#define AVATAR_SMP_H

#include <asm/percpu.h>
#include <avatar/compiler.h>
#include <avatar/types.h>

enum cpu_state {
	CPU_ABSENT,   /* not in the device tree, or beyond CONFIG_NR_CPUS */
	CPU_OFFLINE,  /* known, not started */
	CPU_STARTING, /* CPU_ON issued, not yet reported in */
	CPU_ONLINE,
	CPU_FAILED, /* did not come up */
};

struct cpu_info {
	unsigned int id;
	u64 mpidr; /* hardware id (MPIDR_EL1 affinity bits) */
	enum cpu_state state;
};

extern struct cpu_info cpu_info[CONFIG_NR_CPUS];

static inline unsigned int smp_processor_id(void)
{
	return arch_cpu_id();
}

static inline struct cpu_info *this_cpu(void)
{
	return &cpu_info[smp_processor_id()];
}

unsigned int num_online_cpus(void);
const char *cpu_state_name(enum cpu_state state);
/* Start every known secondary CPU and wait for each (with a timeout). */
void smp_boot_secondaries(void);
/* C entry of a secondary CPU (from head.S). */
void secondary_start_kernel(unsigned int cpu) __noreturn;

/* Architecture hooks (arch/arm64/smp.c). */
int arch_cpu_start(unsigned int cpu, u64 mpidr);
void arch_cpu_idle(void);

#endif /* AVATAR_SMP_H */
