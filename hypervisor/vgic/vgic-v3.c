// SPDX-License-Identifier: GPL-2.0
/*
 * vGICv3: the emulated distributor and redistributors at the guest
 * layout of QEMU virt (distributor 0x0800_0000, 64 KiB; redistributors
 * from 0x080a_0000, two 64 KiB frames per vCPU: RD_base, SGI_base), as
 * register tables for vgic_regs_dispatch(). Affinity routing is always
 * on (GICD_CTLR.ARE reads as one) and the GIC has one Security state
 * (GICD_CTLR.DS reads as one), so the distributor holds SPIs only and
 * SGIs/PPIs live in each vCPU's redistributor. The CPU interface is the
 * hardware's (ICH_* at EL2, ICV_* for the guest); SGIs the guest sends through ICC_SGI1R_EL1
 * trap to EL2 (HCR_EL2.IMO) and come to vgic_v3_sgi1r().
 *
 * Register names and offsets: IHI 0069, 12.9 (GICD_*), 12.10/12.11 (GICR_*).
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

#define VGIC_V3_DIST_BASE     0x08000000UL
#define VGIC_V3_DIST_SIZE     0x10000UL
#define VGIC_V3_REDIST_BASE   0x080a0000UL
#define VGIC_V3_REDIST_STRIDE 0x20000UL /* RD_base + SGI_base */

/* Distributor. */
#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_IIDR	0x0008
#define GICD_TYPER2	0x000c /* GICv3.1; Linux reads it */
#define GICD_IGROUPR	0x0080
#define GICD_ISENABLER	0x0100
#define GICD_ICENABLER	0x0180
#define GICD_ISPENDR	0x0200
#define GICD_ICPENDR	0x0280
#define GICD_ISACTIVER	0x0300
#define GICD_ICACTIVER	0x0380
#define GICD_IPRIORITYR 0x0400
#define GICD_ICFGR	0x0c00
#define GICD_IROUTER	0x6000
#define GICD_PIDR2	0xffe8

#define GICD_CTLR_ENABLE_GRP0 (1U << 0)
#define GICD_CTLR_ENABLE_GRP1 (1U << 1)
#define GICD_CTLR_ARE	      (1U << 4)
#define GICD_CTLR_DS	      (1U << 6)

#define GICD_TYPER_ITLINES_SHIFT   0
#define GICD_TYPER_CPUNUMBER_SHIFT 5
#define GICD_TYPER_IDBITS_SHIFT	   19
#define GICD_TYPER_NO1N		   (1U << 25)
#define GIC_IDBITS_10		   9 /* INTIDs 0-1023 */

#define GIC_IIDR_ARM	     0x43b /* JEP106 code of Arm */
#define GIC_PIDR2_ARCHREV_V3 0x3b  /* ArchRev 3 in [7:4], JEP106 bits */

#define GICD_IROUTER_IRM (1ULL << 31)

/* Redistributor: RD_base frame. */
#define GICR_CTLR  0x0000
#define GICR_IIDR  0x0004
#define GICR_TYPER 0x0008
#define GICR_WAKER 0x0014
#define GICR_PIDR2 0xffe8

#define GICR_TYPER_LAST		   (1ULL << 4)
#define GICR_TYPER_PROCESSOR_SHIFT 8
#define GICR_TYPER_AFFINITY_SHIFT  32
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

/* Redistributor: SGI_base frame (offsets from RD_base). */
#define GICR_SGI_BASE	0x10000
#define GICR_IGROUPR0	(GICR_SGI_BASE + 0x0080)
#define GICR_ISENABLER0 (GICR_SGI_BASE + 0x0100)
#define GICR_ICENABLER0 (GICR_SGI_BASE + 0x0180)
#define GICR_ISPENDR0	(GICR_SGI_BASE + 0x0200)
#define GICR_ICPENDR0	(GICR_SGI_BASE + 0x0280)
#define GICR_ISACTIVER0 (GICR_SGI_BASE + 0x0300)
#define GICR_ICACTIVER0 (GICR_SGI_BASE + 0x0380)
#define GICR_IPRIORITYR (GICR_SGI_BASE + 0x0400)
#define GICR_ICFGR0	(GICR_SGI_BASE + 0x0c00)

