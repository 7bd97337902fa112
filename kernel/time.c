// SPDX-License-Identifier: GPL-2.0
/*
 * Time and kernel timers (see <avatar/time.h>).
 *
 * Each CPU has a timer base: a deadline-sorted list of its pending
 * ktimers (<avatar/timer_list.h>) under a spinlock, always taken with
 * IRQs masked since the timer interrupt takes it too. The CPU's one-shot
 * timer (<avatar/clockevent.h>) is programmed for the head of the list
 * and stopped when the list is empty: no interrupt happens unless a
 * ktimer is due (tickless). Resolution is that of the counter (16 ns at
 * QEMU's 62.5 MHz); deadlines are converted to ticks rounding up, so a
 * timer never fires early.
 *
 * Expiry (timer_event(), in the timer interrupt): with the time read
 * once, every ktimer due by then is taken off the list, marked not armed
 * and its function called with the lock dropped, so the function may
 * start or cancel ktimers (its own included); then the hardware is
 * programmed for whatever is now first.
 *
 * A ktimer on another CPU's list can be cancelled (that CPU's lock is
 * taken), but only the owning CPU touches its timer registers: if the
 * cancelled timer was the head there, that CPU gets one early interrupt
 * that finds nothing due and reprograms.
 */
#include <asm/barrier.h>
#include <asm/counter.h>
#include <avatar/clockevent.h>
#include <avatar/compiler.h>
#include <avatar/irq.h>
#include <avatar/kconfig.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <avatar/spinlock.h>
#include <avatar/string.h>
#include <avatar/time.h>

#define NOT_PROGRAMMED	       UINT64_MAX
#define DELAY_MAX_MS	       60000 /* `delay` limit: one minute */
#define container_of_ktimer(n) ((struct ktimer *)((char *)(n)-offsetof(struct ktimer, node)))

struct timer_base {
	spinlock_t lock;
	struct timer_list list;
	u64 programmed; /* deadline the hardware is set for, or NOT_PROGRAMMED */
	u64 fired;	/* ktimers expired on this CPU */
};

static struct timer_base timer_bases[CONFIG_NR_CPUS];
static const struct clock_event *clock_event;
static u64 counter_hz; /* 0 until time_init(): CNTFRQ_EL0 is read directly */

static u64 freq(void)
{
	u64 hz = READ_ONCE(counter_hz);

	return hz ? hz : counter_freq();
}

uint64_t time_now_ns(void)
{
	return ticks_to_ns(counter_read(), freq());
}

void udelay(unsigned long us)
{
	u64 end = counter_read() + ns_to_ticks((u64)us * NSEC_PER_USEC, freq());

	while (counter_read() < end)
		cpu_relax();
}

/* Program this CPU's timer for the head of its list. Lock held, on the base's CPU. */
static void program(struct timer_base *base)
{
	struct timer_node *first = timer_list_first(&base->list);

	if (!clock_event)
		return;
	if (!first) {
		if (base->programmed != NOT_PROGRAMMED)
			clock_event->stop();
		base->programmed = NOT_PROGRAMMED;
		return;
	}
	if (first->deadline == base->programmed)
		return;
	base->programmed = first->deadline;
	clock_event->set_next(ns_to_ticks(first->deadline, freq()));
}

void ktimer_init(struct ktimer *t, ktimer_fn fn)
{
	timer_node_init(&t->node);
	t->fn = fn;
	t->cpu = -1;
	t->armed = false;
}

bool ktimer_cancel(struct ktimer *t)
{
	for (;;) {
		int cpu = READ_ONCE(t->cpu);
		struct timer_base *base;
		unsigned long flags;
		bool was_armed;

		if (cpu < 0)
			return false;
		base = &timer_bases[cpu];
		flags = spin_lock_irqsave(&base->lock);
		if (READ_ONCE(t->cpu) != cpu) { /* moved meanwhile: look again */
			spin_unlock_irqrestore(&base->lock, flags);
			continue;
		}
		was_armed = t->armed;
		if (was_armed) {
			timer_list_del(&t->node);
			t->armed = false;
			if ((unsigned int)cpu == smp_processor_id())
				program(base);
		}
		spin_unlock_irqrestore(&base->lock, flags);
		return was_armed;
	}
}

