// SPDX-License-Identifier: GPL-2.0
/*
 * The Arm generic timer as the per-CPU one-shot event source (Arm ARM
 * D11 "The Generic Timer in AArch64 state").
 *
 * Which timer depends on the kernel's exception level, behind the
 * kernel_timer_*() accessors of <asm/el.h>:
 *
 *   EL2 (hypervisor)  CNTHP_* , the EL2 physical timer, PPI 10 (INTID 26):
 *                     the EL1 physical (CNTP) and virtual (CNTV) timers
 *                     stay free for the guests, whose context they are.
 *   EL1 (native)      CNTV_*, the EL1 virtual timer, PPI 11 (INTID 27):
 *                     compared with CNTVCT, the counter time_now_ns()
 *                     reads at EL1. It works bare (CNTVOFF_EL2 = 0) and
 *                     under a hypervisor, which keeps the EL1 physical
 *                     timer for itself (Linux makes the same choice).
 *
 * The INTID comes from the device tree ("arm,armv8-timer" interrupts:
 * secure, non-secure physical, virtual, hypervisor; GIC 3-cell
 * specifiers) when present, else the architectural default above; the
 * frequency from the node's clock-frequency if given (for firmware that
 * leaves CNTFRQ_EL0 wrong), else CNTFRQ_EL0.
 *
 * The timer interrupt is level-sensitive: the handler disables the timer
 * (deasserting it) before the time core reprograms it.
 */
#include <asm/barrier.h>
#include <asm/counter.h>
#include <asm/el.h>
#include <avatar/clockevent.h>
#include <avatar/fdt.h>
#include <avatar/irq.h>
#include <avatar/platform.h>
#include <avatar/printk.h>

static void (*event_handler)(void);
static struct clock_event arch_timer;

static unsigned int dt_timer_intid(void)
{
	const struct fdt *fdt = &platform.fdt;
	const u8 *prop;
	int node;
	u32 len;

	if (!platform.dt_valid)
		return KERNEL_TIMER_INTID;
	node = fdt_node_by_compatible(fdt, -1, "arm,armv8-timer");
	if (node < 0)
		node = fdt_node_by_compatible(fdt, -1, "arm,armv7-timer");
	prop = node >= 0 ? fdt_getprop(fdt, node, "interrupts", &len) : NULL;
	if (!prop || len % DT_GIC_INTERRUPT_SIZE ||
	    len < (KERNEL_TIMER_DT_INDEX + 1) * DT_GIC_INTERRUPT_SIZE)
		return KERNEL_TIMER_INTID;
	prop += KERNEL_TIMER_DT_INDEX * DT_GIC_INTERRUPT_SIZE;
	if (fdt_be32(prop) != DT_GIC_TYPE_PPI || fdt_be32(prop + 4) >= IRQ_SPI_BASE - IRQ_PPI_BASE)
		return KERNEL_TIMER_INTID;
	return IRQ_PPI_BASE + fdt_be32(prop + 4);
}

static void arch_timer_set_next(u64 cval)
{
	kernel_timer_write_cval(cval);
	kernel_timer_write_ctl(CNT_CTL_ENABLE);
	isb(); /* in effect before a following WFI */
}

static void arch_timer_stop(void)
{
	kernel_timer_write_ctl(CNT_CTL_IMASK);
	isb();
}

static void arch_timer_init_cpu(void)
{
	arch_timer_stop();
	irq_enable(arch_timer.irq);
}

static void arch_timer_interrupt(unsigned int irq, void *arg)
{
	(void)irq;
	(void)arg;
	arch_timer_stop();
	event_handler();
}

const struct clock_event *arch_timer_probe(void (*handler)(void))
{
	int err;

	event_handler = handler;
	arch_timer.name = "arch_timer " KERNEL_TIMER_NAME;
	arch_timer.irq = dt_timer_intid();
	arch_timer.freq = platform.timer_freq_dt ? platform.timer_freq_dt : counter_freq();
	arch_timer.set_next = arch_timer_set_next;
	arch_timer.stop = arch_timer_stop;
	arch_timer.init_cpu = arch_timer_init_cpu;
	if (!arch_timer.freq) {
		pr_err("timer: counter frequency unknown (CNTFRQ_EL0 = 0, no clock-frequency)\n");
		return NULL;
	}
	arch_timer_stop();
	err = request_irq(arch_timer.irq, arch_timer_interrupt, NULL, arch_timer.name);
	if (err) {
		pr_err("timer: cannot request interrupt %u (%d)\n", arch_timer.irq, err);
		return NULL;
	}
	pr_info("Timer: %s, INTID %u, %llu Hz, one-shot\n", KERNEL_TIMER_NAME, arch_timer.irq,
		(unsigned long long)arch_timer.freq);
	return &arch_timer;
}