/* ICC_SGI1R_EL1 (IHI 0069 12.2.23). */
#define ICC_SGI1R_TARGETS_MASK 0xffffULL
#define ICC_SGI1R_AFF1_SHIFT   16
#define ICC_SGI1R_INTID_SHIFT  24
#define ICC_SGI1R_INTID_MASK   0xfULL
#define ICC_SGI1R_AFF2_SHIFT   32
#define ICC_SGI1R_IRM	       (1ULL << 40)
#define ICC_SGI1R_RS_SHIFT     44
#define ICC_SGI1R_RS_MASK      0xfULL
#define ICC_SGI1R_AFF3_SHIFT   48
#define ICC_SGI1R_AFF_MASK     0xffULL

/* --- distributor --- */

static u64 gicd_ctlr_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)o, (void)off, (void)size;
	return vm->vgic.ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
}

static void gicd_ctlr_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	(void)o, (void)off, (void)size;
	vgic_set_ctlr(vm, (u32)val);
}

static u64 gicd_typer_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	unsigned int cpus = vm->nr_vcpus < 8 ? vm->nr_vcpus : 8;

	(void)o, (void)off, (void)size;
	return (VGIC_NR_IRQS / 32 - 1) << GICD_TYPER_ITLINES_SHIFT |
	       (cpus - 1) << GICD_TYPER_CPUNUMBER_SHIFT | GIC_IDBITS_10 << GICD_TYPER_IDBITS_SHIFT |
	       GICD_TYPER_NO1N;
}

static u64 iidr_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)vm, (void)o, (void)off, (void)size;
	return GIC_IIDR_ARM;
}

static u64 pidr2_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)vm, (void)o, (void)off, (void)size;
	return GIC_PIDR2_ARCHREV_V3;
}

/* With affinity routing the distributor's SGI/PPI words are RAZ/WI: their INTIDs are < 32. */
#define DIST_BITS(name, first_of)                                                                \
	static u64 gicd_##name##_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size) \
	{                                                                                        \
		(void)o;                                                                         \
		return first_of(off) < VGIC_NR_PRIVATE                                           \
			       ? 0                                                               \
			       : vgic_read_##name(vm, NULL, first_of(off), size);                \
	}

#define BIT_INTID(off)	(off * 8)
#define BYTE_INTID(off) (off)
#define CFG_INTID(off)	(off * 4)

DIST_BITS(group, BIT_INTID)
DIST_BITS(enable, BIT_INTID)
DIST_BITS(pending, BIT_INTID)
DIST_BITS(active, BIT_INTID)
DIST_BITS(priority, BYTE_INTID)
DIST_BITS(config, CFG_INTID)

static void gicd_group_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	(void)o;
	if (BIT_INTID(off) >= VGIC_NR_PRIVATE)
		vgic_write_group(vm, NULL, BIT_INTID(off), size, val);
}

#define DIST_SETCLR(name, reg, set)                                                               \
	static void gicd_##reg##_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, \
				       u64 val)                                                   \
	{                                                                                         \
		(void)o;                                                                          \
		if (BIT_INTID(off) >= VGIC_NR_PRIVATE)                                            \
			vgic_write_##name(vm, NULL, BIT_INTID(off), size, val, set);              \
	}

DIST_SETCLR(enable, isenabler, true)
DIST_SETCLR(enable, icenabler, false)
DIST_SETCLR(pending, ispendr, true)
DIST_SETCLR(pending, icpendr, false)
DIST_SETCLR(active, isactiver, true)
DIST_SETCLR(active, icactiver, false)

static void gicd_priority_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	(void)o;
	if (off >= VGIC_NR_PRIVATE)
		vgic_write_priority(vm, NULL, off, size, val);
}

static void gicd_config_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	(void)o;
	if (CFG_INTID(off) >= VGIC_NR_PRIVATE)
		vgic_write_config(vm, NULL, CFG_INTID(off), size, val);
}

static u64 gicd_irouter_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	struct vgic_irq *irq = vgic_get_irq(vm, NULL, off / 8);

	(void)o, (void)size;
	if (!irq || irq->intid < VGIC_NR_PRIVATE)
		return 0;
	return READ_ONCE(irq->route) >> (off % 8 * 8);
}

