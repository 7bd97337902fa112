// SPDX-License-Identifier: GPL-2.0
/* The MMIO bus of a VM and the register-table dispatcher (see <hypervisor/mmio.h>). */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <hypervisor/mmio.h>
#include <hypervisor/vm.h>

/* Accesses to nothing reported per VM before the log goes quiet. */
#define MMIO_UNCLAIMED_LOG_MAX 8

int mmio_bus_add(struct mmio_bus *bus, struct mmio_device *dev)
{
	if (bus->count == MMIO_BUS_MAX_DEVICES)
		return -1;
	for (unsigned int i = 0; i < bus->count; i++) {
		const struct mmio_device *d = bus->devices[i];

		if (dev->base < d->base + d->size && d->base < dev->base + dev->size)
			return -1;
	}
	bus->devices[bus->count++] = dev;
	return 0;
}

static struct mmio_device *bus_find(struct mmio_bus *bus, u64 ipa)
{
	for (unsigned int i = 0; i < bus->count; i++) {
		struct mmio_device *d = bus->devices[i];

		if (ipa >= d->base && ipa - d->base < d->size)
			return d;
	}
	return NULL;
}

bool mmio_bus_fast_read(struct vm *vm, struct mmio_access *acc)
{
	struct mmio_device *d = bus_find(&vm->bus, acc->ipa);

	return d && d->ops->fast_read && d->ops->fast_read(d, acc->ipa - d->base, acc);
}

void mmio_bus_dispatch(struct vm *vm, struct mmio_access *acc)
{
	struct mmio_bus *bus = &vm->bus;
	struct mmio_device *d = bus_find(bus, acc->ipa);

	if (d) {
		d->ops->access(d, acc->ipa - d->base, acc);
		return;
	}
	/* Nothing there: read-as-zero, write-ignored, and say so (a few times). */
	if (bus->unclaimed++ < MMIO_UNCLAIMED_LOG_MAX)
		pr_warn("%s: %u-byte %s at IPA 0x%llx: no RAM or device there (%s)%s\n", vm->name,
			acc->size, acc->write ? "write" : "read", (unsigned long long)acc->ipa,
			acc->write ? "ignored" : "reads as zero",
			bus->unclaimed == MMIO_UNCLAIMED_LOG_MAX ? "; not reporting more" : "");
	acc->data = 0;
}

/* The register of table at offset, if the access's width and alignment suit it; else NULL. */
static const struct mmio_reg *regs_find(const struct mmio_reg *table, unsigned int count,
					u64 offset, const struct mmio_access *acc)
{
	u32 width = acc->size == 1   ? MMIO_W8
		    : acc->size == 2 ? MMIO_W16
		    : acc->size == 4 ? MMIO_W32
				     : MMIO_W64;
	const struct mmio_reg *r = NULL;

	/* A narrow access inside a register is at that register's offset, aligned. */
	for (unsigned int i = 0; i < count; i++)
		if (table[i].offset == (offset & ~3ULL)) {
			r = &table[i];
			break;
		}
	if (!r || (offset & (acc->size - 1)) || !(r->widths & width) ||
	    (offset & 3 && !(r->widths & (MMIO_W8 | MMIO_W16))))
		return NULL;
	return r;
}

static u64 reg_read(const struct mmio_reg *r, void *dev, u64 offset)
{
	return r->read ? r->read(dev, r->offset) >> ((offset & 3) * 8) : 0;
}

bool mmio_regs_dispatch(const struct mmio_reg *table, unsigned int count, void *dev, u64 offset,
			struct mmio_access *acc)
{
	const struct mmio_reg *r = regs_find(table, count, offset, acc);

	if (!r) {
		if (!acc->write)
			acc->data = 0;
		return false;
	}
	if (acc->write) {
		if (r->write)
			r->write(dev, r->offset, acc->data);
	} else {
		acc->data = reg_read(r, dev, offset);
	}
	return true;
}

bool mmio_regs_fast_read(const struct mmio_reg *table, unsigned int count, void *dev, u64 offset,
			 struct mmio_access *acc)
{
	const struct mmio_reg *r = regs_find(table, count, offset, acc);

	if (acc->write || !r || !(r->widths & MMIO_REG_FAST_READ))
		return false;
	acc->data = reg_read(r, dev, offset);
	return true;
}
