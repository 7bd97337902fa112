/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IRQ core (kernel/irq.c): handlers by interrupt number, per-CPU
 * counts, and the C side of the IRQ exception.
 *
 * Numbers are GIC INTIDs (<avatar/irqchip.h>): 0-15 SGIs (the IPIs of
 * <avatar/ipi.h>), 16-31 PPIs, 32-1019 SPIs. A PPI has one handler for
 * all CPUs but is enabled per CPU: request_irq() enables it on the
 * calling CPU, and every other CPU that wants it calls irq_enable()
 * itself. An SPI is enabled for the whole machine and delivered to one
 * CPU (the boot CPU unless irq_set_affinity() moves it).
 *
 * Handlers run on the interrupted thread's stack with IRQs masked, and
 * must not sleep. After the handlers and the end-of-interrupt, the IRQ
 * exception calls sched_irq_exit(), which may switch threads.
 */
#ifndef AVATAR_IRQ_H
#define AVATAR_IRQ_H

#include <asm/irqflags.h>
#include <asm/ptrace.h>
#include <avatar/irqchip.h>
#include <avatar/types.h>

#define NR_IRQS (IRQ_MAX_INTID + 1)

/* Errors (negative returns). */
#define IRQ_EINVAL (-22) /* no such interrupt, or not allowed for this kind */
#define IRQ_EBUSY  (-16) /* already has a handler */
#define IRQ_ENODEV (-19) /* no interrupt controller */

typedef void (*irq_handler_t)(unsigned int irq, void *arg);

/* Boot CPU: interrupt controller and this CPU's interface; IRQs are unmasked on return. */
void irq_init(void);
/* Secondary CPU: its GIC CPU interface (IRQs still masked on return). */
void irq_init_cpu(void);

/* Install fn for irq and enable it (SPI: everywhere; PPI/SGI: this CPU). 0 or IRQ_E*. */
int request_irq(unsigned int irq, irq_handler_t fn, void *arg, const char *name);
/* Disable irq (on this CPU for PPIs and SGIs) and remove its handler. */
void free_irq(unsigned int irq);
int irq_enable(unsigned int irq);
int irq_disable(unsigned int irq);
/* Mark irq active or not (PPIs and SGIs: on this CPU); the hypervisor's hardware-mapped PPI. */
int irq_set_active(unsigned int irq, bool active);
/* 0 = highest; the GIC keeps only its implemented top bits. */
int irq_set_priority(unsigned int irq, u8 prio);
/* SPIs only: deliver to logical CPU cpu (online or not yet started). */
int irq_set_affinity(unsigned int irq, unsigned int cpu);

/* Raise SGI sgi (0-15) on cpu; the IPI layer (<avatar/ipi.h>) is the user. */
int irq_send_sgi(unsigned int cpu, unsigned int sgi);

/* Interrupts of number irq handled on cpu so far. */
u64 irq_count(unsigned int irq, unsigned int cpu);
/* Are we in an IRQ handler (on this CPU)? */
bool in_irq(void);

/* C entry of the IRQ exception (arch/arm64/vectors.S). */
void irq_handle(struct pt_regs *regs);

/*
 * Called at the end of every IRQ exception, after end-of-interrupt, with
 * IRQs masked, on the interrupted thread's stack (its pt_regs are below).
 * The scheduler defines it to preempt (it may switch threads, which
 * returns here later); kernel/irq.c has a weak, empty default.
 */
void sched_irq_exit(void);

/* IRQ masking on this CPU. */
static inline void local_irq_enable(void)
{
	arch_local_irq_enable();
}

static inline void local_irq_disable(void)
{
	arch_local_irq_disable();
}

static inline unsigned long local_irq_save(void)
{
	return arch_local_irq_save();
}

static inline void local_irq_restore(unsigned long flags)
{
	arch_local_irq_restore(flags);
}

static inline bool irqs_disabled(void)
{
	return arch_irqs_disabled();
}

#endif /* AVATAR_IRQ_H */
