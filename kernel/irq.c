// SPDX-License-Identifier: GPL-2.0
/*
 * The IRQ core: a table of handlers indexed by INTID, the dispatch loop
 * of the IRQ exception, and the `irq` shell command.
 *
 * irq_handle() (from vectors.S, IRQs masked, on the interrupted stack)
 * acknowledges the highest-priority pending interrupt, counts it for
 * this CPU, runs its handler and signals end-of-interrupt, and repeats
 * until the GIC reports nothing pending (INTID 1023). Only then does it
 * call sched_irq_exit(): every interrupt has been completed, so if the
 * scheduler switches threads there, this CPU can take new interrupts in
 * the next thread at once.
 *
 * An acknowledge that returns 1023 before any interrupt was handled is a
 * spurious interrupt (it was withdrawn, or another CPU took it): counted,
 * not an error. An interrupt without a handler is counted as unhandled,
 * reported once and disabled so it cannot storm.
 *
 * The table is written under irq_lock and read without it by the
 * dispatch loop: request_irq() publishes the handler last, with a
 * store-release. free_irq() disables the interrupt first; a handler
 * already running on another CPU may still finish after it returns.
 */
#include <asm/barrier.h>
#include <avatar/compiler.h>
#include <avatar/ipi.h>
#include <avatar/irq.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <avatar/spinlock.h>
#include <avatar/sprintf.h>

struct irq_desc {
	irq_handler_t handler; /* NULL: free */
	void *arg;
	const char *name;
	bool reported; /* unhandled: said so once */
};

static const struct irqchip *chip;
static unsigned int nr_irqs; /* INTIDs the GIC implements */
static struct irq_desc irq_desc[NR_IRQS];
static DEFINE_SPINLOCK(irq_lock);

/* Per CPU; only the owning CPU writes its row. */
static u64 irq_counts[CONFIG_NR_CPUS][NR_IRQS];
static u64 spurious_counts[CONFIG_NR_CPUS];
static u64 unhandled_counts[CONFIG_NR_CPUS];
static unsigned int irq_nesting[CONFIG_NR_CPUS];

void __weak sched_irq_exit(void)
{
}

static bool is_spi(unsigned int irq)
{
	return irq >= IRQ_SPI_BASE;
}

static bool valid_irq(unsigned int irq)
{
	return chip && irq < nr_irqs;
}

void irq_init_cpu(void)
{
	if (chip && chip->init_cpu() < 0)
		pr_err("irq: CPU%u: interrupt controller interface not set up\n",
		       smp_processor_id());
}

void irq_init(void)
{
	int n;

	chip = irqchip_probe();
	if (!chip)
		return;
	n = chip->init();
	if (n < 0) {
		pr_err("irq: %s initialisation failed: no interrupts\n", chip->name);
		chip = NULL;
		return;
	}
	nr_irqs = (unsigned int)n;
	pr_info("IRQ: %s, %u interrupt IDs, IRQs taken at %s\n", chip->name, nr_irqs,
		current_el() == 2 ? "EL2" : "EL1");
	irq_init_cpu();
	ipi_init();
	local_irq_enable();
}

int irqchip_virt_info(struct irqchip_virt *info)
{
	if (!chip || !chip->virt_info)
		return -1;
	return chip->virt_info(info);
}

int request_irq(unsigned int irq, irq_handler_t fn, void *arg, const char *name)
{
	struct irq_desc *desc;
	unsigned long flags;

	if (!chip)
		return IRQ_ENODEV;
	if (!valid_irq(irq) || !fn)
		return IRQ_EINVAL;
	desc = &irq_desc[irq];
	flags = spin_lock_irqsave(&irq_lock);
	if (desc->handler) {
		spin_unlock_irqrestore(&irq_lock, flags);
		return IRQ_EBUSY;
	}
	desc->arg = arg;
	desc->name = name ? name : "?";
	desc->reported = false;
	smp_store_release(&desc->handler, fn); /* arg and name visible first */
	spin_unlock_irqrestore(&irq_lock, flags);
	chip->enable(irq);
	return 0;
}

void free_irq(unsigned int irq)
{
	unsigned long flags;

	if (!valid_irq(irq))
		return;
	chip->disable(irq);
	flags = spin_lock_irqsave(&irq_lock);
	WRITE_ONCE(irq_desc[irq].handler, NULL);
	spin_unlock_irqrestore(&irq_lock, flags);
}

