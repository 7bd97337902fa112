// SPDX-License-Identifier: GPL-2.0
/*
 * Inter-processor interrupts (see <avatar/ipi.h>) and cross-CPU function
 * calls.
 *
 * Each CPU has a call queue: a ring of CALL_QUEUE_LEN {fn, arg, done}
 * entries under a spinlock (taken with IRQs masked: the IPI handler takes
 * it too). smp_call_function() appends an entry and sends IPI_CALL_FUNC;
 * the target's handler pops entries one at a time and runs them without
 * the lock held. A waiting caller passes a flag on its own stack: the
 * target sets it with a store-release after fn returns and sends an event
 * (SEV), so the caller sleeps in WFE instead of hammering the line. A
 * full ring makes the caller retry until the target drains it.
 */
#include <asm/barrier.h>
#include <avatar/compiler.h>
#include <avatar/ipi.h>
#include <avatar/irq.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <avatar/spinlock.h>
#include <avatar/string.h>

#define CALL_QUEUE_LEN 16

struct call_entry {
	smp_call_fn fn;
	void *arg;
	bool *done; /* NULL: nobody waits */
};

struct call_queue {
	spinlock_t lock;
	unsigned int head, tail; /* free-running; tail - head entries queued */
	struct call_entry entries[CALL_QUEUE_LEN];
};

static struct call_queue call_queues[CONFIG_NR_CPUS];

void __weak sched_ipi_reschedule(void)
{
}

void smp_send_ipi(unsigned int cpu, enum ipi_type ipi)
{
	if (ipi < NR_IPIS)
		irq_send_sgi(cpu, IRQ_SGI_BASE + (unsigned int)ipi);
}

static bool call_enqueue(unsigned int cpu, smp_call_fn fn, void *arg, bool *done)
{
	struct call_queue *q = &call_queues[cpu];
	unsigned long flags = spin_lock_irqsave(&q->lock);
	bool ok = q->tail - q->head < CALL_QUEUE_LEN;

	if (ok) {
		struct call_entry *e = &q->entries[q->tail % CALL_QUEUE_LEN];

		e->fn = fn;
		e->arg = arg;
		e->done = done;
		q->tail++;
	}
	spin_unlock_irqrestore(&q->lock, flags);
	return ok;
}

static bool call_dequeue(unsigned int cpu, struct call_entry *out)
{
	struct call_queue *q = &call_queues[cpu];
	unsigned long flags = spin_lock_irqsave(&q->lock);
	bool ok = q->head != q->tail;

	if (ok)
		*out = q->entries[q->head++ % CALL_QUEUE_LEN];
	spin_unlock_irqrestore(&q->lock, flags);
	return ok;
}

int smp_call_function(unsigned int cpu, smp_call_fn fn, void *arg, bool wait)
{
	bool done = false;
	unsigned long flags;

	if (cpu >= CONFIG_NR_CPUS || !fn)
		return -1;
	if (cpu == smp_processor_id()) {
		flags = local_irq_save();
		fn(arg);
		local_irq_restore(flags);
		return 0;
	}
	if (smp_load_acquire(&cpu_info[cpu].state) != CPU_ONLINE)
		return -1;
	while (!call_enqueue(cpu, fn, arg, wait ? &done : NULL))
		cpu_relax();
	smp_send_ipi(cpu, IPI_CALL_FUNC);
	while (wait && !smp_load_acquire(&done))
		wfe(); /* the target's SEV, or any other event, ends the wait */
	return 0;
}

static void ipi_call_func(unsigned int irq, void *arg)
{
	unsigned int cpu = smp_processor_id();
	struct call_entry e;

	(void)irq;
	(void)arg;
	while (call_dequeue(cpu, &e)) {
		e.fn(e.arg);
		if (e.done) {
			smp_store_release(e.done, true);
			dsb(ishst); /* the flag is visible before the event */
			sev();
		}
	}
}

static void ipi_reschedule(unsigned int irq, void *arg)
{
	(void)irq;
	(void)arg;
	sched_ipi_reschedule();
}

void ipi_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++)
		spin_lock_init(&call_queues[cpu].lock);
	if (request_irq(IRQ_SGI_BASE + IPI_RESCHEDULE, ipi_reschedule, NULL, "IPI reschedule") ||
	    request_irq(IRQ_SGI_BASE + IPI_CALL_FUNC, ipi_call_func, NULL, "IPI call function"))
		pr_err("ipi: cannot register the IPI handlers\n");
}

/* --- shell: `ipi <cpu>` runs a function there and says where it ran ------ */

static void record_cpu(void *arg)
{
	*(unsigned int *)arg = smp_processor_id();
}

static int cmd_ipi(int argc, char **argv)
{
	unsigned int ran = ~0U;
	unsigned long cpu;
	char *end;

	if (argc != 2)
		return SHELL_ERR_USAGE;
	cpu = strtoul(argv[1], &end, 0);
	if (end == argv[1] || *end)
		return SHELL_ERR_USAGE;
	if (cpu >= CONFIG_NR_CPUS || smp_call_function((unsigned int)cpu, record_cpu, &ran, true)) {
		printk("ipi: CPU%lu is not online\n", cpu);
		return SHELL_ERR_FAILED;
	}
	printk("ipi: function for CPU%lu ran on CPU%u (sent from CPU%u)\n", cpu, ran,
	       smp_processor_id());
	return 0;
}
SHELL_COMMAND(ipi, "ipi <cpu>", "run a function on a CPU through an IPI; print where it ran",
	      cmd_ipi);
