// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated PL011 of a VM (see <hypervisor/vpl011.h>): the register model
 * (vpl011_regs.c) under a lock, its interrupt output driven into the
 * vGIC as the level of SPI VPL011_INTID, and the output routed by the
 * console mux.
 */
#include <avatar/compiler.h>
#include <avatar/printk.h>
#include <avatar/string.h>
#include <hypervisor/console_mux.h>
#include <hypervisor/guest_log.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>
#include <hypervisor/vpl011.h>

/* u->lock held. */
static bool shown_prefixed(const struct vpl011 *u)
{
	return !u->attached && !console_mux_attached();
}

/* u->lock held: the line is complete (or full, or the VM stops). */
static void line_flush(struct vpl011 *u)
{
	if (!u->len)
		return;
	u->line[u->len] = '\0';
	if (shown_prefixed(u))
		printk("[%s] %s\n", u->vm->name, u->line);
	guest_log_line(u->vm->index, u->line);
	u->len = 0;
}

/* u->lock held: the model transmits a byte. */
static void vpl011_tx(void *owner, char c)
{
	struct vpl011 *u = owner;

	if (u->attached)
		printk_write(&c, 1);
	if (c == '\n' || u->len == VPL011_LINE_MAX)
		line_flush(u);
	if (c != '\n' && c != '\r')
		u->line[u->len++] = c;
}

/* u->lock held: the fast path's bytes out, in order, a chunk at a time (tx_lock not held long). */
static void tx_drain(struct vpl011 *u)
{
	char chunk[64];
	unsigned int n;

	do {
		raw_spin_lock(&u->tx_lock); /* inside u->lock: IRQs off */
		for (n = 0; n < sizeof(chunk) && u->tx_count; n++) {
			chunk[n] = u->tx_ring[u->tx_head];
			u->tx_head = (u->tx_head + 1) % VPL011_TX_RING;
			u->tx_count--;
		}
		raw_spin_unlock(&u->tx_lock);
		for (unsigned int i = 0; i < n; i++)
			vpl011_tx(u, chunk[i]);
	} while (n == sizeof(chunk));
}

/* u->lock held: drive the interrupt line if the model's output changed. */
static void update_irq(struct vpl011 *u)
{
	bool level = pl011_irq_level(&u->regs);

	if (level != u->irq_level) {
		u->irq_level = level;
		vgic_inject(u->vm, NULL, VPL011_INTID, level);
	}
}

static void vpl011_access(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	struct vpl011 *u = dev->priv;
	unsigned long flags = spin_lock_irqsave(&u->lock);

	tx_drain(u); /* what the fast path wrote comes first */
	pl011_access(&u->regs, offset, acc);
	update_irq(u);
	spin_unlock_irqrestore(&u->lock, flags);
}

/*
 * The exit fast path: reads of UARTFR and the ID registers, without the
 * lock (a flag snapshot taken while another CPU pushes input is as good
 * as one taken just before).
 */
static bool vpl011_fast_read(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	struct vpl011 *u = dev->priv;

	return pl011_fast_read(&u->regs, offset, acc);
}

/*
 * The exit fast path: a write of UARTDR (of a width the register takes;
 * anything else, the full path) into tx_ring, unless it is full. The
 * register model's UARTDR write only transmits, so nothing else of the
 * UART changes and the interrupt line stays as it is.
 *
 * Not a line's '\n', and nothing while the console shows this guest
 * raw: those take the full path, which drains the ring first, so output
 * comes out a line at a time (and typed echo at once) even if the guest
 * then makes no other full exit. A guest may well make none: one that
 * waits in WFI with a virtual interrupt still pending in a list register
 * (a level line that dropped, seen only at a full exit) never traps.
 */
static bool vpl011_fast_write(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	struct vpl011 *u = dev->priv;
	bool room;

	if (offset != UARTDR || acc->size > sizeof(u32) || (acc->data & UARTDR_DATA) == '\n' ||
	    READ_ONCE(u->attached))
		return false;
	/* raw: IRQs are masked, and spin_unlock()'s preemption point would schedule here */
	raw_spin_lock(&u->tx_lock);
	room = u->tx_count < VPL011_TX_RING;
	if (room)
		u->tx_ring[(u->tx_head + u->tx_count++) % VPL011_TX_RING] =
			(char)(acc->data & UARTDR_DATA);
	raw_spin_unlock(&u->tx_lock);
	return room;
}

static const struct mmio_device_ops vpl011_ops = {
	.access = vpl011_access,
	.fast_read = vpl011_fast_read,
	.fast_write = vpl011_fast_write,
};

int vpl011_init(struct vpl011 *u, struct vm *vm)
{
	memset(u, 0, sizeof(*u));
	spin_lock_init(&u->lock);
	spin_lock_init(&u->tx_lock);
	u->vm = vm;
	pl011_reset(&u->regs, vpl011_tx, u);
	u->dev = (struct mmio_device){
		.name = "pl011",
		.base = VPL011_BASE,
		.size = VPL011_SIZE,
		.ops = &vpl011_ops,
		.priv = u,
	};
	return mmio_bus_add(&vm->bus, &u->dev);
}

void vpl011_drain(struct vpl011 *u)
{
	unsigned long flags;

	if (!READ_ONCE(u->tx_count))
		return;
	flags = spin_lock_irqsave(&u->lock);
	tx_drain(u);
	spin_unlock_irqrestore(&u->lock, flags);
}

void vpl011_flush(struct vpl011 *u)
{
	unsigned long flags = spin_lock_irqsave(&u->lock);

	tx_drain(u);
	line_flush(u);
	spin_unlock_irqrestore(&u->lock, flags);
}

int vpl011_rx_push(struct vpl011 *u, char c)
{
	unsigned long flags = spin_lock_irqsave(&u->lock);
	bool ok = pl011_rx_push(&u->regs, c);

	update_irq(u);
	spin_unlock_irqrestore(&u->lock, flags);
	return ok ? 0 : -1;
}

bool vpl011_rx_room(struct vpl011 *u)
{
	unsigned long flags = spin_lock_irqsave(&u->lock);
	bool room = pl011_rx_room(&u->regs);

	spin_unlock_irqrestore(&u->lock, flags);
	return room;
}

bool vpl011_set_attached(struct vpl011 *u, bool attached)
{
	unsigned long flags = spin_lock_irqsave(&u->lock);
	bool partial;

	tx_drain(u); /* shown where they belong: before the switch */
	partial = u->len != 0;

	if (attached && partial && !u->attached)
		printk_write(u->line, u->len);
	u->attached = attached;
	spin_unlock_irqrestore(&u->lock, flags);
	return partial;
}
