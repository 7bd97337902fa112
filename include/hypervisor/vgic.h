/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual GIC (hypervisor/vgic/): one common part (vgic.c: interrupt
 * state, injection, the list-register manager) and one small file per
 * GIC version behind struct vgic_ops (vgic-v3.c: the emulated
 * distributor and redistributors, with vgic-v3-sr.c for ICH_*_EL2;
 * vgic-v2.c: the emulated distributor and GICD_SGIR, with vgic-v2-sr.c
 * for the memory-mapped GICH frame). The CPU interface is the hardware's
 * virtual interface: on GICv3 the guest's ICC_* accesses reach ICV_*, on
 * GICv2 the host's GICV frame is mapped by stage 2 where the guest's GICC
 * is; either way backed by the list registers the manager fills at every
 * guest entry (docs/hypervisor.md, "vGIC").
 *
 * State: the SPIs per VM (struct vgic_dist), SGIs and PPIs per vCPU
 * (struct vgic_cpu), all under the VM's vgic lock (IRQs off). Injection
 * may come from any CPU (another vCPU's SGI, a host timer); it marks the
 * interrupt and kicks the target vCPU: a thread blocked in WFI wakes, a
 * vCPU in the guest on another CPU gets an IPI and exits, and its next
 * entry puts the interrupt in a list register.
 */
#ifndef HYPERVISOR_VGIC_H
#define HYPERVISOR_VGIC_H

#include <avatar/spinlock.h>
#include <avatar/types.h>
#include <hypervisor/mmio.h>
#include <hypervisor/vgic-lr.h>

struct vm;
struct vcpu;

#define VGIC_NR_SPIS 64 /* INTIDs 32-95: QEMU virt's UART (33) and virtio-mmio (48-79) */
#define VGIC_NR_IRQS (VGIC_NR_PRIVATE + VGIC_NR_SPIS)

/* Architectural PPIs (Server Base System Architecture numbering, as QEMU virt). */
#define VGIC_PPI_MAINTENANCE 25 /* GICv3; a GICv2's comes from its device tree node */
#define VGIC_PPI_VTIMER	     27

/* struct vgic_irq.target of an SPI no vCPU takes (GICv2: GICD_ITARGETSR 0). */
#define VGIC_TARGET_NONE 0xff

/* ICH_HCR_EL2 (GICv3) and GICH_HCR (GICv2) agree on these bits. */
#define VGIC_HCR_EN   (1U << 0)
#define VGIC_HCR_NPIE (1U << 3) /* maintenance interrupt when no LR is pending */

/* Per vCPU: its private interrupts and the saved virtual CPU interface. */
struct vgic_cpu {
	struct vgic_irq priv[VGIC_NR_PRIVATE];
	unsigned int nr_lr_used;
	struct vgic_irq *lr_irq[VGIC_MAX_LRS];
	u64 lr[VGIC_MAX_LRS];
	u64 hcr; /* ICH_HCR_EL2 for the next entry */
	u64 vmcr;
	u64 ap0r[4], ap1r[4]; /* GICv3 */
	u32 apr;	      /* GICv2: GICH_APR */
	u32 misr;	      /* GICv2: GICH_MISR at the last exit (why it was raised) */
	bool sleep;	      /* GICR_WAKER.ProcessorSleep */
	u32 hw_irqs;	      /* private INTIDs that are hardware-mapped (irq->hw) */
	u32 hw_active;	      /* ... whose physical twin is held active this run */
};

/*
 * What differs between the GIC versions. The host's version picks one
 * set at start-up (vgic_global_init); every VM uses it.
 */
struct vgic_ops {
	const char *name;
	/* Host, once: find the virtual interface; its list registers, 0 if none (said why). */
	unsigned int (*probe)(void);
	/* Per VM: the emulated registers on its bus, stage-2 mappings: 0 or -1 (said why). */
	int (*init)(struct vm *vm);
	/* The list-register format (vgic-lr.c). */
	u64 (*lr_encode)(struct vgic_irq *irq);
	void (*lr_retire)(struct vgic_irq *irq, u64 lr);
	/* World switch, IRQs masked: load cpu's state into the interface / save it. */
	void (*load)(struct vgic_cpu *cpu);
	void (*save)(struct vgic_cpu *cpu);
};

/* Per VM: the distributor. */
struct vgic_dist {
	spinlock_t lock;
	const struct vgic_ops *ops;
	u32 ctlr; /* GICD_CTLR: enable bits */
	struct vgic_irq spis[VGIC_NR_SPIS];
	struct mmio_device dist_dev;
	struct mmio_device redist_dev;
	unsigned int bad_accesses; /* to no register or of a bad width, for the log limit */
};

/* Register maps for the emulated devices: {offset, length, widths, read, write}. */
struct vgic_reg {
	u32 offset;
	u32 len;    /* bytes the register (array) covers */
	u32 widths; /* MMIO_W* */
	/* off: from the start of this register; the access is size bytes there. */
	u64 (*read)(struct vm *vm, struct vcpu *owner, u32 off, unsigned int size);
	void (*write)(struct vm *vm, struct vcpu *owner, u32 off, unsigned int size, u64 val);
};

/*
 * The one place that finds the register and checks width and alignment:
 * a miss or a bad access is read-as-zero / write-ignored (false). owner
 * is the vCPU of a redistributor frame (NULL for the distributor).
 */
bool vgic_regs_dispatch(const struct vgic_reg *table, unsigned int count, struct vm *vm,
			struct vcpu *owner, u32 offset, struct mmio_access *acc);

/*
 * Say that a guest access to a vGIC frame ("GICD", "GICR") hit no register
 * or had a bad width (vgic_regs_dispatch() returned false); the first
 * VGIC_BAD_ACCESS_LOG_MAX per VM.
 */
#define VGIC_BAD_ACCESS_LOG_MAX 8
void vgic_report_bad_access(struct vm *vm, const char *frame, u64 offset,
			    const struct mmio_access *acc);

/* Bit-array accessors shared by v2 and v3 (GICD_I[SC]ENABLER, ...) for INTID base + off*8. */
u64 vgic_read_group(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size);
void vgic_write_group(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val);
u64 vgic_read_enable(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size);
void vgic_write_enable(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val,
		       bool set);
u64 vgic_read_pending(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size);
void vgic_write_pending(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val,
			bool set);
u64 vgic_read_active(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size);
void vgic_write_active(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val,
		       bool set);
u64 vgic_read_priority(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size);
void vgic_write_priority(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val);
u64 vgic_read_config(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size);
void vgic_write_config(struct vm *vm, struct vcpu *owner, u32 first, unsigned int size, u64 val);

/*
 * The same arrays as struct vgic_reg handlers, for frames whose arrays
 * start at INTID 0 (GICv2 distributor, GICv3 SGI_base): off is the byte
 * offset into the array (vgic-mmio.c).
 */
u64 vgic_mmio_read_group(struct vm *vm, struct vcpu *o, u32 off, unsigned int size);
void vgic_mmio_write_group(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
u64 vgic_mmio_read_enable(struct vm *vm, struct vcpu *o, u32 off, unsigned int size);
void vgic_mmio_write_senable(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
void vgic_mmio_write_cenable(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
u64 vgic_mmio_read_pending(struct vm *vm, struct vcpu *o, u32 off, unsigned int size);
void vgic_mmio_write_spending(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
void vgic_mmio_write_cpending(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
u64 vgic_mmio_read_active(struct vm *vm, struct vcpu *o, u32 off, unsigned int size);
void vgic_mmio_write_sactive(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
void vgic_mmio_write_cactive(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
u64 vgic_mmio_read_priority(struct vm *vm, struct vcpu *o, u32 off, unsigned int size);
void vgic_mmio_write_priority(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);
u64 vgic_mmio_read_config(struct vm *vm, struct vcpu *o, u32 off, unsigned int size);
void vgic_mmio_write_config(struct vm *vm, struct vcpu *o, u32 off, unsigned int size, u64 val);

/* The interrupt intid as seen by vcpu (private ones are its own); NULL if none. */
struct vgic_irq *vgic_get_irq(struct vm *vm, struct vcpu *vcpu, unsigned int intid);

/* Set up vm's vGIC for the host's GIC version: 0, or -1 with a message. */
int vgic_init(struct vm *vm);
/* Host side, once: the virtual interface (list registers), the maintenance and timer PPIs. */
void vgic_global_init(void);
/* The host's maintenance interrupt (INTID of a PPI). */
unsigned int vgic_maintenance_irq(void);
/* Number of list registers (0: no virtual interface, guests are refused). */
unsigned int vgic_nr_lrs(void);

/*
 * Drive intid's input: an edge interrupt is latched pending when level
 * is true; a level interrupt follows level. Private INTIDs need vcpu.
 * The vCPU it targets is kicked if the interrupt became pending.
 */
void vgic_inject(struct vm *vm, struct vcpu *vcpu, unsigned int intid, bool level);
/* GICD_CTLR's group enables (bits 0 and 1 in both versions); kick what became deliverable. */
void vgic_set_ctlr(struct vm *vm, u32 enables);
/* Kick the vCPU irq goes to if it is pending and deliverable (lock not held). */
void vgic_kick_if_pending(struct vm *vm, struct vcpu *owner, struct vgic_irq *irq);
/* SGI intid from vcpu to the vCPUs in target_mask (bit per vCPU index); vcpu is its source. */
void vgic_send_sgi(struct vcpu *vcpu, unsigned int intid, u64 target_mask);
/* A guest write of ICC_SGI1R_EL1 (trapped): deliver the SGI to its targets. */
void vgic_v3_sgi1r(struct vcpu *vcpu, u64 val);
/* Anything pending and deliverable for vcpu (WFI wake-up condition)? */
bool vgic_vcpu_pending(struct vcpu *vcpu);
/* Is intid active or asserted (line high) on vcpu? */
bool vgic_irq_asserted(struct vcpu *vcpu, unsigned int intid);
bool vgic_irq_active(struct vcpu *vcpu, unsigned int intid);

/* World switch (IRQs masked): fill the list registers / take their state back. */
void vgic_flush(struct vcpu *vcpu);
void vgic_sync(struct vcpu *vcpu);

/* GICv3 virtual CPU interface, ICH_*_EL2 (hypervisor/arch/arm64/vgic-v3-sr.c). */
unsigned int vgic_v3_probe(void);
void vgic_v3_load(struct vgic_cpu *cpu);
void vgic_v3_save(struct vgic_cpu *cpu);

/* GICv2 virtual interface control, the GICH frame (hypervisor/vgic/vgic-v2-sr.c). */
unsigned int vgic_v2_probe(void);
void vgic_v2_load(struct vgic_cpu *cpu);
void vgic_v2_save(struct vgic_cpu *cpu);
/* The host GICV frame found by vgic_v2_probe() (size 0: none). */
void vgic_v2_gicv(phys_addr_t *base, u64 *size);

extern const struct vgic_ops vgic_v3_ops;
extern const struct vgic_ops vgic_v2_ops;

#endif /* HYPERVISOR_VGIC_H */
