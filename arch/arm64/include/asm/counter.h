/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic timer's system counter (Arm ARM D11): a 64-bit count at
 * CNTFRQ_EL0 Hz, readable at EL1 (CNTHCTL_EL2.EL1PCTEN is set when we
 * drop from EL2) and EL2. Used for boot-time timeouts.
 */
#ifndef ASM_COUNTER_H
#define ASM_COUNTER_H

#include <asm/barrier.h>
#include <asm/sysreg.h>

static inline u64 counter_read(void)
{
	isb(); /* do not read the counter early, ahead of older instructions */
	return read_sysreg(cntpct_el0);
}

static inline u64 counter_freq(void)
{
	return read_sysreg(cntfrq_el0);
}

/* Counter ticks in 'ms' milliseconds (CNTFRQ is at most a few GHz: no overflow). */
static inline u64 counter_ms_to_ticks(u64 ms)
{
	return counter_freq() * ms / 1000;
}

#endif /* ASM_COUNTER_H */
