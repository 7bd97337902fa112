// SPDX-License-Identifier: GPL-2.0
/*
 * The register-table dispatcher of emulated devices (see <hypervisor/mmio.h>).
 * Pure: also built on the host for the device models' unit tests.
 */
#include <hypervisor/mmio.h>

bool mmio_regs_dispatch(const struct mmio_reg *table, unsigned int count, void *dev, u64 offset,
			struct mmio_access *acc)
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
	    (offset & 3 && !(r->widths & (MMIO_W8 | MMIO_W16)))) {
		if (!acc->write)
			acc->data = 0;
		return false;
	}
	if (acc->write) {
		if (r->write)
			r->write(dev, r->offset, acc->data);
	} else {
		acc->data = r->read ? r->read(dev, r->offset) >> ((offset & 3) * 8) : 0;
	}
	return true;
}
