/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time and kernel timers (kernel/time.c).
 *
 * time_now_ns() is monotonic nanoseconds of the system counter CNTPCT_EL0
 * (zero when the counter started, i.e. at power-on / QEMU start). A ktimer
 * calls its function once, in IRQ context on the CPU that started it, at
 * or after its deadline (in time_now_ns() nanoseconds). There is no
 * periodic tick: each CPU's hardware timer is programmed for its earliest
 * pending ktimer only, and left off when there is none.
 *
 * Rules: a ktimer is owned by one user, who serialises its own start and
 * cancel calls. The function runs with IRQs masked and must not sleep;
 * it may restart its own ktimer (a periodic timer does). ktimer_cancel()
 * from the firing function, or from anywhere on the firing CPU, is safe
 * and returns false; from another CPU it cannot wait for a function that
 * is already running there.
 *
 * The tick/nanosecond conversions are exact (64-bit, no 128-bit
 * arithmetic) for counter frequencies below 18 GHz; host-safe, tested by
 * tests/unit/test_timer_list.c.
 */
#ifndef AVATAR_TIME_H
#define AVATAR_TIME_H

#include <avatar/compiler.h>
#include <avatar/timer_list.h>
#include <avatar/types.h>

#define NSEC_PER_USEC 1000ULL
#define NSEC_PER_MSEC 1000000ULL
#define NSEC_PER_SEC  1000000000ULL
#define USEC_PER_SEC  1000000ULL

struct ktimer;
typedef void (*ktimer_fn)(struct ktimer *t);

struct ktimer {
	struct timer_node node; /* deadline (ns) and link in its CPU's list */
	ktimer_fn fn;
	int cpu;    /* CPU whose list it was last queued on; -1 never */
	bool armed; /* queued, not yet fired or cancelled */
};

uint64_t time_now_ns(void);
void ktimer_init(struct ktimer *t, ktimer_fn fn);
/* Fire fn on the calling CPU at or after deadline_ns; restarts a pending timer. */
void ktimer_start(struct ktimer *t, uint64_t deadline_ns);
/* True if it was pending (and now is not). */
bool ktimer_cancel(struct ktimer *t);
static inline bool ktimer_pending(const struct ktimer *t)
{
	return READ_ONCE(t->armed);
}
/* Busy-wait at least us microseconds (drivers; no timer interrupt needed). */
void udelay(unsigned long us);

/* Boot CPU, after irq_init(): the timer device and this CPU's timer list. */
void time_init(void);
/* Secondary CPU: its timer (IRQs still masked). */
void time_init_cpu(void);

/* Counter ticks at freq Hz to nanoseconds, rounded down. */
static inline u64 ticks_to_ns(u64 ticks, u64 freq)
{
	return ticks / freq * NSEC_PER_SEC + ticks % freq * NSEC_PER_SEC / freq;
}

/* Nanoseconds to counter ticks at freq Hz, rounded up (a deadline is never early). */
static inline u64 ns_to_ticks(u64 ns, u64 freq)
{
	return ns / NSEC_PER_SEC * freq +
	       (ns % NSEC_PER_SEC * freq + NSEC_PER_SEC - 1) / NSEC_PER_SEC;
}

#endif /* AVATAR_TIME_H */
