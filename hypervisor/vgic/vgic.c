// SPDX-License-Identifier: GPL-2.0
/*
 * vGIC, common part (design in <hypervisor/vgic.h> and docs/hypervisor.md):
 * interrupt state, injection and kicks, and the list-register manager.
 *
 * At every guest entry vgic_flush() collects the vCPU's interrupts that
 * need a list register (pending and deliverable, or active), lets
 * vgic_lr_select() order them (active first, then by priority) and
 * writes as many as there are list registers; if pending ones are left
 * over (or a GICv2 SGI has more sources than the one its register
 * carries), the NPIE bit of ICH_HCR_EL2 / GICH_HCR asks for a
 * maintenance interrupt once no list register holds a pending one, and
 * the exit it causes refills them. The version's struct vgic_ops
 * encodes the registers and moves them in and out of the hardware. At
 * every exit vgic_sync() reads the list registers back: deactivated
 * interrupts retire, active ones stay active, unacknowledged ones stay
 * pending. Both run with IRQs masked in the world switch.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/irq.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

#define GICD_CTLR_ENABLE_GRP0 (1U << 0)
#define GICD_CTLR_ENABLE_GRP1 (1U << 1)

static unsigned int nr_lrs;
static unsigned int maint_irq = VGIC_PPI_MAINTENANCE;
static const struct vgic_ops *host_ops;

unsigned int vgic_nr_lrs(void)
{
	return nr_lrs;
}

unsigned int vgic_maintenance_irq(void)
{
	return maint_irq;
}

struct vgic_irq *vgic_get_irq(struct vm *vm, struct vcpu *vcpu, unsigned int intid)
{
	if (intid < VGIC_NR_PRIVATE)
		return vcpu ? &vcpu->vgic.priv[intid] : NULL;
	if (intid < VGIC_NR_IRQS)
		return &vm->vgic.spis[intid - VGIC_NR_PRIVATE];
	return NULL;
}

static void irq_reset(struct vgic_irq *irq, unsigned int intid)
{
	*irq = (struct vgic_irq){0};
	irq->intid = (u16)intid;
	irq->edge = intid < VGIC_NR_SGIS; /* SGIs are edge; PPIs and SPIs start level */
}

int vgic_init(struct vm *vm)
{
	struct vgic_dist *d = &vm->vgic;

	spin_lock_init(&d->lock);
	for (unsigned int i = 0; i < VGIC_NR_SPIS; i++)
		irq_reset(&d->spis[i], VGIC_NR_PRIVATE + i);
	for (unsigned int c = 0; c < vm->nr_vcpus; c++) {
		struct vgic_cpu *cpu = &vm->vcpus[c].vgic;

		*cpu = (struct vgic_cpu){0};
		cpu->sleep = true; /* GICR_WAKER.ProcessorSleep resets to 1 */
		for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++)
			irq_reset(&cpu->priv[i], i);
		cpu->priv[VGIC_PPI_VTIMER].hw = true; /* vtimer.c holds the physical PPI */
		cpu->hw_irqs = 1U << VGIC_PPI_VTIMER;
	}
	d->ops = host_ops;
	if (!d->ops) {
		pr_err("%s: no interrupt controller to virtualize\n", vm->name);
		return -1;
	}
	return d->ops->init(vm);
}

/* A no-op: the exit path has already silenced the source before IRQs are unmasked. */
static void hv_ppi_handler(unsigned int irq, void *arg)
{
	(void)irq;
	(void)arg;
}

void vgic_global_init(void)
{
	struct irqchip_virt virt;

	if (platform.gic == GIC_V3)
		host_ops = &vgic_v3_ops;
	else if (platform.gic == GIC_V2)
		host_ops = &vgic_v2_ops;
	else
		return;
	nr_lrs = host_ops->probe();
	if (!nr_lrs)
		return; /* probe() said why; vgic_init() refuses guests */
	if (platform.gic == GIC_V2 && irqchip_virt_info(&virt) == 0)
		maint_irq = virt.maint_irq;
	/* Enabled per CPU at the first guest entry there (hypervisor/arch/arm64/vtimer.c). */
	request_irq(maint_irq, hv_ppi_handler, NULL, "vgic-maint");
	request_irq(VGIC_PPI_VTIMER, hv_ppi_handler, NULL, "vtimer");
	irq_disable(maint_irq); /* request_irq() enabled them on this CPU only */
	irq_disable(VGIC_PPI_VTIMER);
	printk("hypervisor: vGIC on the host %s: %u list registers, maintenance interrupt %u\n",
	       host_ops->name, nr_lrs, maint_irq);
}

static bool group_enabled(const struct vm *vm, const struct vgic_irq *irq)
{
	return vm->vgic.ctlr & (irq->group1 ? GICD_CTLR_ENABLE_GRP1 : GICD_CTLR_ENABLE_GRP0);
}

static bool deliverable(const struct vm *vm, const struct vgic_irq *irq)
{
	return vgic_irq_pending(irq) && group_enabled(vm, irq);
}

/* The vCPU an interrupt goes to: its owner (private) or its route (SPI). */
static struct vcpu *irq_target(struct vm *vm, struct vcpu *owner, const struct vgic_irq *irq)
{
	if (irq->intid < VGIC_NR_PRIVATE)
		return owner;
	return irq->target < vm->nr_vcpus ? &vm->vcpus[irq->target] : NULL;
}

void vgic_kick_if_pending(struct vm *vm, struct vcpu *owner, struct vgic_irq *irq)
{
	struct vcpu *t = irq_target(vm, owner, irq);

	if (t && deliverable(vm, irq))
		vcpu_kick(t);
}

