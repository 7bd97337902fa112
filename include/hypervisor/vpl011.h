/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated PL011 UART of a VM (hypervisor/vpl011.c), at the QEMU
 * virt address 0x09000000. Transmit only, for now: what the guest writes
 * is collected a line at a time and printed on the hypervisor console
 * prefixed with the guest's name ("[testos] TestOS: hello"). The receive
 * side reads as empty; the console mux (input to a chosen guest) is a
 * later task.
 */
#ifndef HYPERVISOR_VPL011_H
#define HYPERVISOR_VPL011_H

#include <avatar/spinlock.h>
#include <hypervisor/mmio.h>

#define VPL011_BASE	0x09000000ULL
#define VPL011_SIZE	0x1000ULL
#define VPL011_LINE_MAX 160

struct vpl011 {
	struct mmio_device dev;
	const char *name;	/* prefix of every line */
	unsigned int log_index; /* guest_log_line() index */
	spinlock_t lock;
	u32 cr, lcr_h, ibrd, fbrd, ifls, imsc, dmacr;
	unsigned int len;
	char line[VPL011_LINE_MAX + 1];
};

/* Set up the UART of the VM called name (guest log_index) and add it to bus. 0 or -1. */
int vpl011_init(struct vpl011 *u, const char *name, unsigned int log_index, struct mmio_bus *bus);
/* Print what is left of a line (at VM stop). */
void vpl011_flush(struct vpl011 *u);

#endif /* HYPERVISOR_VPL011_H */