static void gicd_irouter_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	struct vgic_irq *irq = vgic_get_irq(vm, NULL, off / 8);
	unsigned long flags;
	u64 route, aff0;

	(void)o;
	if (!irq || irq->intid < VGIC_NR_PRIVATE)
		return;
	flags = spin_lock_irqsave(&vm->vgic.lock);
	if (size == 8) {
		route = val;
	} else {
		unsigned int shift = off % 8 * 8;

		route = (irq->route & ~(0xffffffffULL << shift)) | (val & 0xffffffffULL) << shift;
	}
	irq->route = route;
	/* Our vCPUs have Aff0 = index and Aff1-3 = 0; 1-of-N (IRM) goes to vCPU 0. */
	aff0 = route & ICC_SGI1R_AFF_MASK;
	irq->target =
		(route & GICD_IROUTER_IRM) || (route >> 8) || aff0 >= vm->nr_vcpus ? 0 : (u8)aff0;
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	vgic_kick_if_pending(vm, NULL, irq);
}

#define W32    MMIO_W32
#define W8_32  (MMIO_W8 | MMIO_W32)
#define W32_64 (MMIO_W32 | MMIO_W64)

static const struct vgic_reg gicd_regs[] = {
	{GICD_CTLR, 4, W32, gicd_ctlr_read, gicd_ctlr_write},
	{GICD_TYPER, 4, W32, gicd_typer_read, NULL},
	{GICD_IIDR, 4, W32, iidr_read, NULL},
	{GICD_TYPER2, 4, W32, NULL, NULL}, /* RAZ: no vSGIs, no virtual LPIs */
	{GICD_IGROUPR, 0x80, W32, gicd_group_read, gicd_group_write},
	{GICD_ISENABLER, 0x80, W32, gicd_enable_read, gicd_isenabler_write},
	{GICD_ICENABLER, 0x80, W32, gicd_enable_read, gicd_icenabler_write},
	{GICD_ISPENDR, 0x80, W32, gicd_pending_read, gicd_ispendr_write},
	{GICD_ICPENDR, 0x80, W32, gicd_pending_read, gicd_icpendr_write},
	{GICD_ISACTIVER, 0x80, W32, gicd_active_read, gicd_isactiver_write},
	{GICD_ICACTIVER, 0x80, W32, gicd_active_read, gicd_icactiver_write},
	{GICD_IPRIORITYR, 0x400, W8_32, gicd_priority_read, gicd_priority_write},
	{GICD_ICFGR, 0x100, W32, gicd_config_read, gicd_config_write},
	{GICD_IROUTER, 0x2000, W32_64, gicd_irouter_read, gicd_irouter_write},
	{GICD_PIDR2, 4, W32, pidr2_read, NULL},
};

static void gicd_access(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	struct vm *vm = dev->priv;

	if (!vgic_regs_dispatch(gicd_regs, ARRAY_SIZE(gicd_regs), vm, NULL, (u32)offset, acc))
		vgic_report_bad_access(vm, "GICD", offset, acc);
}

static const struct mmio_device_ops gicd_ops = {.access = gicd_access};

/* --- redistributors --- */

static u64 gicr_ctlr_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)vm, (void)o, (void)off, (void)size;
	return 0; /* no LPIs */
}

static u64 gicr_typer_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	u64 typer = o->mpidr << GICR_TYPER_AFFINITY_SHIFT | (u64)o->id
								    << GICR_TYPER_PROCESSOR_SHIFT;

	(void)size;
	if (o->id == vm->nr_vcpus - 1)
		typer |= GICR_TYPER_LAST;
	return typer >> (off * 8);
}

static u64 gicr_waker_read(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	(void)vm, (void)off, (void)size;
	return READ_ONCE(o->vgic.sleep) ? GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP
					: 0;
}

static void gicr_waker_write(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	(void)vm, (void)off, (void)size;
	WRITE_ONCE(o->vgic.sleep, (val & GICR_WAKER_PROCESSOR_SLEEP) != 0);
}

