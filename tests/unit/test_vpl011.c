// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the emulated PL011's register model
 * (hypervisor/vpl011_regs.c, through the shared register dispatcher
 * hypervisor/mmio_regs.c): reset values and identification registers,
 * instant transmit with TXRIS always set, the receive FIFO (depth 1 and
 * 32 with UARTLCR_H.FEN), the receive interrupt at the UARTIFLS trigger
 * level and the receive timeout, UARTICR, overrun (UARTRSR.OE, OERIS,
 * UARTDR.OE), UARTMIS and the interrupt output, access widths.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <hypervisor/vpl011_regs.h>

static char sent[64];
static unsigned int nsent;

static void tx(void *owner, char c)
{
	assert_ptr_equal(owner, sent);
	if (nsent < sizeof(sent))
		sent[nsent++] = c;
}

static struct pl011_regs fresh(void)
{
	struct pl011_regs s;

	nsent = 0;
	pl011_reset(&s, tx, sent);
	return s;
}

static u64 rd_sized(struct pl011_regs *s, u32 off, unsigned int size)
{
	struct mmio_access acc = {.size = size, .write = false, .data = 0xdead};

	pl011_access(s, off, &acc);
	return acc.data;
}

static u64 rd(struct pl011_regs *s, u32 off)
{
	return rd_sized(s, off, 4);
}

static void wr_sized(struct pl011_regs *s, u32 off, u64 val, unsigned int size)
{
	struct mmio_access acc = {.size = size, .write = true, .data = val};

	pl011_access(s, off, &acc);
}

static void wr(struct pl011_regs *s, u32 off, u64 val)
{
	wr_sized(s, off, val, 4);
}

static void test_reset_and_ids(void **state)
{
	static const u8 ids[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};
	struct pl011_regs s = fresh();

	(void)state;
	assert_int_equal(rd(&s, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&s, UARTCR), UARTCR_TXE | UARTCR_RXE);
	assert_int_equal(rd(&s, UARTIFLS), 0x12);
	assert_int_equal(rd(&s, UARTIMSC), 0);
	assert_int_equal(rd(&s, UARTMIS), 0);
	assert_false(pl011_irq_level(&s));
	/* The amba bus reads the ids with 32-bit accesses; Linux's driver with 16-bit ones. */
	for (unsigned int i = 0; i < 8; i++) {
		assert_int_equal(rd(&s, UARTPERIPHID0 + 4 * i), ids[i]);
		assert_int_equal(rd_sized(&s, UARTPERIPHID0 + 4 * i, 2), ids[i]);
	}
	/* No DMA: UARTDMACR reads as zero whatever is written. */
	wr(&s, UARTDMACR, 0x7);
	assert_int_equal(rd(&s, UARTDMACR), 0);
	/* Writable bits only. */
	wr(&s, UARTIMSC, 0xffffffff);
	assert_int_equal(rd(&s, UARTIMSC), PL011_INT_ALL);
	wr(&s, UARTIFLS, 0xffffffff);
	assert_int_equal(rd(&s, UARTIFLS), 0x3f);
}

static void test_widths(void **state)
{
	struct pl011_regs s = fresh();

	(void)state;
	/* UARTDR takes bytes; the other registers 16 or 32 bits; nothing takes 64. */
	wr_sized(&s, UARTDR, 'a', 1);
	wr_sized(&s, UARTDR, 'b', 2);
	wr_sized(&s, UARTDR, 0x163, 4); /* only the data byte goes out */
	assert_int_equal(nsent, 3);
	assert_memory_equal(sent, "abc", 3);
	wr_sized(&s, UARTDR, 'x', 8);
	assert_int_equal(nsent, 3);
	assert_int_equal(rd_sized(&s, UARTFR, 1), 0);
	assert_int_equal(rd_sized(&s, UARTFR, 8), 0);
	assert_int_equal(rd_sized(&s, UARTFR, 2), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&s, 0x100), 0); /* no register there */
}

static void test_tx_interrupt(void **state)
{
	struct pl011_regs s = fresh();

	(void)state;
	/* The transmit FIFO is always empty: TXRIS stays set, UARTICR cannot clear it. */
	assert_int_equal(rd(&s, UARTRIS) & PL011_INT_TX, PL011_INT_TX);
	wr(&s, UARTICR, PL011_INT_TX);
	assert_int_equal(rd(&s, UARTRIS) & PL011_INT_TX, PL011_INT_TX);
	assert_false(pl011_irq_level(&s));
	wr(&s, UARTIMSC, PL011_INT_TX);
	assert_int_equal(rd(&s, UARTMIS), PL011_INT_TX);
	assert_true(pl011_irq_level(&s));
	wr(&s, UARTDR, 'z');
	assert_true(pl011_irq_level(&s));
	wr(&s, UARTIMSC, 0); /* what a driver does when it has nothing to send */
	assert_false(pl011_irq_level(&s));
}

