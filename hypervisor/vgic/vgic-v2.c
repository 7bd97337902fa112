// SPDX-License-Identifier: GPL-2.0
/*
 * vGICv2: the emulated distributor at the guest layout of QEMU virt
 * (0x0800_0000, 64 KiB) as a register table for vgic_regs_dispatch(),
 * and the guest's CPU interface at 0x0801_0000: the host's GICV frame
 * mapped there by stage 2, so the guest's GICC accesses (IAR, EOIR,
 * PMR, ...) go straight to the hardware's virtual CPU interface, backed
 * by the list registers in the GICH frame (vgic-v2-sr.c).
 *
 * The distributor has no Security Extensions (GICD_CTLR has EnableGrp0
 * and EnableGrp1, like the GICv3 one with DS) and banks its SGI/PPI
 * words per vCPU: an access acts on the accessing vCPU's private
 * interrupts. SPIs go to the lowest vCPU of their GICD_ITARGETSR mask.
 * SGIs are sent by writing GICD_SGIR, and each target keeps them
 * pending per source (the source is the CPUID of the list register,
 * which the guest reads in GICC_IAR).
 *
 * Register names and offsets: IHI 0048B 4.3 (GICD_*).
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <hypervisor/stage2.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

#define VGIC_V2_DIST_BASE 0x08000000UL
#define VGIC_V2_DIST_SIZE 0x10000UL
#define VGIC_V2_CPU_BASE  0x08010000UL /* the guest's GICC: the host's GICV */
#define VGIC_V2_MAX_VCPUS 8	       /* CPU masks are 8 bits */

#define GICD_CTLR	0x000
#define GICD_TYPER	0x004
#define GICD_IIDR	0x008
#define GICD_IGROUPR	0x080
#define GICD_ISENABLER	0x100
#define GICD_ICENABLER	0x180
#define GICD_ISPENDR	0x200
#define GICD_ICPENDR	0x280
#define GICD_ISACTIVER	0x300
#define GICD_ICACTIVER	0x380
#define GICD_IPRIORITYR 0x400
#define GICD_ITARGETSR	0x800
#define GICD_ICFGR	0xc00
#define GICD_SGIR	0xf00
#define GICD_CPENDSGIR	0xf10
#define GICD_SPENDSGIR	0xf20
#define GICD_PIDR2	0xfe8

#define GICD_TYPER_CPUNUMBER_SHIFT 5
#define GIC_IIDR_ARM		   0x43b /* JEP106 code of Arm */
#define GIC_PIDR2_ARCHREV_V2	   0x2b	 /* ArchRev 2 in [7:4], JEP106 bits */

#define GICD_SGIR_INTID_MASK	0xfU
#define GICD_SGIR_TARGETS_SHIFT 16
#define GICD_SGIR_TARGETS_MASK	0xffU
#define GICD_SGIR_FILTER_SHIFT	24
#define GICD_SGIR_FILTER_MASK	0x3U
#define GICD_SGIR_FILTER_LIST	0
#define GICD_SGIR_FILTER_OTHERS 1
#define GICD_SGIR_FILTER_SELF	2

static u64 gicd_ctlr_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)o, (void)off, (void)size;
	return READ_ONCE(vm->vgic.ctlr);
}

static void gicd_ctlr_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	(void)o, (void)off, (void)size;
	vgic_set_ctlr(vm, (u32)val);
}

static u64 gicd_typer_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)o, (void)off, (void)size;
	/* ITLinesNumber [4:0], CPUNumber [7:5]; SecurityExtn [10] = 0. */
	return (VGIC_NR_IRQS / 32 - 1) | (vm->nr_vcpus - 1) << GICD_TYPER_CPUNUMBER_SHIFT;
}

static u64 gicd_iidr_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)vm, (void)o, (void)off, (void)size;
	return GIC_IIDR_ARM;
}

static u64 gicd_pidr2_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)vm, (void)o, (void)off, (void)size;
	return GIC_PIDR2_ARCHREV_V2;
}

/*
 * The per-INTID arrays are the shared vgic_mmio_* handlers: INTIDs below
 * 32 are the accessing vCPU's (acc->vcpu is the owner).
 *
 * GICD_ITARGETSR: a CPU mask byte per INTID. With one vCPU the registers
 * are RAZ/WI (IHI 0048B 4.3.12, uniprocessor); otherwise the SGI/PPI
 * bytes read as the accessing vCPU and SPI bytes are kept in route.
 */
