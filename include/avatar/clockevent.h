/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A per-CPU one-shot timer device, as kernel/time.c uses it. The Arm
 * generic timer (drivers/timer/arch_timer.c) is the one implementation:
 * it interrupts the CPU that programmed it when the system counter
 * (CNTPCT_EL0) reaches an absolute compare value.
 */
#ifndef AVATAR_CLOCKEVENT_H
#define AVATAR_CLOCKEVENT_H

#include <avatar/types.h>

struct clock_event {
	const char *name;
	unsigned int irq; /* its PPI's INTID */
	u64 freq;	  /* counter ticks per second */
	/* This CPU: interrupt when the counter reaches cval (at once if it has). */
	void (*set_next)(u64 cval);
	/* This CPU: no interrupt until the next set_next(). */
	void (*stop)(void);
	/* This CPU: stopped, and its interrupt enabled. */
	void (*init_cpu)(void);
};

/*
 * Find the generic timer, request its interrupt and return it; on expiry
 * it stops itself and calls handler() in IRQ context. NULL if unusable.
 */
const struct clock_event *arch_timer_probe(void (*handler)(void));

#endif /* AVATAR_CLOCKEVENT_H */
