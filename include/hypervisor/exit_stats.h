/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Per-vCPU exit statistics (hypervisor/exit_stats.c): how often the guest
 * left, and why, for `guest stats <id>` (docs/hypervisor.md, "Exit
 * statistics"). Each counter is written only by its vCPU's own thread
 * (or its exit fast path, IRQs masked), so no lock; the shell sums the
 * vCPUs of a VM and may read a count one exit old.
 */
#ifndef HYPERVISOR_EXIT_STATS_H
#define HYPERVISOR_EXIT_STATS_H

#include <avatar/types.h>
#include <hypervisor/mmio.h>

#define EXIT_STATS_ECS	   64 /* ESR_EL2.EC is 6 bits */
#define EXIT_STATS_SYSREGS 32 /* distinct trapped registers counted by name; more go to "other" */
/* MMIO counted per device of the bus, plus one slot for accesses to nothing. */
#define EXIT_STATS_MMIO_SLOTS (MMIO_BUS_MAX_DEVICES + 1)

struct exit_stats_mmio {
	u64 reads, writes, fast_reads, fast_writes;
};

struct exit_stats {
	u64 irq;		  /* a physical interrupt took the guest out */
	u64 full[EXIT_STATS_ECS]; /* synchronous, by exception class, full exit path */
	u64 fast[EXIT_STATS_ECS]; /* synchronous, answered by the exit fast path */
	struct exit_stats_mmio mmio[EXIT_STATS_MMIO_SLOTS];
	const char *sysreg_name[EXIT_STATS_SYSREGS];
	u64 sysreg[EXIT_STATS_SYSREGS];
	u64 sysreg_other;
};

/* A trapped MSR/MRS of the register called name (a string that lives forever). */
void exit_stats_sysreg(struct exit_stats *s, const char *name);

struct vm;
/* Print the sums over the vCPUs of vm (the shell's `guest stats`). */
void vm_exit_stats_print(struct vm *vm);

#endif /* HYPERVISOR_EXIT_STATS_H */