static void test_rx_without_fifo(void **state)
{
	struct pl011_regs s = fresh();

	(void)state;
	wr(&s, UARTIMSC, PL011_INT_RX | PL011_INT_RT);
	assert_true(pl011_rx_push(&s, 'a'));
	/* A holding register of one: full at once, the receive interrupt at once. */
	assert_int_equal(rd(&s, UARTFR), UARTFR_TXFE | UARTFR_RXFF);
	assert_int_equal(rd(&s, UARTRIS), PL011_INT_RX | PL011_INT_RT | PL011_INT_TX);
	assert_true(pl011_irq_level(&s));
	/* Overrun: the character is lost and said so. */
	assert_false(pl011_rx_room(&s));
	assert_false(pl011_rx_push(&s, 'b'));
	assert_int_equal(rd(&s, UARTRIS) & PL011_INT_OE, PL011_INT_OE);
	assert_int_equal(rd(&s, UARTRSR), UARTRSR_OE);
	assert_int_equal(rd(&s, UARTDR), 'a');
	assert_int_equal(rd(&s, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&s, UARTRIS) & (PL011_INT_RX | PL011_INT_RT), 0);
	assert_false(pl011_irq_level(&s)); /* OE is not enabled in UARTIMSC */
	/* The next character carries the overrun flag; UARTECR and UARTICR clear. */
	assert_true(pl011_rx_push(&s, 'c'));
	assert_int_equal(rd(&s, UARTDR), UARTDR_OE | 'c');
	wr(&s, UARTRSR, 0);
	assert_int_equal(rd(&s, UARTRSR), 0);
	wr(&s, UARTICR, PL011_INT_OE);
	assert_int_equal(rd(&s, UARTRIS), PL011_INT_TX);
	/* Reading an empty FIFO gives 0 and changes nothing. */
	assert_int_equal(rd(&s, UARTDR), 0);
	assert_int_equal(rd(&s, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
}

static void test_rx_fifo_trigger_and_timeout(void **state)
{
	struct pl011_regs s = fresh();
	char got[PL011_FIFO_DEPTH + 1] = {0};

	(void)state;
	wr(&s, UARTLCR_H, UARTLCR_H_FEN | 0x60);
	wr(&s, UARTIMSC, PL011_INT_RX | PL011_INT_RT);
	/* UARTIFLS reset: receive interrupt at 1/2 full (16 of 32). */
	for (int i = 0; i < 15; i++)
		assert_true(pl011_rx_push(&s, (char)('A' + i)));
	assert_int_equal(rd(&s, UARTRIS) & (PL011_INT_RX | PL011_INT_RT), PL011_INT_RT);
	assert_int_equal(rd(&s, UARTMIS), PL011_INT_RT); /* the timeout brings typed input */
	assert_true(pl011_rx_push(&s, 'P'));
	assert_int_equal(rd(&s, UARTMIS), PL011_INT_RX | PL011_INT_RT);
	/* Reading below the trigger clears RX; RT stays until the FIFO is empty. */
	assert_int_equal(rd(&s, UARTDR), 'A');
	assert_int_equal(rd(&s, UARTMIS), PL011_INT_RT);
	/* UARTICR cannot clear the timeout while data waits: it fires again (at once here). */
	wr(&s, UARTICR, PL011_INT_RT);
	assert_int_equal(rd(&s, UARTMIS), PL011_INT_RT);
	assert_true(pl011_irq_level(&s));
	/* Masked, the line drops. */
	wr(&s, UARTIMSC, PL011_INT_RX);
	assert_false(pl011_irq_level(&s));
	wr(&s, UARTIMSC, PL011_INT_RX | PL011_INT_RT);
	/* Fill it up: 32 fit, the 33rd is an overrun. */
	for (int i = 15; i < PL011_FIFO_DEPTH; i++)
		assert_true(pl011_rx_push(&s, (char)('A' + i + 1)));
	assert_int_equal(rd(&s, UARTFR) & UARTFR_RXFF, UARTFR_RXFF);
	assert_true(pl011_irq_level(&s));
	assert_false(pl011_rx_push(&s, '!'));
	for (int i = 0; i < PL011_FIFO_DEPTH; i++)
		got[i] = (char)(rd(&s, UARTDR) & UARTDR_DATA);
	assert_string_equal(got, "BCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`a");
	assert_int_equal(rd(&s, UARTFR), UARTFR_TXFE | UARTFR_RXFE);
	assert_int_equal(rd(&s, UARTMIS), 0);
	assert_false(pl011_irq_level(&s));
}

static void test_rx_trigger_levels(void **state)
{
	static const unsigned int level[5] = {4, 8, 16, 24, 28}; /* 1/8 .. 7/8 of 32 */

	(void)state;
	for (unsigned int sel = 0; sel < 5; sel++) {
		struct pl011_regs s = fresh();

		wr(&s, UARTLCR_H, UARTLCR_H_FEN);
		wr(&s, UARTIFLS, sel << UARTIFLS_RXIFLSEL_SHIFT);
		wr(&s, UARTIMSC, PL011_INT_RX);
		for (unsigned int i = 1; i <= level[sel]; i++) {
			assert_false(pl011_irq_level(&s));
			assert_true(pl011_rx_push(&s, 'x'));
		}
		assert_true(pl011_irq_level(&s));
	}
}

/* Every word of the snapshot is what a 32-bit read of that offset returns (0 where nothing is). */
static void assert_snapshot_matches(struct pl011_regs *s)
{
	static u32 page[PL011_PAGE_WORDS];

	assert_true(pl011_reads_pure(s));
	memset(page, 0, sizeof(page)); /* as the page starts */
	pl011_snapshot(s, page);
	for (u32 off = 0; off < 4096; off += 4) {
		/* UARTFR and the others take 16-bit reads too: both widths agree with the page. */
		u64 want = rd(s, off);

		if (page[off / 4] != (u32)want)
			fail_msg("offset 0x%03x: page 0x%x, register 0x%llx", off, page[off / 4],
				 (unsigned long long)want);
		if (off == UARTFR)
			assert_int_equal(page[off / 4] & 0xffff, rd_sized(s, off, 2));
	}
}

static void test_snapshot(void **state)
{
	struct pl011_regs s = fresh();

	(void)state;
	assert_snapshot_matches(&s);
	assert_int_equal(0x11, (rd(&s, UARTPERIPHID0)));

	/* Control registers as Linux sets them; UARTCR toggled as its console write does. */
	wr(&s, UARTIBRD, 13);
	wr(&s, UARTFBRD, 1);
	wr(&s, UARTLCR_H, UARTLCR_H_FEN | 0x60);
	wr(&s, UARTCR, UARTCR_RESET | UARTCR_UARTEN);
	wr(&s, UARTIMSC, PL011_INT_RX | PL011_INT_RT | PL011_INT_TX);
	assert_snapshot_matches(&s);

	/* Input makes reads impure (a UARTDR read pops); drained, pure again, with RIS/MIS current. */
	assert_true(pl011_rx_push(&s, 'a'));
	assert_true(pl011_rx_push(&s, 'b'));
	assert_false(pl011_reads_pure(&s));
	assert_int_equal('a', rd(&s, UARTDR) & UARTDR_DATA);
	assert_false(pl011_reads_pure(&s));
	assert_int_equal('b', rd(&s, UARTDR) & UARTDR_DATA);
	assert_snapshot_matches(&s);

	/* An overrun leaves UARTRSR and OERIS set in the page until cleared. */
	wr(&s, UARTLCR_H, 0); /* FIFO off: depth 1 */
	assert_true(pl011_rx_push(&s, 'c'));
	assert_false(pl011_rx_push(&s, 'd'));
	(void)rd(&s, UARTDR);
	assert_snapshot_matches(&s);
	assert_int_not_equal(0, rd(&s, UARTRSR));
	wr(&s, UARTRSR, 0);
	wr(&s, UARTICR, PL011_INT_ALL);
	assert_snapshot_matches(&s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_reset_and_ids),
		cmocka_unit_test(test_widths),
		cmocka_unit_test(test_tx_interrupt),
		cmocka_unit_test(test_rx_without_fifo),
		cmocka_unit_test(test_rx_fifo_trigger_and_timeout),
		cmocka_unit_test(test_rx_trigger_levels),
		cmocka_unit_test(test_snapshot),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
