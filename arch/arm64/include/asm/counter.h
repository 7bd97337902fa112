/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The generic timer's system counter (Arm ARM D11): a 64-bit count at
 * CNTFRQ_EL0 Hz. The kernel's time base and boot-time timeouts read the
 * count its timer compares with (<asm/el.h>): the physical count
 * CNTPCT_EL0 at EL2, the virtual count CNTVCT_EL0 at EL1 (equal to the
 * physical one bare, where CNTVOFF_EL2 is 0; the VM's time under a
 * hypervisor).
 */
#ifndef ASM_COUNTER_H
#define ASM_COUNTER_H

#include <asm/barrier.h>
#include <asm/el.h>
#include <asm/sysreg.h>

static inline u64 counter_read(void)
{
	isb(); /* do not read the counter early, ahead of older instructions */
	return kernel_counter_read();
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
