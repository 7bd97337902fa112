// SPDX-License-Identifier: GPL-2.0
/*
 * Save and restore of the GICv2 virtual interface: the memory-mapped
 * GICH frame (IHI 0048B 5.3), banked per CPU (every CPU sees its own
 * interface at the same address). Its registers mirror the GICv3
 * ICH_*_EL2 ones: GICH_LR<n> the list registers the manager filled
 * (vgic_flush), GICH_APR the active priorities, GICH_VMCR the guest's
 * GICV_PMR/BPR/CTLR, GICH_HCR.En on only while the guest runs. On exit
 * GICH_HCR is written 0 first, which lowers the maintenance interrupt
 * before the host unmasks IRQs; GICH_MISR says why it was raised, and
 * GICH_ELRSR0/1 which list registers the guest emptied (those need not be
 * read back). Every register used is zeroed, so the next vCPU on this CPU
 * finds them empty.
 *
 * Where the frames are comes from the host GIC driver
 * (irqchip_virt_info(): the GIC node's 3rd and 4th reg entries).
 */
#define pr_fmt(fmt) "hypervisor: " fmt

#include <asm/io.h>
#include <avatar/irqchip.h>
#include <avatar/printk.h>
#include <hypervisor/vgic.h>

#define GICH_HCR    0x000
#define GICH_VTR    0x004
#define GICH_VMCR   0x008
#define GICH_MISR   0x010
#define GICH_ELRSR0 0x030
#define GICH_ELRSR1 0x034
#define GICH_APR    0x0f0
#define GICH_LR0    0x100

#define GICH_VTR_LISTREGS_MASK 0x3f /* number of list registers - 1 */

/* GICv2's CPU interface is 8 KiB (GICC_DIR at 0x1000); that much of GICV is mapped. */
#define GICV_SIZE 0x2000

static uintptr_t gich;
static phys_addr_t gicv_base;
static u64 gicv_size;

unsigned int vgic_v2_probe(void)
{
	struct irqchip_virt virt;
	unsigned int n;

	if (irqchip_virt_info(&virt) < 0) {
		pr_err("the host GICv2 has no virtualization extension (no GICH/GICV reg entries "
		       "or maintenance interrupt in its device tree node): guests cannot run\n");
		return 0;
	}
	if (virt.gicv_size < GICV_SIZE || (virt.gicv_base & (GICV_SIZE / 2 - 1))) {
		pr_err("the host GICV frame at 0x%llx (0x%llx bytes) is not a GICv2 CPU interface: "
		       "guests cannot run\n",
		       (unsigned long long)virt.gicv_base, (unsigned long long)virt.gicv_size);
		return 0;
	}
	gich = (uintptr_t)virt.gich_base;
	gicv_base = virt.gicv_base;
	gicv_size = GICV_SIZE;
	writel(0, gich + GICH_HCR);
	n = (readl(gich + GICH_VTR) & GICH_VTR_LISTREGS_MASK) + 1;
	return n < VGIC_MAX_LRS ? n : VGIC_MAX_LRS;
}

void vgic_v2_gicv(phys_addr_t *base, u64 *size)
{
	*base = gicv_base;
	*size = gicv_size;
}

void vgic_v2_load(struct vgic_cpu *cpu)
{
	writel((u32)cpu->vmcr, gich + GICH_VMCR);
	writel(cpu->apr, gich + GICH_APR);
	for (unsigned int i = 0; i < cpu->nr_lr_used; i++)
		writel((u32)cpu->lr[i], gich + GICH_LR0 + i * 4);
	writel((u32)cpu->hcr, gich + GICH_HCR);
}

void vgic_v2_save(struct vgic_cpu *cpu)
{
	u64 empty;

	cpu->misr = readl(gich + GICH_MISR);
	writel(0, gich + GICH_HCR); /* virtual interface off; maintenance IRQ lowered */
	cpu->vmcr = readl(gich + GICH_VMCR);
	cpu->apr = readl(gich + GICH_APR);
	empty = readl(gich + GICH_ELRSR0) | (u64)readl(gich + GICH_ELRSR1) << 32;
	for (unsigned int i = 0; i < cpu->nr_lr_used; i++) {
		if (empty & (1ULL << i)) /* invalid: neither pending nor active any more */
			cpu->lr[i] &= ~(u64)(GICH_LR_PENDING | GICH_LR_ACTIVE);
		else
			cpu->lr[i] = readl(gich + GICH_LR0 + i * 4);
		/* Zeroed even if invalid: one left with EOI set would keep GICH_MISR.EOI raised. */
		writel(0, gich + GICH_LR0 + i * 4);
	}
}
