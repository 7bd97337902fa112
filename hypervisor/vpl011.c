// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated PL011 (see <hypervisor/vpl011.h>); register offsets and bits
 * from the "PrimeCell UART (PL011) Technical Reference Manual" (Arm DDI
 * 0183), chapter 3. One table of {offset, widths, read, write} and the
 * shared dispatcher; registers without a handler read as zero and ignore
 * writes. Interrupts are not raised (no vGIC yet): guests poll UARTFR.
 */
#include <avatar/compiler.h>
#include <avatar/printk.h>
#include <hypervisor/guest_log.h>
#include <avatar/string.h>
#include <hypervisor/vpl011.h>

enum pl011_reg {
	UARTDR = 0x000,
	UARTRSR = 0x004,
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

#define UARTFR_RXFE    (1U << 4) /* receive FIFO empty */
#define UARTFR_TXFE    (1U << 7) /* transmit FIFO empty */
#define UARTCR_RESET   0x300	 /* TXE | RXE */
#define UARTIFLS_RESET 0x12

/* Peripheral and PrimeCell ids of an r1p5 PL011 (0xfe0..0xffc, one byte per register). */
static const u8 pl011_ids[8] = {0x11, 0x10, 0x34, 0x00, 0x0d, 0xf0, 0x05, 0xb1};

static void line_flush(struct vpl011 *u)
{
	if (!u->len)
		return;
	u->line[u->len] = '\0';
	printk("[%s] %s\n", u->name, u->line);
	guest_log_line(u->log_index, u->line);
	u->len = 0;
}

static void dr_write(void *dev, u32 off, u64 val)
{
	struct vpl011 *u = dev;
	char c = (char)(val & 0xff);
	unsigned long flags;

	(void)off;
	flags = spin_lock_irqsave(&u->lock);
	if (c == '\n' || u->len == VPL011_LINE_MAX)
		line_flush(u);
	if (c != '\n' && c != '\r')
		u->line[u->len++] = c;
	spin_unlock_irqrestore(&u->lock, flags);
}

static u64 fr_read(void *dev, u32 off)
{
	(void)dev;
	(void)off;
	return UARTFR_TXFE | UARTFR_RXFE; /* output never waits, no input yet */
}

static u64 id_read(void *dev, u32 off)
{
	(void)dev;
	return pl011_ids[(off - UARTPERIPHID0) / 4];
}

/* A plain read/write register kept in struct vpl011. */
static u32 *reg_field(struct vpl011 *u, u32 off)
{
	switch (off) {
	case UARTIBRD:
		return &u->ibrd;
	case UARTFBRD:
		return &u->fbrd;
	case UARTLCR_H:
		return &u->lcr_h;
	case UARTCR:
		return &u->cr;
	case UARTIFLS:
		return &u->ifls;
	case UARTIMSC:
		return &u->imsc;
	default:
		return &u->dmacr;
	}
}

static u64 field_read(void *dev, u32 off)
{
	return *reg_field(dev, off);
}

static void field_write(void *dev, u32 off, u64 val)
{
	*reg_field(dev, off) = (u32)val;
}

#define W_ALL (MMIO_W8 | MMIO_W16 | MMIO_W32)
#define W_STD (MMIO_W16 | MMIO_W32)

static const struct mmio_reg pl011_regs[] = {
	{UARTDR, W_ALL, NULL, dr_write},
	{UARTRSR, W_STD, NULL, NULL},
	{UARTFR, W_STD | MMIO_REG_FAST_READ, fr_read, NULL},
	{UARTILPR, W_STD, NULL, NULL},
	{UARTIBRD, W_STD, field_read, field_write},
	{UARTFBRD, W_STD, field_read, field_write},
	{UARTLCR_H, W_STD, field_read, field_write},
	{UARTCR, W_STD, field_read, field_write},
	{UARTIFLS, W_STD, field_read, field_write},
	{UARTIMSC, W_STD, field_read, field_write},
	{UARTRIS, W_STD, NULL, NULL}, /* no interrupt ever raised */
	{UARTMIS, W_STD, NULL, NULL},
	{UARTICR, W_STD, NULL, NULL},
	{UARTDMACR, W_STD, field_read, field_write},
	{UARTPERIPHID0 + 0x0, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPERIPHID0 + 0x4, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPERIPHID0 + 0x8, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPERIPHID0 + 0xc, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0x0, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0x4, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0x8, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
	{UARTPCELLID0 + 0xc, W_STD | MMIO_REG_FAST_READ, id_read, NULL},
};

static void vpl011_access(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	mmio_regs_dispatch(pl011_regs, ARRAY_SIZE(pl011_regs), dev->priv, offset, acc);
}

/* The exit fast path: reads of the registers marked MMIO_REG_FAST_READ (no side effects). */
static bool vpl011_fast_read(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	return mmio_regs_fast_read(pl011_regs, ARRAY_SIZE(pl011_regs), dev->priv, offset, acc);
}

static const struct mmio_device_ops vpl011_ops = {
	.access = vpl011_access,
	.fast_read = vpl011_fast_read,
};

int vpl011_init(struct vpl011 *u, const char *name, unsigned int log_index, struct mmio_bus *bus)
{
	memset(u, 0, sizeof(*u));
	spin_lock_init(&u->lock);
	u->name = name;
	u->log_index = log_index;
	u->cr = UARTCR_RESET;
	u->ifls = UARTIFLS_RESET;
	u->dev = (struct mmio_device){
		.name = "pl011",
		.base = VPL011_BASE,
		.size = VPL011_SIZE,
		.ops = &vpl011_ops,
		.priv = u,
	};
	return mmio_bus_add(bus, &u->dev);
}

void vpl011_flush(struct vpl011 *u)
{
	unsigned long flags = spin_lock_irqsave(&u->lock);

	line_flush(u);
	spin_unlock_irqrestore(&u->lock, flags);
}
