// SPDX-License-Identifier: GPL-2.0
/*
 * Emulated PL011 of a VM (see <hypervisor/vpl011.h>): the register model
 * (vpl011_regs.c) under a lock, its interrupt output driven into the
 * vGIC as the level of SPI VPL011_INTID, and the output routed by the
 * console mux.
 */
#include <asm/cache.h>
#include <avatar/compiler.h>
#include <avatar/kconfig.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/string.h>
#include <hypervisor/console_mux.h>
#include <hypervisor/guest_log.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>
#include <hypervisor/vpl011.h>

/*
 * u->lock held: are this guest's complete lines printed with its name?
 * Not while shown raw, nor while the console shows another guest. The
 * mux and u->attached switch one after the other, not at once: in
 * between, the lines are printed prefixed (console_mux_shows_other()),
 * never dropped.
 */
static bool shown_prefixed(const struct vpl011 *u)
{
	return !u->attached && !console_mux_shows_other(u->vm);
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

/* u->lock held: the fast paths' bytes out, in order, a chunk at a time (the lane lock not held long). */
static void tx_drain(struct vpl011 *u)
{
	struct vpl011_lane *l = &u->lane;
	char chunk[64];
	unsigned int n;

	do {
		arch_spin_lock(&l->lock); /* inside u->lock: IRQs off */
		for (n = 0; n < sizeof(chunk) && l->count; n++) {
			chunk[n] = l->ring[l->head];
			l->head = (l->head + 1) % VPL011_TX_RING;
			l->count--;
		}
		arch_spin_unlock(&l->lock);
		for (unsigned int i = 0; i < n; i++)
			vpl011_tx(u, chunk[i]);
	} while (n == sizeof(chunk));
}

/* The words of the register page a register change can touch: UARTDR to UARTDMACR. */
#define PAGE_LIVE_BYTES (UARTDMACR + 4)

/* u->lock held: the register page as the registers read now, cleaned for the guest's device reads. */
static void page_sync(struct vpl011 *u)
{
	uintptr_t page = (uintptr_t)u->page;

	pl011_snapshot(&u->regs, u->page);
	dcache_clean_poc(page, page + PAGE_LIVE_BYTES);
}

/*
 * u->lock held, after any change of the model: while reads are pure the
 * page follows the registers and is mapped (again); otherwise (input
 * waits) it is unmapped, so every read traps and a UARTDR read pops.
 */
static void page_update(struct vpl011 *u)
{
	if (!u->page)
		return;
	if (!pl011_reads_pure(&u->regs)) {
		if (u->page_mapped && !stage2_unmap(&u->vm->s2, VPL011_BASE, VPL011_SIZE))
			u->page_mapped = false; /* the TLBs are clean of it on every CPU */
		return;
	}
	page_sync(u);
	if (!u->page_mapped &&
	    !stage2_map(&u->vm->s2, VPL011_BASE, va_to_pa(u->page), VPL011_SIZE, S2_PROT_DEVICE_RO))
		u->page_mapped = true;
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
	page_update(u); /* before the interrupt: a guest that takes it reads current registers */
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
 * The exit fast path: a write of UARTCR, which Linux's console makes
 * twice per line it prints (UARTEN set, then the old value back). It
 * changes no interrupt state and transmits nothing; the register page
 * gets the new word.
 */
static bool fast_write_cr(struct vpl011 *u, struct mmio_access *acc)
{
	uintptr_t word = (uintptr_t)&u->page[UARTCR / 4];

	if (acc->size != sizeof(u16) && acc->size != sizeof(u32))
		return false;
	raw_spin_lock(&u->lock); /* IRQs are masked: see fastpath.c */
	pl011_access(&u->regs, UARTCR, acc);
	if (u->page) {
		u->page[UARTCR / 4] = u->regs.cr;
		dcache_clean_poc(word, word + sizeof(u32));
	}
	raw_spin_unlock(&u->lock);
	return true;
}

/*
 * The exit fast path: a write of UARTDR (of a width the register takes;
 * anything else, the full path) into the lane, unless it is full or
 * closed; entry.S's console lane makes the same checks. The register
 * model's UARTDR write only transmits, so nothing else of the UART
 * changes and the interrupt line stays as it is.
 *
 * Not a line's '\n', and nothing while the console shows this guest raw
 * (the lane is closed): those take the full path, which drains the lane
 * first, so output comes out a line at a time (and typed echo at once)
 * even if the guest then makes no other full exit. A guest may well make none: one that
 * waits in WFI with a virtual interrupt still pending in a list register
 * (a level line that dropped, seen only at a full exit) never traps.
 */
static bool vpl011_fast_write(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	struct vpl011 *u = dev->priv;
	struct vpl011_lane *l = &u->lane;
	bool room;

	if (offset == UARTCR)
		return fast_write_cr(u, acc);
	if (offset != UARTDR || acc->size > sizeof(u32) || (acc->data & UARTDR_DATA) == '\n')
		return false;
	/* the arch lock: IRQs are masked, and spin_unlock()'s preemption point would schedule here */
	arch_spin_lock(&l->lock);
	room = l->open && l->count < VPL011_TX_RING;
	if (room)
		l->ring[(l->head + l->count++) % VPL011_TX_RING] = (char)(acc->data & UARTDR_DATA);
	arch_spin_unlock(&l->lock);
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
	u->lane.open = 1;
	u->vm = vm;
	pl011_reset(&u->regs, vpl011_tx, u);
	if (IS_ENABLED(CONFIG_HV_VPL011_REG_PAGE)) {
		uintptr_t pa = alloc_page();

		if (!pa)
			return -1;
		u->page = pa_to_va(pa);
		memset(u->page, 0, PAGE_SIZE);
		dcache_clean_poc((uintptr_t)u->page, (uintptr_t)u->page + PAGE_SIZE);
		page_update(u); /* the reset values, mapped: no lock, the VM does not run yet */
	}
	u->dev = (struct mmio_device){
		.name = "pl011",
		.base = VPL011_BASE,
		.size = VPL011_SIZE,
		.ops = &vpl011_ops,
		.priv = u,
	};
	return mmio_bus_add(&vm->bus, &u->dev);
}

void vpl011_destroy(struct vpl011 *u)
{
	if (u->page)
		free_page(va_to_pa(u->page));
	u->page = NULL;
}

void vpl011_drain(struct vpl011 *u)
{
	unsigned long flags;

	if (!READ_ONCE(u->lane.count))
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

	page_update(u); /* unmapped before the interrupt: its handler's reads trap and pop */
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
	arch_spin_lock(&u->lane.lock);
	u->lane.open = !attached; /* closed: no byte waits in the lane while shown raw */
	arch_spin_unlock(&u->lane.lock);
	tx_drain(u); /* one the lane took before it closed */
	spin_unlock_irqrestore(&u->lock, flags);
	return partial;
}
