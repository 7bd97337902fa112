/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The register model of the emulated PL011 (hypervisor/vpl011_regs.c):
 * pure state and rules, no locks and no VM, so it is also built on the
 * host (tests/unit/test_vpl011.c). Register map and behaviour from the
 * "PrimeCell UART (PL011) Technical Reference Manual" r1p5 (Arm DDI 0183).
 *
 * Transmit is instant: every byte written to UARTDR goes to the owner's
 * tx() at once, so the transmit FIFO is always empty (UARTFR.TXFE = 1,
 * TXFF = 0) and always at or below its trigger level: UARTRIS.TXRIS
 * always reads 1 (UARTICR cannot clear a condition that still holds),
 * and with UARTIMSC.TXIM set the interrupt stays asserted until the
 * guest masks it, as Linux's amba-pl011 driver does when it has nothing
 * left to send.
 *
 * Receive: a FIFO of PL011_FIFO_DEPTH entries (1 with UARTLCR_H.FEN
 * clear) filled by pl011_rx_push(). The receive interrupt (RXRIS) is
 * raised when the fill level reaches the UARTIFLS trigger and cleared
 * when reads take it below, or by UARTICR. The receive timeout (RTRIS),
 * which hardware raises after 32 idle bit periods with data waiting, is
 * raised at every push: input arrives a character at a time from a
 * person, so the line is idle right after it. It is cleared when the
 * FIFO empties, or by UARTICR only if the FIFO is empty: with data
 * waiting, hardware raises it again 32 idle bit periods after the clear,
 * which this model does at once. A push into a full FIFO is lost and raises
 * the overrun error (OERIS, UARTRSR.OE, UARTDR.OE of the next character).
 *
 * The interrupt output (one line, level) is UARTMIS != 0.
 */
#ifndef HYPERVISOR_VPL011_REGS_H
#define HYPERVISOR_VPL011_REGS_H

#include <avatar/types.h>
#include <hypervisor/mmio.h>

#define PL011_FIFO_DEPTH 32 /* r1p5 (PeriphID2 revision 3) */

/* Register offsets (TRM table 3-1). */
enum pl011_reg {
	UARTDR = 0x000,
	UARTRSR = 0x004, /* UARTECR on write */
	UARTFR = 0x018,
	UARTILPR = 0x020,
	UARTIBRD = 0x024,
	UARTFBRD = 0x028,
	UARTLCR_H = 0x02c,
	UARTCR = 0x030,
	UARTIFLS = 0x034,
	UARTIMSC = 0x038,
	UARTRIS = 0x03c,
	UARTMIS = 0x040,
	UARTICR = 0x044,
	UARTDMACR = 0x048,
	UARTPERIPHID0 = 0xfe0,
	UARTPCELLID0 = 0xff0,
};

/* UARTDR (read): error bits above the data byte; UARTRSR has them at bits 0-3. */
#define UARTDR_DATA 0xffU
#define UARTDR_OE   (1U << 11)
#define UARTRSR_OE  (1U << 3)

/* UARTFR */
#define UARTFR_BUSY (1U << 3)
#define UARTFR_RXFE (1U << 4)
#define UARTFR_TXFF (1U << 5)
#define UARTFR_RXFF (1U << 6)
#define UARTFR_TXFE (1U << 7)

/* UARTLCR_H */
#define UARTLCR_H_FEN (1U << 4)

/* UARTCR */
#define UARTCR_UARTEN (1U << 0)
#define UARTCR_TXE    (1U << 8)
#define UARTCR_RXE    (1U << 9)
#define UARTCR_RESET  (UARTCR_TXE | UARTCR_RXE)

/* UARTIFLS: RXIFLSEL (5:3) and TXIFLSEL (2:0); reset 1/2 each. */
#define UARTIFLS_RXIFLSEL_SHIFT 3
#define UARTIFLS_RXIFLSEL_MASK	0x7U
#define UARTIFLS_RESET		0x12U

/* Interrupt bits, the same in UARTIMSC, UARTRIS, UARTMIS and UARTICR. */
#define PL011_INT_RX	(1U << 4)
#define PL011_INT_TX	(1U << 5)
#define PL011_INT_RT	(1U << 6)
#define PL011_INT_OE	(1U << 10)
#define PL011_INT_ALL	0x7ffU
#define PL011_INT_LATCH (PL011_INT_ALL & ~PL011_INT_TX) /* TX is computed, the rest latched */

struct pl011_regs {
	u32 cr, lcr_h, ibrd, fbrd, ilpr, ifls, imsc;
	u32 ris;      /* latched raw status (every bit but TX) */
	u32 rsr;      /* receive status: OE */
	bool overrun; /* the next received character carries UARTDR.OE */
	u16 rx[PL011_FIFO_DEPTH];
	unsigned int rx_head, rx_count;
	/* Where transmitted bytes go (called from the UARTDR write). */
	void (*tx)(void *owner, char c);
	void *owner;
};

/* Reset values; tx(owner, c) receives what the guest transmits. */
void pl011_reset(struct pl011_regs *s, void (*tx)(void *owner, char c), void *owner);
/* Perform one guest access at offset (the register table and its dispatcher). */
void pl011_access(struct pl011_regs *s, u64 offset, struct mmio_access *acc);
/*
 * The exit fast path's read (IRQs masked, no lock): UARTFR and the ID
 * registers, whose reads change nothing; false for every other access.
 */
bool pl011_fast_read(struct pl011_regs *s, u64 offset, struct mmio_access *acc);
/*
 * Reads have no side effect in this state: the receive FIFO is empty, so
 * a UARTDR read returns 0 and pops nothing. Then every register reads as
 * pl011_snapshot() says, and the register page can be mapped for reads.
 */
bool pl011_reads_pure(const struct pl011_regs *s);
/*
 * What every register reads now, as the 32-bit words of the 4 KiB
 * register page (regs[offset / 4]; the words of registers only, so a
 * page that starts zeroed reads 0 where there is none): the page a guest
 * reads instead of trapping
 * (<hypervisor/vpl011.h>). Only while pl011_reads_pure(): the read
 * handlers then change nothing.
 */
#define PL011_PAGE_WORDS (4096 / 4)
void pl011_snapshot(struct pl011_regs *s, u32 regs[PL011_PAGE_WORDS]);
/* A received character: false if the FIFO was full (lost, overrun raised). */
bool pl011_rx_push(struct pl011_regs *s, char c);
/* Room for another received character? */
bool pl011_rx_room(const struct pl011_regs *s);
/* UARTRIS / UARTMIS as the guest would read them. */
u32 pl011_ris(const struct pl011_regs *s);
u32 pl011_mis(const struct pl011_regs *s);
/* The interrupt output: UARTMIS != 0. */
bool pl011_irq_level(const struct pl011_regs *s);

#endif /* HYPERVISOR_VPL011_REGS_H */
