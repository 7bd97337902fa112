// SPDX-License-Identifier: GPL-2.0
/*
 * Arm PrimeCell UART (PL011) driver: the console of QEMU virt and the
 * Raspberry Pi 4. Output is polled (printk works from any context);
 * input is polled until enable_rx_irq() switches it to the receive and
 * receive-timeout interrupts, whose handler drains the FIFO into
 * console_input_push(). Register map from the PL011 Technical Reference
 * Manual (Arm DDI 0183), section 3.2.
 */
#include <asm/barrier.h>
#include <asm/io.h>
#include <avatar/compiler.h>
#include <avatar/console.h>
#include <avatar/irq.h>
#include <avatar/pl011.h>

/* Register offsets. */
#define UARTDR	  0x000 /* data */
#define UARTRSR	  0x004 /* receive status / error clear */
#define UARTFR	  0x018 /* flags */
#define UARTIBRD  0x024 /* integer baud rate divisor */
#define UARTFBRD  0x028 /* fractional baud rate divisor */
#define UARTLCR_H 0x02c /* line control */
#define UARTCR	  0x030 /* control */
#define UARTIFLS  0x034 /* interrupt FIFO level select */
#define UARTIMSC  0x038 /* interrupt mask set/clear */
#define UARTRIS	  0x03c /* raw interrupt status */
#define UARTMIS	  0x040 /* masked interrupt status */
#define UARTICR	  0x044 /* interrupt clear */
#define UARTDMACR 0x048 /* DMA control */

/* UARTFR bits. */
#define UARTFR_BUSY (1U << 3) /* transmitting */
#define UARTFR_RXFE (1U << 4) /* receive FIFO empty */
#define UARTFR_TXFF (1U << 5) /* transmit FIFO full */
#define UARTFR_TXFE (1U << 7) /* transmit FIFO empty */

/* UARTLCR_H bits. */
#define UARTLCR_H_FEN	 (1U << 4) /* FIFOs enabled */
#define UARTLCR_H_WLEN_8 (3U << 5) /* 8 data bits */

/* UARTCR bits. */
#define UARTCR_UARTEN (1U << 0)
#define UARTCR_TXE    (1U << 8)
#define UARTCR_RXE    (1U << 9)

/* UARTIMSC / UARTICR / UARTMIS bits. */
#define UART_INT_RX (1U << 4) /* receive: FIFO at its trigger level */
#define UART_INT_RT (1U << 6) /* receive timeout: FIFO not empty and idle */

#define UARTICR_ALL 0x7ffU /* every interrupt source */
#define UARTDR_DATA 0xffU  /* received byte; bits above are error flags */

struct pl011 {
	struct console con;
	uintptr_t base;
};

static struct pl011 pl011_console_dev;

static void pl011_write_byte(uintptr_t base, char c)
{
	while (readl(base + UARTFR) & UARTFR_TXFF)
		cpu_relax();
	writel((u8)c, base + UARTDR);
}

static void pl011_putc(struct console *con, char c)
{
	struct pl011 *uart = (struct pl011 *)con;

	if (c == '\n')
		pl011_write_byte(uart->base, '\r');
	pl011_write_byte(uart->base, c);
}

static int pl011_trygetc(struct console *con)
{
	struct pl011 *uart = (struct pl011 *)con;

	if (readl(uart->base + UARTFR) & UARTFR_RXFE)
		return -1;
	return (int)(readl(uart->base + UARTDR) & UARTDR_DATA);
}

static void pl011_rx_irq(unsigned int irq, void *arg)
{
	struct pl011 *uart = arg;

	(void)irq;
	/*
	 * Acknowledge first, then drain: a character that arrives after the
	 * last FIFO read raises the interrupt again. Acknowledging after the
	 * drain could clear the interrupt of such a character and leave it
	 * in the FIFO with no interrupt to come (input stalls).
	 */
	writel(UART_INT_RX | UART_INT_RT, uart->base + UARTICR);
	while (!(readl(uart->base + UARTFR) & UARTFR_RXFE))
		console_input_push((char)(readl(uart->base + UARTDR) & UARTDR_DATA));
}

static int pl011_enable_rx_irq(struct console *con, unsigned int irq)
{
	struct pl011 *uart = (struct pl011 *)con;
	unsigned long flags;
	int err = request_irq(irq, pl011_rx_irq, uart, "pl011");

	if (err)
		return err;
	/* IRQs masked: the drain below must not interleave with the handler. */
	flags = local_irq_save();
	writel(UART_INT_RX | UART_INT_RT, uart->base + UARTIMSC);
	/* Characters typed before the mask was opened: take them now. */
	pl011_rx_irq(irq, uart);
	local_irq_restore(flags);
	return 0;
}

/* 8N1, FIFOs on, interrupts masked; the baud divisors are left as the firmware set them. */
static void pl011_hw_init(uintptr_t base)
{
	/* Let a message in flight (e.g. from the firmware) finish first. */
	while (readl(base + UARTFR) & UARTFR_BUSY)
		cpu_relax();
	writel(0, base + UARTCR);
	writel(0, base + UARTRSR); /* clear receive errors */
	writel(0, base + UARTIMSC);
	writel(UARTICR_ALL, base + UARTICR);
	writel(UARTLCR_H_WLEN_8 | UARTLCR_H_FEN, base + UARTLCR_H);
	writel(UARTCR_UARTEN | UARTCR_TXE | UARTCR_RXE, base + UARTCR);
}

void pl011_console_init(uintptr_t base, bool reinit)
{
	struct pl011 *uart = &pl011_console_dev;

	if (reinit)
		pl011_hw_init(base);
	uart->con.name = "pl011";
	uart->con.putc = pl011_putc;
	uart->con.trygetc = pl011_trygetc;
	uart->con.enable_rx_irq = pl011_enable_rx_irq;
	uart->base = base;
	console_register(&uart->con);
}

void pl011_early_puts(uintptr_t base, const char *s)
{
	while (*s)
		pl011_write_byte(base, *s++);
}
