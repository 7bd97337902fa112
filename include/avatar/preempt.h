/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Preemption control. Each thread has a preemption counter; while it is
 * non-zero the thread is not switched out by an interrupt (the scheduler
 * only records that a switch is wanted, need_resched). The counter is
 * per thread, not per CPU, so it cannot be confused by a migration.
 *
 *	preempt_disable();	counter + 1
 *	preempt_enable();	counter - 1; at 0, with IRQs enabled, a pending
 *				reschedule happens here (a preemption point)
 *
 * spin_lock() and its variants disable preemption for as long as the
 * lock is held, so a lock holder is never switched out by an interrupt.
 * Calling something that blocks with preemption disabled is a bug.
 */
#ifndef AVATAR_PREEMPT_H
#define AVATAR_PREEMPT_H

#include <avatar/types.h>

void preempt_disable(void);
void preempt_enable(void);
/* Counter of the current thread (0: preemptible). */
unsigned int preempt_count(void);
/* A voluntary preemption point: switch now if a reschedule is pending. */
void cond_resched(void);

#endif /* AVATAR_PREEMPT_H */
