// SPDX-License-Identifier: GPL-2.0
/*
 * List-register selection, encoding and retirement: the pure half of
 * the vGIC's list-register manager (design in <hypervisor/vgic-lr.h>).
 * vgic.c calls it with the VM's vGIC lock held; the unit test calls it
 * directly.
 */
#include <hypervisor/vgic-lr.h>

bool vgic_irq_pending(const struct vgic_irq *irq)
{
	if (!irq->enabled)
		return false;
	if (irq->edge)
		return irq->latch;
	return (irq->latch || irq->line) && !irq->active;
}

/* Sort key: active first, then pending by priority, then INTID. Lower is better. */
static u32 lr_key(const struct vgic_irq *irq)
{
	u32 rank = irq->active ? 0 : 1;

	return rank << 24 | (u32)irq->priority << 16 | irq->intid;
}

unsigned int vgic_lr_select(struct vgic_irq **cand, unsigned int n, unsigned int nr_lr,
			    bool *overflow)
{
	unsigned int chosen = n < nr_lr ? n : nr_lr;

	/* Insertion sort: n is small (the private IRQs and SPIs of one vCPU that need an LR). */
	for (unsigned int i = 1; i < n; i++) {
		struct vgic_irq *x = cand[i];
		unsigned int j = i;

		while (j > 0 && lr_key(cand[j - 1]) > lr_key(x)) {
			cand[j] = cand[j - 1];
			j--;
		}
		cand[j] = x;
	}
	*overflow = false;
	for (unsigned int i = chosen; i < n; i++)
		if (vgic_irq_pending(cand[i]))
			*overflow = true;
	return chosen;
}

bool vgic_lr_waiting(const struct vgic_irq *irq)
{
	return irq->edge && vgic_irq_pending(irq);
}

/* Is irq pending for its list register? An edge latch moves into it. */
static bool take_pending(struct vgic_irq *irq)
{
	if (!vgic_irq_pending(irq))
		return false;
	if (irq->edge)
		irq->latch = false; /* it lives in the LR now */
	return true;
}

/* The state a list register gives back on exit (either version). */
static void retire_state(struct vgic_irq *irq, bool pending, bool active)
{
	irq->active = active;
	if (irq->edge) {
		if (pending)
			irq->latch = true;
	} else if (!pending) {
		irq->latch = false; /* acknowledged: only the line keeps it pending now */
	}
}

u64 vgic_lr_encode(struct vgic_irq *irq)
{
	u64 lr = irq->intid | (u64)irq->priority << ICH_LR_PRIORITY_SHIFT;

	if (irq->group1)
		lr |= ICH_LR_GROUP;
	if (irq->active)
		lr |= ICH_LR_ACTIVE;
	if (take_pending(irq))
		lr |= ICH_LR_PENDING;
	irq->sgi_sources = 0; /* GICv3 SGIs carry no source */
	if (vgic_irq_hw_live(irq))
		lr |= ICH_LR_HW | (u64)irq->intid << ICH_LR_PINTID_SHIFT; /* no EOI bit with HW */
	else if (!irq->edge)
		lr |= ICH_LR_EOI; /* sample the line again once the guest is done */
	return lr;
}

void vgic_lr_retire(struct vgic_irq *irq, u64 lr)
{
	retire_state(irq, lr & ICH_LR_PENDING, lr & ICH_LR_ACTIVE);
}

/* GICv2 SGI: one (INTID, source) pair per list register. */
static u32 v2_sgi_state(struct vgic_irq *irq)
{
	unsigned int src;
	u32 lr = 0;

	if (irq->active) {
		src = irq->active_source;
		lr |= GICH_LR_ACTIVE;
		if (!vgic_irq_pending(irq) || !(irq->sgi_sources & (1U << src)))
			return lr | src << GICH_LR_CPUID_SHIFT;
	} else if (vgic_irq_pending(irq)) {
		/* A pending bit set through GICD_ISPENDR has no source: CPU 0. */
		src = irq->sgi_sources ? (unsigned int)__builtin_ctz(irq->sgi_sources) : 0;
	} else {
		return 0;
	}
	irq->sgi_sources &= (u8) ~(1U << src);
	irq->latch = irq->sgi_sources != 0; /* other sources wait for the next entry */
	return lr | GICH_LR_PENDING | src << GICH_LR_CPUID_SHIFT;
}

u32 vgic_v2_lr_encode(struct vgic_irq *irq)
{
	u32 lr = irq->intid | (u32)(irq->priority >> GICH_LR_PRIORITY_DROP)
				      << GICH_LR_PRIORITY_SHIFT;

	if (irq->group1)
		lr |= GICH_LR_GRP1;
	if (irq->intid < VGIC_NR_SGIS)
		return lr | v2_sgi_state(irq);
	if (irq->active)
		lr |= GICH_LR_ACTIVE;
	if (take_pending(irq))
		lr |= GICH_LR_PENDING;
	if (vgic_irq_hw_live(irq))
		lr |= GICH_LR_HW | (u32)irq->intid << GICH_LR_PHYSID_SHIFT;
	else if (!irq->edge)
		lr |= GICH_LR_EOI;
	return lr;
}

void vgic_v2_lr_retire(struct vgic_irq *irq, u32 lr)
{
	bool pending = lr & GICH_LR_PENDING, active = lr & GICH_LR_ACTIVE;

	if (irq->intid < VGIC_NR_SGIS) {
		unsigned int src = lr >> GICH_LR_CPUID_SHIFT & GICH_LR_CPUID_MASK;

		if (active)
			irq->active_source = (u8)src;
		if (pending)
			irq->sgi_sources |= (u8)(1U << src);
	}
	retire_state(irq, pending, active);
}
