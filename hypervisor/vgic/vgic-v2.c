// SPDX-License-Identifier: GPL-2.0
/*
 * vGICv2: not implemented yet. The distributor emulation would reuse the
 * common register accessors (vgic-mmio.c) at the GICv2 layout
 * (GICD_ITARGETSR, GICD_SGIR), and the guest's CPU interface at
 * 0x0801_0000 would be the host's GICV frame mapped in stage 2, with the
 * list registers in the GICH frame (docs/hypervisor.md, "vGIC"). Until
 * then a guest on a GICv2 host is refused with a message, rather than
 * started without interrupts.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

static int vgic_v2_init(struct vm *vm)
{
	pr_err("%s: the host GIC is a GICv2; the vGICv2 is not implemented yet, guests need a "
	       "GICv3 host\n",
	       vm->name);
	return -1;
}

const struct vgic_ops vgic_v2_ops = {
	.name = "GICv2",
	.init = vgic_v2_init,
};