static u64 gicd_targets_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	unsigned long flags;
	u64 val = 0;

	if (vm->nr_vcpus == 1)
		return 0;
	flags = spin_lock_irqsave(&vm->vgic.lock);
	for (unsigned int i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, o, off + i);
		u64 mask = 0;

		if (irq && irq->intid < VGIC_NR_PRIVATE)
			mask = 1U << o->id;
		else if (irq)
			mask = irq->route;
		val |= mask << (i * 8);
	}
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	return val;
}

static void gicd_targets_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	unsigned long flags;

	(void)o;
	if (vm->nr_vcpus == 1 || off + size <= VGIC_NR_PRIVATE)
		return;
	flags = spin_lock_irqsave(&vm->vgic.lock);
	for (unsigned int i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, NULL, off + i);
		u8 mask = (u8)(val >> (i * 8)) & (u8)((1U << vm->nr_vcpus) - 1);

		if (!irq || irq->intid < VGIC_NR_PRIVATE)
			continue;
		irq->route = mask;
		irq->target = mask ? (u8)__builtin_ctz(mask) : VGIC_TARGET_NONE;
	}
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	for (unsigned int i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, NULL, off + i);

		if (irq && irq->intid >= VGIC_NR_PRIVATE)
			vgic_kick_if_pending(vm, NULL, irq);
	}
}

/* GICD_SGIR (IHI 0048B 4.3.15): SGIINTID, CPUTargetList and TargetListFilter. */
static void gicd_sgir_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	unsigned int intid = (unsigned int)val & GICD_SGIR_INTID_MASK;
	u64 all = (1ULL << vm->nr_vcpus) - 1, mask;

	(void)off, (void)size;
	switch (val >> GICD_SGIR_FILTER_SHIFT & GICD_SGIR_FILTER_MASK) {
	case GICD_SGIR_FILTER_LIST:
		mask = val >> GICD_SGIR_TARGETS_SHIFT & GICD_SGIR_TARGETS_MASK;
		break;
	case GICD_SGIR_FILTER_OTHERS:
		mask = all & ~(1ULL << o->id);
		break;
	case GICD_SGIR_FILTER_SELF:
		mask = 1ULL << o->id;
		break;
	default: /* reserved: nothing sent */
		return;
	}
	vgic_send_sgi(o, intid, mask & all);
}

/*
 * GICD_CPENDSGIR/SPENDSGIR (IHI 0048B 4.3.16, 4.3.17): a byte per SGI of
 * the accessing vCPU, a bit per source CPU. A pending bit set through
 * GICD_ISPENDR has no source and reads as CPU 0's (it is delivered so).
 */
static u64 gicd_sgi_pending_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	unsigned long flags = spin_lock_irqsave(&vm->vgic.lock);
	u64 val = 0;

	for (unsigned int i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, o, off + i);
		u64 sources = irq->sgi_sources;

		if (irq->latch && !sources)
			sources = 1;
		val |= sources << (i * 8);
	}
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	return val;
}

static void sgi_pending_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val,
			      bool set)
{
	unsigned long flags = spin_lock_irqsave(&vm->vgic.lock);

	for (unsigned int i = 0; i < size; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, o, off + i);
		u8 bits = (u8)(val >> (i * 8)) & (u8)((1U << vm->nr_vcpus) - 1);

		if (set) {
			irq->sgi_sources |= bits;
			irq->latch = irq->latch || bits;
		} else if (bits) {
			if (irq->latch && !irq->sgi_sources)
				irq->sgi_sources = 1; /* the sourceless one reads as CPU 0's */
			irq->sgi_sources &= (u8)~bits;
			irq->latch = irq->sgi_sources != 0;
		}
	}
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	for (unsigned int i = 0; i < size; i++)
		vgic_kick_if_pending(vm, o, vgic_get_irq(vm, o, off + i));
}

static void gicd_spendsgir_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	sgi_pending_write(vm, o, off, size, val, true);
}

static void gicd_cpendsgir_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	sgi_pending_write(vm, o, off, size, val, false);
}

#define W32   MMIO_W32
#define W8_32 (MMIO_W8 | MMIO_W32)

