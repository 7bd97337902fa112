// SPDX-License-Identifier: GPL-2.0
/*
 * vGIC, common part (design in <hypervisor/vgic.h> and docs/hypervisor.md):
 * interrupt state, injection and kicks, and the list-register manager.
 *
 * At every guest entry vgic_flush() collects the vCPU's interrupts that
 * need a list register (pending and deliverable, or active), lets
 * vgic_lr_select() order them (active first, then by priority) and
 * writes as many as there are list registers; if pending ones are left
 * over, ICH_HCR_EL2.NPIE asks for a maintenance interrupt once no list
 * register holds a pending one, and the exit it causes refills them. At
 * every exit vgic_sync() reads the list registers back: deactivated
 * interrupts retire, active ones stay active, unacknowledged ones stay
 * pending. Both run with IRQs masked in the world switch.
 */
#include <avatar/irq.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

#define ICH_HCR_EL2_EN	 (1U << 0)
#define ICH_HCR_EL2_NPIE (1U << 3)

#define GICD_CTLR_ENABLE_GRP0 (1U << 0)
#define GICD_CTLR_ENABLE_GRP1 (1U << 1)

static unsigned int nr_lrs;

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
	}
	d->ops = platform.gic == GIC_V3 ? &vgic_v3_ops : &vgic_v2_ops;
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
	if (platform.gic != GIC_V3)
		return;
	nr_lrs = vgic_arch_nr_lrs();
	/* Enabled per CPU at the first guest entry there (hypervisor/arch/arm64/vtimer.c). */
	request_irq(VGIC_PPI_MAINTENANCE, hv_ppi_handler, NULL, "vgic-maint");
	request_irq(VGIC_PPI_VTIMER, hv_ppi_handler, NULL, "vtimer");
	irq_disable(VGIC_PPI_MAINTENANCE); /* request_irq() enabled them on this CPU only */
	irq_disable(VGIC_PPI_VTIMER);
	printk("hypervisor: vGICv3 with %u list registers\n", nr_lrs);
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

	for (unsigned int i = 0; i < vm->nr_vcpus && i < 64; i++)
		if (target_mask & (1ULL << i))
			vgic_inject(vm, &vm->vcpus[i], intid, true);
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
	for (unsigned int i = 0; i < VGIC_NR_PRIVATE; i++)
		if (needs_lr(vm, &cpu->priv[i]))
			cand[n++] = &cpu->priv[i];
	for (unsigned int i = 0; i < VGIC_NR_SPIS; i++)
		if (needs_lr(vm, &vm->vgic.spis[i]) && irq_is_vcpus(v, &vm->vgic.spis[i]))
			cand[n++] = &vm->vgic.spis[i];
	used = vgic_lr_select(cand, n, nr_lrs, &overflow);
	for (unsigned int i = 0; i < used; i++) {
		cpu->lr_irq[i] = cand[i];
		cpu->lr[i] = vgic_lr_encode(cand[i]);
	}
	cpu->nr_lr_used = used;
	cpu->hcr = ICH_HCR_EL2_EN | (overflow ? ICH_HCR_EL2_NPIE : 0);
	spin_unlock(&vm->vgic.lock);
	vgic_arch_load(cpu);
}

void vgic_sync(struct vcpu *v)
{
	struct vm *vm = v->vm;
	struct vgic_cpu *cpu = &v->vgic;

	vgic_arch_save(cpu);
	spin_lock(&vm->vgic.lock);
	for (unsigned int i = 0; i < cpu->nr_lr_used; i++)
		vgic_lr_retire(cpu->lr_irq[i], cpu->lr[i]);
	cpu->nr_lr_used = 0;
	spin_unlock(&vm->vgic.lock);
}
