// SPDX-License-Identifier: GPL-2.0
/*
 * Register access to the vGIC state, shared by the v2 and v3 register
 * maps: the dispatcher (find the register by offset range; alignment and
 * width are checked by mmio_access_check(), as for every emulated device)
 * and the accessors of the per-INTID arrays that
 * both versions lay out the same way (IHI 0069 12.9: IGROUPR,
 * I[SC]ENABLER, I[SC]PENDR, I[SC]ACTIVER one bit per INTID, IPRIORITYR
 * one byte, ICFGR two bits). 'first' is the INTID of the access's lowest
 * bit or byte; INTIDs the VM does not have read as zero and ignore
 * writes.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/printk.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

bool vgic_regs_dispatch(const struct vgic_reg *table, unsigned int count, struct vm *vm,
			struct vcpu *owner, u32 offset, struct mmio_access *acc)
{
	const struct vgic_reg *r = NULL;

	for (unsigned int i = 0; i < count; i++)
		if (offset >= table[i].offset && offset - table[i].offset < table[i].len) {
			r = &table[i];
			break;
		}
	if (!mmio_access_check(acc, offset, r ? r->widths : 0))
		return false;
	if (acc->write) {
		if (r->write)
			r->write(vm, owner, offset - r->offset, acc->size, acc->data);
	} else {
		u64 mask = acc->size == 8 ? ~0ULL : (1ULL << (acc->size * 8)) - 1;

		acc->data = r->read ? r->read(vm, owner, offset - r->offset, acc->size) & mask : 0;
	}
	return true;
}

void vgic_report_bad_access(struct vm *vm, const char *frame, u64 offset,
			    const struct mmio_access *acc)
{
	unsigned int n = vm->vgic.bad_accesses;

	if (n >= VGIC_BAD_ACCESS_LOG_MAX)
		return;
	vm->vgic.bad_accesses = n + 1;
	pr_warn("%s: %u-byte %s at %s offset 0x%llx: no such register or a bad width (%s)%s\n",
		vm->name, acc->size, acc->write ? "write" : "read", frame,
		(unsigned long long)offset, acc->write ? "ignored" : "reads as zero",
		n + 1 == VGIC_BAD_ACCESS_LOG_MAX ? "; not reporting more" : "");
}

/* Read one field per INTID: bits per INTID, get returns the field. */
static u64 read_fields(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size,
		       unsigned int bits, u64 (*get)(const struct vgic_irq *))
{
	unsigned long flags = spin_lock_irqsave(&vm->vgic.lock);
	u64 val = 0;

	for (unsigned int i = 0; i < size * 8 / bits; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, owner, first + i);

		if (irq)
			val |= get(irq) << (i * bits);
	}
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	return val;
}

/* Write one field per INTID; then kick whoever has something new pending. */
static void write_fields(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size,
			 unsigned int bits, u64 val, bool arg,
			 void (*set)(struct vgic_irq *, u64 field, bool arg))
{
	unsigned int n = size * 8 / bits;
	u64 mask = (1ULL << bits) - 1;
	unsigned long flags = spin_lock_irqsave(&vm->vgic.lock);

	for (unsigned int i = 0; i < n; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, owner, first + i);

		if (irq)
			set(irq, val >> (i * bits) & mask, arg);
	}
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	for (unsigned int i = 0; i < n; i++) {
		struct vgic_irq *irq = vgic_get_irq(vm, owner, first + i);

		if (irq)
			vgic_kick_if_pending(vm, owner, irq);
	}
}

static u64 get_group(const struct vgic_irq *irq)
{
	return irq->group1;
}

static void set_group(struct vgic_irq *irq, u64 f, bool arg)
{
	(void)arg;
	irq->group1 = f;
}

u64 vgic_read_group(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size)
{
	return read_fields(vm, owner, first, size, 1, get_group);
}

void vgic_write_group(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val)
{
	write_fields(vm, owner, first, size, 1, val, false, set_group);
}

static u64 get_enable(const struct vgic_irq *irq)
{
	return irq->enabled;
}

/* Set/clear registers: a 1 acts, a 0 leaves the bit alone. */
static void set_enable(struct vgic_irq *irq, u64 f, bool set)
{
	if (f)
		irq->enabled = set;
}

u64 vgic_read_enable(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size)
{
	return read_fields(vm, owner, first, size, 1, get_enable);
}

void vgic_write_enable(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val,
		       bool set)
{
	write_fields(vm, owner, first, size, 1, val, set, set_enable);
}

