/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Inter-processor interrupts (kernel/ipi.c), carried by GIC SGIs: the
 * IPI type is the SGI number.
 *
 *  IPI_RESCHEDULE  the target calls sched_ipi_reschedule() (weak, empty
 *                  by default; the scheduler defines it) in IRQ context;
 *                  the IRQ exit then gives the scheduler its chance too.
 *  IPI_CALL_FUNC   the target runs the functions queued for it by
 *                  smp_call_function().
 */
#ifndef AVATAR_IPI_H
#define AVATAR_IPI_H

#include <avatar/types.h>

enum ipi_type {
	IPI_RESCHEDULE = 0,
	IPI_CALL_FUNC = 1,
	NR_IPIS,
};

/* Functions run on another CPU, in IRQ context (IRQs masked, must not sleep). */
typedef void (*smp_call_fn)(void *arg);

/* Send ipi to cpu (which may be the calling CPU). */
void smp_send_ipi(unsigned int cpu, enum ipi_type ipi);

/*
 * Run fn(arg) on cpu. On the calling CPU it runs at once, with IRQs
 * masked. Otherwise it is queued on cpu and an IPI_CALL_FUNC sent; with
 * wait, returns once fn has returned (spinning in WFE), else at once.
 * Returns 0, or -1 if cpu is not online.
 *
 * With wait, do not call it with IRQs masked or from an IRQ handler: two
 * CPUs waiting on each other that way would never see their IPIs.
 */
int smp_call_function(unsigned int cpu, smp_call_fn fn, void *arg, bool wait);

/* Called by the scheduler's IPI_RESCHEDULE handler hook (weak default: nothing). */
void sched_ipi_reschedule(void);

/* Register the IPI handlers (from irq_init()). */
void ipi_init(void);

#endif /* AVATAR_IPI_H */
