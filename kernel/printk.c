// SPDX-License-Identifier: GPL-2.0
/*
 * printk(): format into a buffer on the stack, then write it to the
 * console holding printk_lock, so that each call's output is contiguous
 * even with several CPUs printing.
 *
 * Re-entry: if a CPU takes an exception while it holds the lock (say, in
 * the UART driver), the exception handler's printk must not wait for
 * itself. The lock's owner is recorded; a nested call from the owner CPU
 * writes without locking.
 */
#include <avatar/console.h>
#include <avatar/printk.h>
#include <avatar/smp.h>
#include <avatar/spinlock.h>
#include <avatar/sprintf.h>

#define PRINTK_BUF_SIZE 512 /* longer messages are truncated */
#define NO_OWNER	(-1)

static DEFINE_SPINLOCK(printk_lock);
static int printk_owner = NO_OWNER;

void printk_write(const char *buf, size_t len)
{
	int cpu = (int)smp_processor_id();
	bool nested = READ_ONCE(printk_owner) == cpu;
	unsigned long flags = 0;

	if (!nested) {
		flags = spin_lock_irqsave(&printk_lock);
		WRITE_ONCE(printk_owner, cpu);
	}
	console_write(buf, len);
	if (!nested) {
		WRITE_ONCE(printk_owner, NO_OWNER);
		spin_unlock_irqrestore(&printk_lock, flags);
	}
}

int vprintk(const char *fmt, va_list ap)
{
	char buf[PRINTK_BUF_SIZE];
	int len = vsnprintf(buf, sizeof(buf), fmt, ap);

	if (len >= (int)sizeof(buf))
		len = sizeof(buf) - 1;
	printk_write(buf, (size_t)len);
	return len;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int len;

	va_start(ap, fmt);
	len = vprintk(fmt, ap);
	va_end(ap);
	return len;
}
