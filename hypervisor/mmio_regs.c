// SPDX-License-Identifier: GPL-2.0
/*
 * The register-table dispatcher of emulated devices and the access check every
 * register dispatcher shares (see <hypervisor/mmio.h>).
 * Pure: also built on the host for the device models' unit tests.
 */
#include <hypervisor/mmio.h>

bool mmio_access_check(struct mmio_access *acc, u64 offset, u32 widths)
{
	u32 width = acc->size == 1   ? MMIO_W8
		    : acc->size == 2 ? MMIO_W16
		    : acc->size == 4 ? MMIO_W32
				     : MMIO_W64;

	if ((offset & (acc->size - 1)) || !(widths & width)) {
		if (!acc->write)
			acc->data = 0;
		return false;
	}
	return true;
}

/* The register holding offset: a narrow access inside one is at its offset, aligned. */
static const struct mmio_reg *regs_lookup(const struct mmio_reg *table, unsigned int count,
					  u64 offset)
{
	for (unsigned int i = 0; i < count; i++)
		if (table[i].offset == (offset & ~3ULL))
			return &table[i];
	return NULL;
}

bool mmio_regs_dispatch(const struct mmio_reg *table, unsigned int count, void *dev, u64 offset,
			struct mmio_access *acc)
{
	const struct mmio_reg *r = regs_lookup(table, count, offset);
	u32 widths = r ? r->widths : 0;

	if (offset & 3)
		widths &= MMIO_W8 | MMIO_W16;
	if (!mmio_access_check(acc, offset, widths))
		return false;
	if (acc->write) {
		if (r->write)
			r->write(dev, r->offset, acc->data);
	} else {
		acc->data = r->read ? r->read(dev, r->offset) >> ((offset & 3) * 8) : 0;
	}
	return true;
}

bool mmio_regs_fast_read(const struct mmio_reg *table, unsigned int count, void *dev, u64 offset,
			 struct mmio_access *acc)
{
	const struct mmio_reg *r = regs_lookup(table, count, offset);
	u32 widths = r ? r->widths : 0;

	if (acc->write || !(widths & MMIO_REG_FAST_READ))
		return false;
	if (offset & 3)
		widths &= MMIO_W8 | MMIO_W16;
	if (!mmio_access_check(acc, offset, widths))
		return false; /* the slow path reports it */
	acc->data = r->read ? r->read(dev, r->offset) >> ((offset & 3) * 8) : 0;
	return true;
}
