/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The state of one virtual interrupt and the list-register logic that
 * does not touch hardware (hypervisor/vgic/vgic-lr.c, also built on the
 * host: tests/unit/test_vgic.c).
 *
 * Where the pending state lives. An edge interrupt's pending bit is a
 * latch: vgic_lr_encode() moves it into the list register it writes, and
 * vgic_lr_retire() moves it back if the guest has not acknowledged it yet
 * (so an injection while it sits in a list register is merged, not lost).
 * A level interrupt is pending while its line is high (or a latch set by
 * GICD_ISPENDR) and it is not active; its list register asks for an EOI
 * maintenance interrupt, so the vCPU exits when the guest deactivates it
 * and the line is sampled again before it is offered again.
 *
 * Hardware-mapped interrupts (irq->hw: the virtual timer's PPI, tied to
 * the physical PPI of the same INTID on the CPU the vCPU runs on). While
 * the line is high or the guest has it active, its list register names
 * the physical interrupt (HW = 1, pINTID) instead of asking for an EOI
 * maintenance interrupt, and the caller holds the physical interrupt
 * active for the run (struct vgic_cpu.hw_active): the guest's
 * deactivation then deactivates the physical one in hardware. If the
 * line is still high it fires again and the vCPU exits; if the guest
 * dealt with the source first (re-armed or stopped its timer), nothing
 * exits at all. Only with the line low and a GICD_ISPENDR latch does it
 * take the maintenance path above.
 *
 * GICv2 SGIs are pending once per source CPU (IHI 0048B 3.2.2): a
 * bitmap of sources sits beside the latch; a GICH_LR carries one source
 * (its CPUID field), the others wait for the next entry.
 *
 * ICH_LR<n>_EL2 layout: IHI 0069 12.4.6; GICH_LR<n>: IHI 0048B 5.3.14.
 */
#ifndef HYPERVISOR_VGIC_LR_H
#define HYPERVISOR_VGIC_LR_H

#include <avatar/types.h>

#define VGIC_NR_SGIS	16
#define VGIC_NR_PRIVATE 32 /* SGIs and PPIs: per vCPU */
#define VGIC_MAX_LRS	16 /* ICH_VTR_EL2.ListRegs is 4 bits */

struct vgic_irq {
	u16 intid;
	u8 priority; /* 0 = highest */
	u8 target;   /* SPIs: vCPU index the route selects */
	u64 route;   /* SPIs: GICD_IROUTER as written */
	bool group1;
	bool enabled;
	bool edge; /* GICD_ICFGR: edge-triggered (SGIs always) */
	bool latch;
	bool line; /* level: the input line */
	bool active;
	bool hw;	  /* tied to the physical interrupt of the same INTID (see above) */
	u8 sgi_sources;	  /* GICv2 SGIs: pending from these vCPUs (bit per vCPU) */
	u8 active_source; /* GICv2 SGIs: the source of the active one */
};

/* ICH_LR<n>_EL2 fields. */
#define ICH_LR_VINTID_MASK    0xffffffffULL
#define ICH_LR_EOI	      (1ULL << 41) /* HW = 0: maintenance interrupt on deactivation */
#define ICH_LR_PINTID_SHIFT   32	   /* HW = 1: the physical INTID, bits [44:32] */
#define ICH_LR_PRIORITY_SHIFT 48
#define ICH_LR_GROUP	      (1ULL << 60)
#define ICH_LR_HW	      (1ULL << 61)
#define ICH_LR_STATE_SHIFT    62
#define ICH_LR_PENDING	      (1ULL << 62)
#define ICH_LR_ACTIVE	      (1ULL << 63)

/* GICH_LR<n> fields (GICv2 virtualization extension). */
#define GICH_LR_VIRTUALID_MASK 0x3ffU
#define GICH_LR_CPUID_SHIFT    10 /* HW = 0, SGIs: the source CPU */
#define GICH_LR_CPUID_MASK     0x7U
#define GICH_LR_EOI	       (1U << 19) /* HW = 0: maintenance interrupt on deactivation */
#define GICH_LR_PHYSID_SHIFT   10	  /* HW = 1: the physical INTID, bits [19:10] */
#define GICH_LR_PRIORITY_SHIFT 23	  /* the top 5 bits of the priority */
#define GICH_LR_PRIORITY_DROP  3	  /* 8-bit priority >> 3 */
#define GICH_LR_PENDING	       (1U << 28)
#define GICH_LR_ACTIVE	       (1U << 29)
#define GICH_LR_GRP1	       (1U << 30)
#define GICH_LR_HW	       (1U << 31)

/* Pending for delivery: enabled, and latched (edge) or line/latch and not active (level). */
bool vgic_irq_pending(const struct vgic_irq *irq);

/*
 * A hardware-mapped interrupt whose physical twin must be held active
 * while the vCPU runs: its line is high or the guest has it active.
 * Its list register then has HW = 1.
 */
static inline bool vgic_irq_hw_live(const struct vgic_irq *irq)
{
	return irq->hw && (irq->line || irq->active);
}

/*
 * Sort cand[0..n) for the list registers: active ones first (the guest
 * must be able to deactivate them), then pending ones by priority, ties
 * by INTID. Returns how many of them go into nr_lr registers; *overflow
 * says whether pending interrupts were left out (then the caller asks
 * for a maintenance interrupt when the registers drain).
 */
unsigned int vgic_lr_select(struct vgic_irq **cand, unsigned int n, unsigned int nr_lr,
			    bool *overflow);

/*
 * After irq was encoded into a list register: is it still waiting for
 * one (a GICv2 SGI with more sources)? Then the caller asks for a
 * maintenance interrupt when the registers drain. A level interrupt whose
 * line stays high is not waiting: its register carries it.
 */
bool vgic_lr_waiting(const struct vgic_irq *irq);

/* The ICH_LR value for irq; an edge latch moves into it. */
u64 vgic_lr_encode(struct vgic_irq *irq);

/* Take back the state of an ICH_LR read on exit into irq. */
void vgic_lr_retire(struct vgic_irq *irq, u64 lr);

/*
 * The same for a GICH_LR. An SGI carries one source CPU: the active
 * one's, else the lowest pending source; irq stays pending (latch set)
 * while other sources wait.
 */
u32 vgic_v2_lr_encode(struct vgic_irq *irq);
void vgic_v2_lr_retire(struct vgic_irq *irq, u32 lr);

#endif /* HYPERVISOR_VGIC_LR_H */