int irq_enable(unsigned int irq)
{
	if (!valid_irq(irq))
		return IRQ_EINVAL;
	chip->enable(irq);
	return 0;
}

int irq_disable(unsigned int irq)
{
	if (!valid_irq(irq))
		return IRQ_EINVAL;
	chip->disable(irq);
	return 0;
}

int irq_set_active(unsigned int irq, bool active)
{
	if (!valid_irq(irq))
		return IRQ_EINVAL;
	chip->set_active(irq, active);
	return 0;
}

int irq_set_priority(unsigned int irq, u8 prio)
{
	if (!valid_irq(irq))
		return IRQ_EINVAL;
	chip->set_priority(irq, prio);
	return 0;
}

int irq_set_affinity(unsigned int irq, unsigned int cpu)
{
	if (!valid_irq(irq) || !is_spi(irq) || cpu >= platform.nr_cpus)
		return IRQ_EINVAL;
	chip->set_affinity(irq, cpu);
	return 0;
}

int irq_send_sgi(unsigned int cpu, unsigned int sgi)
{
	if (!chip || cpu >= platform.nr_cpus || sgi >= IRQ_NR_SGIS)
		return IRQ_EINVAL;
	chip->send_sgi(cpu, sgi);
	return 0;
}

u64 irq_count(unsigned int irq, unsigned int cpu)
{
	if (irq >= NR_IRQS || cpu >= CONFIG_NR_CPUS)
		return 0;
	return READ_ONCE(irq_counts[cpu][irq]);
}

bool in_irq(void)
{
	return irq_nesting[smp_processor_id()] != 0;
}

static void handle_one(unsigned int cpu, unsigned int irq)
{
	struct irq_desc *desc = &irq_desc[irq];
	irq_handler_t fn = smp_load_acquire(&desc->handler);

	irq_counts[cpu][irq]++;
	if (likely(fn)) {
		fn(irq, desc->arg);
		return;
	}
	unhandled_counts[cpu]++;
	chip->disable(irq);
	if (!desc->reported) {
		desc->reported = true;
		pr_warn("irq: CPU%u: interrupt %u has no handler; disabled\n", cpu, irq);
	}
}

void irq_handle(struct pt_regs *regs)
{
	unsigned int cpu = smp_processor_id();
	bool handled = false;

	(void)regs;
	irq_nesting[cpu]++;
	for (;;) {
		u32 token;
		unsigned int irq = chip->ack(&token);

		if (irq >= IRQ_SPECIAL_BASE) {
			if (!handled)
				spurious_counts[cpu]++;
			break;
		}
		handle_one(cpu, irq);
		chip->end_of_irq(token);
		handled = true;
	}
	irq_nesting[cpu]--;
	sched_irq_exit();
}

/* --- shell: the `irq` table, like Linux's /proc/interrupts ---------------- */

static void print_counts(const char *label, const u64 *counts, size_t stride, const char *name)
{
	unsigned int cpu;

	printk("%5s:", label);
	for (cpu = 0; cpu < platform.nr_cpus; cpu++)
		printk(" %10llu", (unsigned long long)READ_ONCE(counts[cpu * stride]));
	printk("   %s\n", name);
}

static int cmd_irq(int argc, char **argv)
{
	unsigned int irq, cpu;
	char label[8];

	(void)argv;
	if (argc != 1)
		return SHELL_ERR_USAGE;
	if (!chip) {
		printk("no interrupt controller\n");
		return SHELL_ERR_FAILED;
	}
	printk("%6s", "");
	for (cpu = 0; cpu < platform.nr_cpus; cpu++)
		printk("       CPU%u", cpu);
	printk("\n");
	for (irq = 0; irq < nr_irqs; irq++) {
		const struct irq_desc *desc = &irq_desc[irq];
		bool any = READ_ONCE(desc->handler) != NULL;

		for (cpu = 0; cpu < platform.nr_cpus && !any; cpu++)
			any = READ_ONCE(irq_counts[cpu][irq]) != 0;
		if (!any)
			continue;
		snprintf(label, sizeof(label), "%u", irq);
		print_counts(label, &irq_counts[0][irq], NR_IRQS,
			     READ_ONCE(desc->handler) ? desc->name : "(no handler)");
	}
	print_counts("SPU", spurious_counts, 1, "spurious");
	print_counts("ERR", unhandled_counts, 1, "unhandled");
	return 0;
}
SHELL_COMMAND(irq, "irq", "interrupt counts per CPU, by interrupt number", cmd_irq);
