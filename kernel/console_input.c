// SPDX-License-Identifier: GPL-2.0
/*
 * Console input: a ring of received characters that the UART's receive
 * interrupt fills and the reader (the shell thread) drains, sleeping on a
 * wait queue while the ring is empty. CPU0 therefore idles at the prompt
 * instead of polling the UART.
 *
 * The ring is protected by the wait queue's lock: the interrupt handler
 * pushes and wakes under it, and wait_event() tests the ring under it, so
 * no character arrives unnoticed between the test and the sleep. A full
 * ring drops new characters (and counts them): a person types far slower
 * than the shell reads.
 *
 * Until a driver has its receive interrupt working (console_input_start()),
 * and in contexts that cannot sleep (before the scheduler, IRQs masked,
 * the idle thread), console_getc() polls the device as before. Output is
 * not affected: it stays synchronous so printk works from any context.
 */
#include <asm/barrier.h>
#include <avatar/compiler.h>
#include <avatar/console.h>
#include <avatar/irq.h>
#include <avatar/printk.h>
#include <avatar/thread.h>
#include <avatar/time.h>
#include <avatar/waitqueue.h>

#define INPUT_RING_SIZE	 256	     /* a power of two */
#define POLL_INTERVAL_NS 10000000ULL /* polled input, interruptible reader: 10 ms */

static char ring[INPUT_RING_SIZE];
static unsigned int ring_head, ring_tail; /* free-running; head - tail = bytes queued */
static unsigned long dropped;
static bool irq_driven;
static DEFINE_WAITQUEUE(input_wq);

/* input_wq.lock held. */
static bool ring_pop(int *c)
{
	if (ring_head == ring_tail)
		return false;
	*c = (u8)ring[ring_tail++ % INPUT_RING_SIZE];
	return true;
}

void console_input_push(char c)
{
	unsigned long flags = spin_lock_irqsave(&input_wq.lock);

	if (ring_head - ring_tail < INPUT_RING_SIZE)
		ring[ring_head++ % INPUT_RING_SIZE] = c;
	else
		dropped++;
	waitqueue_wake_one_locked(&input_wq);
	spin_unlock_irqrestore(&input_wq.lock, flags);
}

void console_input_start(unsigned int irq)
{
	if (console_enable_rx_irq(irq) == 0) {
		WRITE_ONCE(irq_driven, true);
		pr_info("console: input interrupt-driven (INTID %u)\n", irq);
	} else {
		pr_warn("console: no receive interrupt, input is polled\n");
	}
}

/* Can the caller sleep on the wait queue? */
static bool can_sleep(void)
{
	return READ_ONCE(irq_driven) && !irqs_disabled() && !in_irq() && !thread_current()->is_idle;
}

int console_trygetc(void)
{
	unsigned long flags;
	int c = -1;

	if (!READ_ONCE(irq_driven))
		return console_poll_getc();
	flags = spin_lock_irqsave(&input_wq.lock);
	ring_pop(&c);
	spin_unlock_irqrestore(&input_wq.lock, flags);
	return c;
}

int console_getc(void)
{
	int c = -1;

	if (!can_sleep()) {
		while ((c = console_trygetc()) < 0)
			cpu_relax();
		return c;
	}
	/* ring_pop() stores the character when the condition becomes true. */
	wait_event(&input_wq, ring_pop(&c));
	return c;
}

unsigned long console_input_dropped(void)
{
	return READ_ONCE(dropped);
}

void console_input_wake(void)
{
	waitqueue_wake_all(&input_wq);
}

int console_getc_unless(const bool *stop)
{
	int c = -1;

	if (!can_sleep()) {
		while ((c = console_trygetc()) < 0 && !READ_ONCE(*stop))
			thread_sleep_ns(POLL_INTERVAL_NS);
		return c;
	}
	wait_event(&input_wq, ring_pop(&c) || READ_ONCE(*stop));
	return c;
}