static const struct vgic_reg gicd_v2_regs[] = {
	{GICD_CTLR, 4, W32, gicd_ctlr_read, gicd_ctlr_write},
	{GICD_TYPER, 4, W32, gicd_typer_read, NULL},
	{GICD_IIDR, 4, W32, gicd_iidr_read, NULL},
	{GICD_IGROUPR, 0x80, W32, vgic_mmio_read_group, vgic_mmio_write_group},
	{GICD_ISENABLER, 0x80, W32, vgic_mmio_read_enable, vgic_mmio_write_senable},
	{GICD_ICENABLER, 0x80, W32, vgic_mmio_read_enable, vgic_mmio_write_cenable},
	{GICD_ISPENDR, 0x80, W32, vgic_mmio_read_pending, vgic_mmio_write_spending},
	{GICD_ICPENDR, 0x80, W32, vgic_mmio_read_pending, vgic_mmio_write_cpending},
	{GICD_ISACTIVER, 0x80, W32, vgic_mmio_read_active, vgic_mmio_write_sactive},
	{GICD_ICACTIVER, 0x80, W32, vgic_mmio_read_active, vgic_mmio_write_cactive},
	{GICD_IPRIORITYR, 0x3fc, W8_32, vgic_mmio_read_priority, vgic_mmio_write_priority},
	{GICD_ITARGETSR, 0x3fc, W8_32, gicd_targets_read, gicd_targets_write},
	{GICD_ICFGR, 0x100, W32, vgic_mmio_read_config, vgic_mmio_write_config},
	{GICD_SGIR, 4, W32, NULL, gicd_sgir_write},
	{GICD_CPENDSGIR, VGIC_NR_SGIS, W8_32, gicd_sgi_pending_read, gicd_cpendsgir_write},
	{GICD_SPENDSGIR, VGIC_NR_SGIS, W8_32, gicd_sgi_pending_read, gicd_spendsgir_write},
	{GICD_PIDR2, 4, W32, gicd_pidr2_read, NULL},
};

static void gicd_v2_access(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	struct vm *vm = dev->priv;

	if (!vgic_regs_dispatch(gicd_v2_regs, ARRAY_SIZE(gicd_v2_regs), vm, acc->vcpu, (u32)offset,
				acc))
		vgic_report_bad_access(vm, "GICD", offset, acc);
}

static const struct mmio_device_ops gicd_v2_ops = {.access = gicd_v2_access};

static int vgic_v2_init(struct vm *vm)
{
	struct vgic_dist *d = &vm->vgic;
	phys_addr_t gicv;
	u64 size;
	int err;

	vgic_v2_gicv(&gicv, &size);
	if (!vgic_nr_lrs() || !size) {
		pr_err("%s: the host GICv2 has no virtualization extension (GICH/GICV): not "
		       "started\n",
		       vm->name);
		return -1;
	}
	if (vm->nr_vcpus > VGIC_V2_MAX_VCPUS) {
		pr_err("%s: a GICv2 serves at most %u vCPUs, the guest has %u\n", vm->name,
		       VGIC_V2_MAX_VCPUS, vm->nr_vcpus);
		return -1;
	}
	/* ITARGETSR resets to 0 (no CPU) but a uniprocessor GIC sends everything to CPU 0. */
	for (unsigned int i = 0; i < VGIC_NR_SPIS && vm->nr_vcpus > 1; i++)
		d->spis[i].target = VGIC_TARGET_NONE;
	d->dist_dev = (struct mmio_device){"gicd", VGIC_V2_DIST_BASE, VGIC_V2_DIST_SIZE,
					   &gicd_v2_ops, vm};
	if (mmio_bus_add(&vm->bus, &d->dist_dev)) {
		pr_err("%s: no room for the vGIC on the MMIO bus\n", vm->name);
		return -1;
	}
	err = stage2_map(&vm->s2, VGIC_V2_CPU_BASE, gicv, size, S2_PROT_DEVICE);
	if (err) {
		pr_err("%s: cannot map the GICV frame at 0x%lx (error %d)\n", vm->name,
		       VGIC_V2_CPU_BASE, err);
		return -1;
	}
	return 0;
}

static u64 vgic_v2_encode(struct vgic_irq *irq)
{
	return vgic_v2_lr_encode(irq);
}

static void vgic_v2_retire(struct vgic_irq *irq, u64 lr)
{
	vgic_v2_lr_retire(irq, (u32)lr);
}

const struct vgic_ops vgic_v2_ops = {
	.name = "GICv2",
	.probe = vgic_v2_probe,
	.init = vgic_v2_init,
	.lr_encode = vgic_v2_encode,
	.lr_retire = vgic_v2_retire,
	.load = vgic_v2_load,
	.save = vgic_v2_save,
};