void ktimer_start(struct ktimer *t, uint64_t deadline_ns)
{
	struct timer_base *base;
	unsigned long flags;

	ktimer_cancel(t);
	flags = local_irq_save(); /* no migration until the timer is queued */
	base = &timer_bases[smp_processor_id()];
	spin_lock(&base->lock);
	WRITE_ONCE(t->cpu, (int)smp_processor_id());
	timer_list_add(&base->list, &t->node, deadline_ns);
	t->armed = true;
	if (timer_list_first(&base->list) == &t->node)
		program(base);
	spin_unlock(&base->lock);
	local_irq_restore(flags);
}

/* The timer interrupt of this CPU (IRQ context). */
static void timer_event(void)
{
	struct timer_base *base = &timer_bases[smp_processor_id()];
	u64 now = time_now_ns();
	struct timer_node *node;

	spin_lock(&base->lock);
	base->programmed = NOT_PROGRAMMED; /* the device stopped itself */
	while ((node = timer_list_pop_expired(&base->list, now))) {
		struct ktimer *t = container_of_ktimer(node);

		t->armed = false;
		base->fired++;
		spin_unlock(&base->lock);
		t->fn(t);
		spin_lock(&base->lock);
	}
	program(base);
	spin_unlock(&base->lock);
}

void time_init_cpu(void)
{
	if (clock_event)
		clock_event->init_cpu();
}

void time_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < CONFIG_NR_CPUS; cpu++) {
		spin_lock_init(&timer_bases[cpu].lock);
		timer_list_init(&timer_bases[cpu].list);
		timer_bases[cpu].programmed = NOT_PROGRAMMED;
	}
	if (IS_ENABLED(CONFIG_ARM_ARCH_TIMER))
		clock_event = arch_timer_probe(timer_event);
	if (!clock_event)
		pr_err("time: no timer interrupt: ktimers will not fire\n");
	WRITE_ONCE(counter_hz, clock_event ? clock_event->freq : counter_freq());
	time_init_cpu();
}

/* --- shell: `uptime` and `delay <ms>` ------------------------------------ */

static int cmd_uptime(int argc, char **argv)
{
	u64 now = time_now_ns();
	unsigned int cpu;

	(void)argv;
	if (argc != 1)
		return SHELL_ERR_USAGE;
	printk("up %llu.%03llu s (%llu ns)\n", (unsigned long long)(now / NSEC_PER_SEC),
	       (unsigned long long)(now % NSEC_PER_SEC / NSEC_PER_MSEC), (unsigned long long)now);
	if (!clock_event)
		return 0;
	printk("%s, %llu Hz; per CPU: timer interrupts / ktimers fired\n", clock_event->name,
	       (unsigned long long)clock_event->freq);
	for (cpu = 0; cpu < platform.nr_cpus; cpu++)
		printk("  CPU%u: %llu / %llu\n", cpu,
		       (unsigned long long)irq_count(clock_event->irq, cpu),
		       (unsigned long long)READ_ONCE(timer_bases[cpu].fired));
	return 0;
}
SHELL_COMMAND(uptime, "uptime", "time since the counter started; timer interrupts per CPU",
	      cmd_uptime);

static void delay_done(struct ktimer *t)
{
	(void)t;
}

/*
 * Wait for a ktimer in WFI. IRQs are masked around the check and the WFI
 * (which still wakes on a pending interrupt), so the interrupt cannot slip
 * in between them and leave the CPU asleep with nothing else to wake it.
 */
static int cmd_delay(int argc, char **argv)
{
	struct ktimer t;
	unsigned long ms;
	u64 start, elapsed;
	char *end;

	if (argc != 2)
		return SHELL_ERR_USAGE;
	ms = strtoul(argv[1], &end, 0);
	if (end == argv[1] || *end || ms > DELAY_MAX_MS)
		return SHELL_ERR_USAGE;
	if (!clock_event || irqs_disabled()) {
		printk("delay: no timer interrupt\n");
		return SHELL_ERR_FAILED;
	}
	ktimer_init(&t, delay_done);
	start = time_now_ns();
	ktimer_start(&t, start + ms * NSEC_PER_MSEC);
	for (;;) {
		unsigned long flags = local_irq_save();
		bool pending = ktimer_pending(&t);

		if (pending)
			wfi();
		local_irq_restore(flags); /* the timer interrupt is taken here */
		if (!pending)
			break;
	}
	elapsed = time_now_ns() - start;
	printk("delay: %lu ms requested, %llu ns elapsed\n", ms, (unsigned long long)elapsed);
	return 0;
}
SHELL_COMMAND(delay, "delay <ms>", "sleep in WFI until a kernel timer fires; print the time taken",
	      cmd_delay);