void vgic_set_ctlr(struct vm *vm, u32 enables)
{
	WRITE_ONCE(vm->vgic.ctlr, enables & (GICD_CTLR_ENABLE_GRP0 | GICD_CTLR_ENABLE_GRP1));
	for (unsigned int i = 0; i < VGIC_NR_SPIS; i++) /* something may be deliverable now */
		vgic_kick_if_pending(vm, NULL, &vm->vgic.spis[i]);
	for (unsigned int c = 0; c < vm->nr_vcpus; c++)
		for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++)
			vgic_kick_if_pending(vm, &vm->vcpus[c], &vm->vcpus[c].vgic.priv[i]);
}

void vgic_inject(struct vm *vm, struct vcpu *vcpu, unsigned int intid, bool level)
{
	unsigned long flags = spin_lock_irqsave(&vm->vgic.lock);
	struct vgic_irq *irq = vgic_get_irq(vm, vcpu, intid);
	struct vcpu *kick = NULL;

	if (irq) {
		if (irq->edge) {
			if (level)
				irq->latch = true;
		} else {
			irq->line = level;
		}
		if (deliverable(vm, irq))
			kick = irq_target(vm, vcpu, irq);
	}
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	if (kick)
		vcpu_kick(kick);
}

void vgic_send_sgi(struct vcpu *vcpu, unsigned int intid, u64 target_mask)
{
	struct vm *vm = vcpu->vm;

	for (unsigned int i = 0; i < vm->nr_vcpus && i < 64; i++) {
		struct vgic_irq *irq;
		unsigned long flags;

		if (!(target_mask & (1ULL << i)))
			continue;
		irq = vgic_get_irq(vm, &vm->vcpus[i], intid);
		if (!irq)
			continue;
		/* GICv2 keeps an SGI pending per source (vgic-lr.h); 8 CPUs at most there. */
		flags = spin_lock_irqsave(&vm->vgic.lock);
		if (vcpu->id < 8)
			irq->sgi_sources |= (u8)(1U << vcpu->id);
		spin_unlock_irqrestore(&vm->vgic.lock, flags);
		vgic_inject(vm, &vm->vcpus[i], intid, true);
	}
}

static bool irq_is_vcpus(const struct vcpu *v, const struct vgic_irq *irq)
{
	return irq->target == v->id;
}

bool vgic_vcpu_pending(struct vcpu *v)
{
	struct vm *vm = v->vm;
	unsigned long flags = spin_lock_irqsave(&vm->vgic.lock);
	bool found = false;

	for (unsigned int i = 0; i < VGIC_NR_PRIVATE && !found; i++)
		found = deliverable(vm, &v->vgic.priv[i]);
	for (unsigned int i = 0; i < VGIC_NR_SPIS && !found; i++)
		found = irq_is_vcpus(v, &vm->vgic.spis[i]) && deliverable(vm, &vm->vgic.spis[i]);
	spin_unlock_irqrestore(&vm->vgic.lock, flags);
	return found;
}

bool vgic_irq_asserted(struct vcpu *v, unsigned int intid)
{
	struct vgic_irq *irq = vgic_get_irq(v->vm, v, intid);

	return irq && READ_ONCE(irq->line);
}

bool vgic_irq_active(struct vcpu *v, unsigned int intid)
{
	struct vgic_irq *irq = vgic_get_irq(v->vm, v, intid);

	return irq && READ_ONCE(irq->active);
}

static bool needs_lr(const struct vm *vm, const struct vgic_irq *irq)
{
	/*
	 * Pending needs enabled: the many interrupts that are neither enabled
	 * nor active are rejected on two bytes, without a call (vgic_flush()
	 * scans all 96 at every entry; this halves the cost of an exit).
	 */
	if (!irq->active && !irq->enabled)
		return false;
	return irq->active || deliverable(vm, irq);
}

void vgic_flush(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *cpu = &v->vgic;
	struct vgic_irq *cand[VGIC_NR_IRQS];
	unsigned int n = 0, used;
	bool overflow;

	spin_lock(&vm->vgic.lock);
	cpu->hw_active = 0;
	for (u32 m = cpu->hw_irqs; m; m &= m - 1) {
		unsigned int i = (unsigned int)__builtin_ctz(m);

		if (vgic_irq_hw_live(&cpu->priv[i]))
			cpu->hw_active |= 1U << i;
	}
	for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++)
		if (needs_lr(vm, &cpu->priv[i]))
			cand[n++] = &cpu->priv[i];
	for (unsigned int i = 0; i < VGIC_NR_SPIS; i++)
		if (needs_lr(vm, &vm->vgic.spis[i]) && irq_is_vcpus(v, &vm->vgic.spis[i]))
			cand[n++] = &vm->vgic.spis[i];
	used = vgic_lr_select(cand, n, nr_lrs, &overflow);
	for (unsigned int i = 0; i < used; i++) {
		cpu->lr_irq[i] = cand[i];
		cpu->lr[i] = vm->vgic.ops->lr_encode(cand[i]);
		if (vgic_lr_waiting(cand[i])) /* a GICv2 SGI with more sources */
			overflow = true;
	}
	cpu->nr_lr_used = used;
	cpu->hcr = VGIC_HCR_EN | (overflow ? VGIC_HCR_NPIE : 0);
	spin_unlock(&vm->vgic.lock);
	vm->vgic.ops->load(cpu);
}

void vgic_sync(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *cpu = &v->vgic;

	vm->vgic.ops->save(cpu);
	spin_lock(&vm->vgic.lock);
	for (unsigned int i = 0; i < cpu->nr_lr_used; i++)
		vm->vgic.ops->lr_retire(cpu->lr_irq[i], cpu->lr[i]);
	cpu->nr_lr_used = 0;
	spin_unlock(&vm->vgic.lock);
}
