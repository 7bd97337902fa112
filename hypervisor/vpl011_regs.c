// SPDX-License-Identifier: GPL-2.0
/*
 * The emulated PL011's registers, FIFO and interrupt status (see
 * <hypervisor/vpl011_regs.h>): one table of {offset, widths, read,
 * write} and the shared dispatcher. A register without a read handler
 * reads as zero, one without a write handler ignores writes: UARTDMACR
 * has neither (no DMA; Linux then uses the FIFO with interrupts). An
 * offset not in the table, or a bad width, is read-as-zero/write-ignored.
 */
#include <avatar/compiler.h>
#include <hypervisor/vpl011_regs.h>

/* Peripheral and PrimeCell ids of an r1p5 PL011 (0xfe0..0xffc, one byte per register). */
static const u8 pl011_ids[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

/* RXIFLSEL -> fill level that raises the receive interrupt: 1/8, 1/4, 1/2, 3/4, 7/8. */
static const u8 rx_trigger_eighths[8] = {1, 2, 4, 6, 7, 4, 4, 4};

static unsigned int rx_depth(const struct pl011_regs *s)
{
	return (s->lcr_h & UARTLCR_H_FEN) ? PL011_FIFO_DEPTH : 1;
}

/* Without the FIFO the holding register raises the interrupt as soon as it is full. */
static unsigned int rx_trigger(const struct pl011_regs *s)
{
	unsigned int sel = (s->ifls >> UARTIFLS_RXIFLSEL_SHIFT) & UARTIFLS_RXIFLSEL_MASK;

	if (!(s->lcr_h & UARTLCR_H_FEN))
		return 1;
	return PL011_FIFO_DEPTH * rx_trigger_eighths[sel] / 8;
}

void pl011_reset(struct pl011_regs *s, void (*tx)(void *owner, char c), void *owner)
{
	*s = (struct pl011_regs){0};
	s->cr = UARTCR_RESET;
	s->ifls = UARTIFLS_RESET;
	s->tx = tx;
	s->owner = owner;
}

bool pl011_rx_room(const struct pl011_regs *s)
{
	return s->rx_count < rx_depth(s);
}

bool pl011_rx_push(struct pl011_regs *s, char c)
{
	if (!pl011_rx_room(s)) {
		s->overrun = true;
		s->rsr |= UARTRSR_OE;
		s->ris |= PL011_INT_OE;
		return false;
	}
	s->rx[(s->rx_head + s->rx_count++) % PL011_FIFO_DEPTH] =
		(u16)((u8)c | (s->overrun ? UARTDR_OE : 0));
	s->overrun = false;
	if (s->rx_count >= rx_trigger(s))
		s->ris |= PL011_INT_RX;
	s->ris |= PL011_INT_RT; /* the line is idle after each character (see the header) */
	return true;
}

u32 pl011_ris(const struct pl011_regs *s)
{
	return (s->ris & PL011_INT_LATCH) | PL011_INT_TX; /* the TX FIFO is always empty */
}

u32 pl011_mis(const struct pl011_regs *s)
{
	return pl011_ris(s) & s->imsc;
}

bool pl011_irq_level(const struct pl011_regs *s)
{
	return pl011_mis(s) != 0;
}

static u64 dr_read(void *dev, u32 off)
{
	struct pl011_regs *s = dev;
	u16 v;

	(void)off;
	if (!s->rx_count)
		return 0;
	v = s->rx[s->rx_head];
	s->rx_head = (s->rx_head + 1) % PL011_FIFO_DEPTH;
	s->rx_count--;
	if (s->rx_count < rx_trigger(s))
		s->ris &= ~PL011_INT_RX;
	if (!s->rx_count)
		s->ris &= ~PL011_INT_RT;
	return v;
}

static void dr_write(void *dev, u32 off, u64 val)
{
	struct pl011_regs *s = dev;

	(void)off;
	if (s->tx)
		s->tx(s->owner, (char)(val & UARTDR_DATA));
}

static u64 rsr_read(void *dev, u32 off)
{
	(void)off;
	return ((struct pl011_regs *)dev)->rsr;
}

/* UARTECR: any write clears the error bits. */
static void ecr_write(void *dev, u32 off, u64 val)
{
	(void)off;
	(void)val;
	((struct pl011_regs *)dev)->rsr = 0;
}

static u64 fr_read(void *dev, u32 off)
{
	const struct pl011_regs *s = dev;
	u32 fr = UARTFR_TXFE; /* transmitted at once: never busy, never full */

	(void)off;
	if (!s->rx_count)
		fr |= UARTFR_RXFE;
	if (!pl011_rx_room(s))
		fr |= UARTFR_RXFF;
	return fr;
}

static u64 ris_read(void *dev, u32 off)
{
	(void)off;
	return pl011_ris(dev);
}

static u64 mis_read(void *dev, u32 off)
{
	(void)off;
	return pl011_mis(dev);
}

static void icr_write(void *dev, u32 off, u64 val)
{
	struct pl011_regs *s = dev;

	(void)off;
	s->ris &= ~((u32)val & PL011_INT_LATCH);
	/*
	 * With data still waiting the line stays idle, and hardware raises
	 * the receive timeout again 32 bit periods later: at once here. A
	 * driver that drains the FIFO and then clears RX/RT would otherwise
	 * lose a character that came in between, and wait for it forever.
	 */
	if (s->rx_count)
		s->ris |= PL011_INT_RT;
}

static u64 id_read(void *dev, u32 off)
{
	(void)dev;
	return pl011_ids[(off - UARTPERIPHID0) / 4];
}

/* A plain read/write register kept in struct pl011_regs, and its writable bits. */
static u32 *reg_field(struct pl011_regs *s, u32 off, u32 *mask)
{
	switch (off) {
	case UARTILPR:
		*mask = 0xff;
		return &s->ilpr;
	case UARTIBRD:
		*mask = 0xffff;
		return &s->ibrd;
	case UARTFBRD:
		*mask = 0x3f;
		return &s->fbrd;
	case UARTLCR_H:
		*mask = 0xff;
		return &s->lcr_h;
	case UARTCR:
		*mask = 0xff87;
		return &s->cr;
	case UARTIFLS:
		*mask = 0x3f;
		return &s->ifls;
	default:
		*mask = PL011_INT_ALL;
		return &s->imsc;
	}
}

static u64 field_read(void *dev, u32 off)
{
	u32 mask;

	return *reg_field(dev, off, &mask);
}

static void field_write(void *dev, u32 off, u64 val)
{
	u32 mask;
	u32 *field = reg_field(dev, off, &mask);

	*field = (u32)val & mask;
}

#define W_ALL (MMIO_W8 | MMIO_W16 | MMIO_W32)
#define W_STD (MMIO_W16 | MMIO_W32)

static const struct mmio_reg pl011_regs_table[] = {
	{UARTDR, W_ALL, dr_read, dr_write},
	{UARTRSR, W_ALL, rsr_read, ecr_write},
	{UARTFR, W_STD | MMIO_REG_FAST_READ, fr_read, NULL},
	{UARTILPR, W_STD, field_read, field_write},
	{UARTIBRD, W_STD, field_read, field_write},
	{UARTFBRD, W_STD, field_read, field_write},
	{UARTLCR_H, W_STD, field_read, field_write},
	{UARTCR, W_STD, field_read, field_write},
	{UARTIFLS, W_STD, field_read, field_write},
	{UARTIMSC, W_STD, field_read, field_write},
	{UARTRIS, W_STD, ris_read, NULL},
	{UARTMIS, W_STD, mis_read, NULL},
	{UARTICR, W_STD, NULL, icr_write},
	{UARTDMACR, W_STD, NULL, NULL}, /* no DMA: read-as-zero */
	{UARTPERIPHID0 + 0x0, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPERIPHID0 + 0x4, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPERIPHID0 + 0x8, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPERIPHID0 + 0xc, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0x0, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0x4, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0x8, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0xc, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
};

void pl011_access(struct pl011_regs *s, u64 offset, struct mmio_access *acc)
{
	mmio_regs_dispatch(pl011_regs_table, ARRAY_SIZE(pl011_regs_table), s, offset, acc);
}

bool pl011_reads_pure(const struct pl011_regs *s)
{
	return s->rx_count == 0;
}

void pl011_snapshot(struct pl011_regs *s, u32 regs[PL011_PAGE_WORDS])
{
	for (unsigned int i = 0; i < ARRAY_SIZE(pl011_regs_table); i++) {
		const struct mmio_reg *r = &pl011_regs_table[i];

		regs[r->offset / 4] = r->read ? (u32)r->read(s, r->offset) : 0;
	}
}

bool pl011_fast_read(struct pl011_regs *s, u64 offset, struct mmio_access *acc)
{
	/* UARTFR, polled around every byte a guest prints (16 bits wide by Linux): before the search. */
	if (offset == UARTFR && (acc->size == sizeof(u16) || acc->size == sizeof(u32))) {
		acc->data = fr_read(s, UARTFR);
		return true;
	}
	return mmio_regs_fast_read(pl011_regs_table, ARRAY_SIZE(pl011_regs_table), s, offset, acc);
}
