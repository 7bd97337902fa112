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

u64 vgic_lr_encode(struct vgic_irq *irq)
{
	u64 lr = irq->intid | (u64)irq->priority << ICH_LR_PRIORITY_SHIFT;

	if (irq->group1)
		lr |= ICH_LR_GROUP;
	if (irq->active)
		lr |= ICH_LR_ACTIVE;
	if (vgic_irq_pending(irq)) {
		lr |= ICH_LR_PENDING;
		if (irq->edge)
			irq->latch = false; /* it lives in the LR now */
	}
	if (!irq->edge)
		lr |= ICH_LR_EOI; /* sample the line again once the guest is done */
	return lr;
}

void vgic_lr_retire(struct vgic_irq *irq, u64 lr)
{
	bool pending = lr & ICH_LR_PENDING;

	irq->active = lr & ICH_LR_ACTIVE;
	if (irq->edge) {
		if (pending)
			irq->latch = true;
	} else if (!pending) {
		irq->latch = false; /* acknowledged: only the line keeps it pending now */
	}
}