static u64 get_pending(const struct vgic_irq *irq)
{
	return irq->latch || (!irq->edge && irq->line);
}

static void set_pending(struct vgic_irq *irq, u64 f, bool set)
{
	if (!f)
		return;
	irq->latch = set; /* clearing cannot lower a level line */
	if (!set)
		irq->sgi_sources = 0;
}

u64 vgic_read_pending(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size)
{
	return read_fields(vm, owner, first, size, 1, get_pending);
}

void vgic_write_pending(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val,
			bool set)
{
	write_fields(vm, owner, first, size, 1, val, set, set_pending);
}

static u64 get_active(const struct vgic_irq *irq)
{
	return irq->active;
}

static void set_active(struct vgic_irq *irq, u64 f, bool set)
{
	if (f)
		irq->active = set;
}

u64 vgic_read_active(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size)
{
	return read_fields(vm, owner, first, size, 1, get_active);
}

void vgic_write_active(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val,
		       bool set)
{
	write_fields(vm, owner, first, size, 1, val, set, set_active);
}

static u64 get_priority(const struct vgic_irq *irq)
{
	return irq->priority;
}

static void set_priority(struct vgic_irq *irq, u64 f, bool arg)
{
	(void)arg;
	irq->priority = (u8)f;
}

u64 vgic_read_priority(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size)
{
	return read_fields(vm, owner, first, size, 8, get_priority);
}

void vgic_write_priority(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val)
{
	write_fields(vm, owner, first, size, 8, val, false, set_priority);
}

#define GICD_ICFGR_EDGE 0x2 /* Int_config[1]: edge-triggered */

static u64 get_config(const struct vgic_irq *irq)
{
	return irq->edge ? GICD_ICFGR_EDGE : 0;
}

static void set_config(struct vgic_irq *irq, u64 f, bool arg)
{
	(void)arg;
	if (irq->intid >= VGIC_NR_SGIS) /* SGIs: read-only, edge */
		irq->edge = f & GICD_ICFGR_EDGE;
}

u64 vgic_read_config(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size)
{
	return read_fields(vm, owner, first, size, 2, get_config);
}

void vgic_write_config(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val)
{
	write_fields(vm, owner, first, size, 2, val, false, set_config);
}

/*
 * The same arrays as register handlers (struct vgic_reg) for a frame
 * whose arrays start at INTID 0: the GICv2 distributor (SGI/PPI words
 * banked per accessing vCPU) and a GICv3 redistributor's SGI_base frame.
 * off is the byte offset into the array.
 */
#define BIT_INTID(off) ((off)*8)
#define CFG_INTID(off) ((off)*4)

u64 vgic_mmio_read_group(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	return vgic_read_group(vm, o, BIT_INTID(off), size);
}

void vgic_mmio_write_group(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	vgic_write_group(vm, o, BIT_INTID(off), size, val);
}

#define MMIO_BITS_READ(name)                                                                 \
	u64 vgic_mmio_read_##name(struct vm *vm, struct vcpu *o, u32 off, unsigned int size) \
	{                                                                                    \
		return vgic_read_##name(vm, o, BIT_INTID(off), size);                        \
	}

MMIO_BITS_READ(enable)
MMIO_BITS_READ(pending)
MMIO_BITS_READ(active)

#define MMIO_BITS_WRITE(name, reg, set)                                                       \
	void vgic_mmio_write_##reg(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, \
				   u64 val)                                                   \
	{                                                                                     \
		vgic_write_##name(vm, o, BIT_INTID(off), size, val, set);                     \
	}

MMIO_BITS_WRITE(enable, senable, true)
MMIO_BITS_WRITE(enable, cenable, false)
MMIO_BITS_WRITE(pending, spending, true)
MMIO_BITS_WRITE(pending, cpending, false)
MMIO_BITS_WRITE(active, sactive, true)
MMIO_BITS_WRITE(active, cactive, false)

u64 vgic_mmio_read_priority(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	return vgic_read_priority(vm, o, off, size);
}

void vgic_mmio_write_priority(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	vgic_write_priority(vm, o, off, size, val);
}

u64 vgic_mmio_read_config(struct vm *vm, struct vcpu *o, u32 off, unsigned int size)
{
	return vgic_read_config(vm, o, CFG_INTID(off), size);
}

void vgic_mmio_write_config(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val)
{
	vgic_write_config(vm, o, CFG_INTID(off), size, val);
}
