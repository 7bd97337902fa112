/* SPDX-License-Identifier: GPL-2.0 */
/* Masking of IRQ/FIQ/SError/Debug exceptions through PSTATE.DAIF. */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H

#include <asm/sysreg.h>

static inline unsigned long arch_local_irq_save(void)
{
	unsigned long flags = read_sysreg(daif);

	__asm__ __volatile__("msr daifset, #3" ::: "memory"); /* mask I and F */
	return flags;
}

static inline void arch_local_irq_restore(unsigned long flags)
{
	write_sysreg(flags, daif);
}

/*
 * Unmask IRQs / mask IRQs and FIQs on this CPU. FIQs stay masked: the
 * kernel puts every interrupt in GIC Group 1, which is signalled as IRQ.
 */
static inline void arch_local_irq_enable(void)
{
	__asm__ __volatile__("msr daifclr, #2" ::: "memory");
}

static inline void arch_local_irq_disable(void)
{
	__asm__ __volatile__("msr daifset, #3" ::: "memory");
}

static inline bool arch_irqs_disabled(void)
{
	return (read_sysreg(daif) & PSR_I_BIT) != 0;
}

static inline void arch_local_irq_disable_all(void)
{
	__asm__ __volatile__("msr daifset, #0xf" ::: "memory");
}

#endif /* ASM_IRQFLAGS_H */
