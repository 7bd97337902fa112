// SPDX-License-Identifier: GPL-2.0
/*
 * The console: a pointer to the registered character device. Locking is
 * the callers' business (printk serialises output; only CPU0 reads).
 * Buffered, interrupt-driven input is in console_input.c.
 */
#include <asm/barrier.h>
#include <avatar/compiler.h>
#include <avatar/console.h>

static struct console *console;

void console_register(struct console *con)
{
	WRITE_ONCE(console, con);
}

const char *console_name(void)
{
	struct console *con = READ_ONCE(console);

	return con ? con->name : "none";
}

void console_putc(char c)
{
	struct console *con = READ_ONCE(console);

	if (con)
		con->putc(con, c);
}

void console_write(const char *s, size_t len)
{
	struct console *con = READ_ONCE(console);

	if (!con)
		return;
	while (len--)
		con->putc(con, *s++);
}

int console_poll_getc(void)
{
	struct console *con = READ_ONCE(console);

	return con ? con->trygetc(con) : -1;
}

int console_enable_rx_irq(unsigned int irq)
{
	struct console *con = READ_ONCE(console);

	if (!con || !con->enable_rx_irq || !irq)
		return -1;
	return con->enable_rx_irq(con, irq);
}