static const struct vgic_reg gicr_regs[] = {
	{GICR_CTLR, 4, W32, gicr_ctlr_read, NULL},
	{GICR_IIDR, 4, W32, iidr_read, NULL},
	{GICR_TYPER, 8, W32_64, gicr_typer_read, NULL},
	{GICR_WAKER, 4, W32, gicr_waker_read, gicr_waker_write},
	{GICR_PIDR2, 4, W32, pidr2_read, NULL},
	{GICR_IGROUPR0, 4, W32, vgic_mmio_read_group, vgic_mmio_write_group},
	{GICR_ISENABLER0, 4, W32, vgic_mmio_read_enable, vgic_mmio_write_senable},
	{GICR_ICENABLER0, 4, W32, vgic_mmio_read_enable, vgic_mmio_write_cenable},
	{GICR_ISPENDR0, 4, W32, vgic_mmio_read_pending, vgic_mmio_write_spending},
	{GICR_ICPENDR0, 4, W32, vgic_mmio_read_pending, vgic_mmio_write_cpending},
	{GICR_ISACTIVER0, 4, W32, vgic_mmio_read_active, vgic_mmio_write_sactive},
	{GICR_ICACTIVER0, 4, W32, vgic_mmio_read_active, vgic_mmio_write_cactive},
	{GICR_IPRIORITYR, VGIC_NR_PRIVATE, W8_32, vgic_mmio_read_priority,
	 vgic_mmio_write_priority},
	{GICR_ICFGR0, 8, W32, vgic_mmio_read_config, vgic_mmio_write_config},
};

static void gicr_access(struct mmio_device *dev, u64 offset, struct mmio_access *acc)
{
	struct vm *vm = dev->priv;
	struct vcpu *owner = &vm->vcpus[offset / VGIC_V3_REDIST_STRIDE];

	if (!vgic_regs_dispatch(gicr_regs, ARRAY_SIZE(gicr_regs), vm, owner,
				(u32)(offset % VGIC_V3_REDIST_STRIDE), acc))
		vgic_report_bad_access(vm, "GICR", offset, acc);
}

static const struct mmio_device_ops gicr_ops = {.access = gicr_access};

/* --- SGIs --- */

void vgic_v3_sgi1r(struct vcpu *v, u64 val)
{
	unsigned int intid = (unsigned int)(val >> ICC_SGI1R_INTID_SHIFT & ICC_SGI1R_INTID_MASK);
	u64 upper = (val >> ICC_SGI1R_AFF1_SHIFT & ICC_SGI1R_AFF_MASK) |
		    (val >> ICC_SGI1R_AFF2_SHIFT & ICC_SGI1R_AFF_MASK) |
		    (val >> ICC_SGI1R_AFF3_SHIFT & ICC_SGI1R_AFF_MASK);
	u64 mask;

	if (val & ICC_SGI1R_IRM) {
		mask = ~(1ULL << v->id); /* every vCPU but the sender */
	} else {
		unsigned int rs = (unsigned int)(val >> ICC_SGI1R_RS_SHIFT & ICC_SGI1R_RS_MASK);

		if (upper || rs >= 4) /* our vCPUs have Aff1-3 = 0 and Aff0 < 64 */
			return;
		mask = (val & ICC_SGI1R_TARGETS_MASK) << (rs * 16);
	}
	vgic_send_sgi(v, intid, mask);
}

static int vgic_v3_init(struct vm *vm)
{
	struct vgic_dist *d = &vm->vgic;

	d->dist_dev =
		(struct mmio_device){"gicd", VGIC_V3_DIST_BASE, VGIC_V3_DIST_SIZE, &gicd_ops, vm};
	d->redist_dev = (struct mmio_device){"gicr", VGIC_V3_REDIST_BASE,
					     vm->nr_vcpus * VGIC_V3_REDIST_STRIDE, &gicr_ops, vm};
	if (mmio_bus_add(&vm->bus, &d->dist_dev) || mmio_bus_add(&vm->bus, &d->redist_dev)) {
		pr_err("%s: no room for the vGIC on the MMIO bus\n", vm->name);
		return -1;
	}
	return 0;
}

const struct vgic_ops vgic_v3_ops = {
	.name = "GICv3",
	.probe = vgic_v3_probe,
	.init = vgic_v3_init,
	.lr_encode = vgic_lr_encode,
	.lr_retire = vgic_lr_retire,
	.load = vgic_v3_load,
	.save = vgic_v3_save,
};
