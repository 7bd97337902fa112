/*
 * TestOS's GICv3 driver and the interrupt checks run under Avatar: the
 * guest side of the vGIC (distributor at 0x08000000, vCPU 0's
 * redistributor at 0x080a0000, the CPU interface through the ICC_*
 * system registers, which the hypervisor backs with the virtual
 * interface). Checks:
 *   hv-gic           the distributor says GICv3, the redistributor is the last, wakes
 *   hv-vtimer-irq    CNTV armed for 2 ms, WFI: PPI 27 is taken once, after CVAL
 *   hv-vtimer-busy   the same while spinning: the interrupt comes without a WFI exit
 *   hv-sgi-self      ICC_SGI1R_EL1 to ourselves: the SGI is taken once
 *   hv-sgi-many      16 SGIs made pending with IRQs masked (more than the list
 *                    registers): all are taken, highest priority first
 *   hv-vtimer-100    the handler re-arms the timer 100 times: 100 interrupts, none lost
 */
#include "testos.h"

#define GICD_BASE     0x08000000UL
#define GICR_BASE     0x080a0000UL /* vCPU 0: RD_base */
#define GICR_SGI_BASE (GICR_BASE + 0x10000)

#define GICD_CTLR	0x0000
#define GICD_TYPER	0x0004
#define GICD_PIDR2	0xffe8
#define GICR_TYPER	0x0008
#define GICR_WAKER	0x0014
#define GICR_IGROUPR0	0x0080
#define GICR_ISENABLER0 0x0100
#define GICR_ICENABLER0 0x0180
#define GICR_ICPENDR0	0x0280
#define GICR_IPRIORITYR 0x0400

#define GICD_CTLR_ENABLE_GRP1	   (1U << 1)
#define GICD_CTLR_ARE		   (1U << 4)
#define GICR_TYPER_LAST		   (1U << 4)
#define GICR_WAKER_PROCESSOR_SLEEP (1U << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1U << 2)

#define INTID_VTIMER   27
#define INTID_SPURIOUS 1023
#define SGI_TEST       1
#define NR_SGIS	       16

#define CNTV_CTL_ENABLE	 1UL
#define CNTV_CTL_ISTATUS 4UL

#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")
#define isb()		   __asm__ volatile("isb" ::: "memory")
#define irqs_on()	   __asm__ volatile("msr daifclr, #2" ::: "memory")
#define irqs_off()	   __asm__ volatile("msr daifset, #2" ::: "memory")

/*
 * MMIO through single plain loads and stores: the hypervisor emulates an
 * access from its syndrome, which a store with writeback or a pair has not.
 */
static uint32_t readl(uintptr_t a)
{
	uint32_t v;

	__asm__ volatile("ldr %w0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static uint64_t readq(uintptr_t a)
{
	uint64_t v;

	__asm__ volatile("ldr %0, [%1]" : "=r"(v) : "r"(a) : "memory");
	return v;
}

static void writel(uint32_t v, uintptr_t a)
{
	__asm__ volatile("str %w0, [%1]" ::"r"(v), "r"(a) : "memory");
}

static void writeb(uint8_t v, uintptr_t a)
{
	__asm__ volatile("strb %w0, [%1]" ::"r"(v), "r"(a) : "memory");
}

static volatile int timer_irqs, sgi_irqs, spurious, other_irqs;
static volatile int timer_rearm; /* re-arm this many more times */
static volatile uint64_t timer_fired_at, timer_period;
static volatile int sgi_order[NR_SGIS];

static void timer_arm(uint64_t cval)
{
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

int gic_handle_irq(void)
{
	uint64_t iar = read_sysreg(icc_iar1_el1);
	uint32_t intid = iar & 0xffffff;

	if (intid == INTID_SPURIOUS) {
		spurious++;
		return 1;
	}
	if (intid == INTID_VTIMER) {
		if (!(read_sysreg(cntv_ctl_el0) & CNTV_CTL_ISTATUS))
			spurious++; /* the condition must hold when its interrupt is taken */
		timer_fired_at = read_sysreg(cntvct_el0);
		timer_irqs++;
		if (timer_rearm > 0) {
			timer_rearm--;
			timer_arm(read_sysreg(cntv_cval_el0) + timer_period);
		} else {
			write_sysreg(0, cntv_ctl_el0);
		}
	} else if (intid < NR_SGIS) {
		if (sgi_irqs < NR_SGIS)
			sgi_order[sgi_irqs] = (int)intid;
		sgi_irqs++;
	} else {
		other_irqs++;
	}
	write_sysreg(iar, icc_eoir1_el1);
	isb();
	return 1;
}

static void set_priority(unsigned int intid, uint8_t prio)
{
	writeb(prio, GICR_SGI_BASE + GICR_IPRIORITYR + intid);
}

static void send_sgi_self(unsigned int intid)
{
	uint64_t aff0 = read_sysreg(mpidr_el1) & 0xff;

	write_sysreg((uint64_t)intid << 24 | 1UL << aff0, icc_sgi1r_el1);
	isb();
}

/*
 * With IRQs on, until *count reaches want or ms milliseconds pass: in WFI,
 * or spinning (when nothing else is due to wake a WFI up).
 */
static void wait_until(volatile int *count, int want, uint64_t ms, int wfi)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t t0 = read_sysreg(cntvct_el0);

	irqs_on();
	while (*count < want && read_sysreg(cntvct_el0) - t0 < freq * ms / 1000)
		if (wfi)
			__asm__ volatile("wfi" ::: "memory");
	irqs_off();
}

static void wait_for(volatile int *count, int want, uint64_t ms)
{
	wait_until(count, want, ms, 1);
}

/* Nothing more arrives within ms milliseconds (spinning: no WFI without a wake-up). */
static void wait_none(volatile int *count, int now, uint64_t ms)
{
	wait_until(count, now + 1, ms, 0);
}

static int gic_init(void)
{
	uint32_t pidr2 = readl(GICD_BASE + GICD_PIDR2);
	uint64_t typer = readq(GICR_BASE + GICR_TYPER);
	int spins = 0;

	writel(GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1, GICD_BASE + GICD_CTLR);
	writel(0, GICR_BASE + GICR_WAKER);
	while ((readl(GICR_BASE + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) && spins < 1000)
		spins++;
	writel(~0U, GICR_SGI_BASE + GICR_ICENABLER0);
	writel(~0U, GICR_SGI_BASE + GICR_ICPENDR0);
	writel(~0U, GICR_SGI_BASE + GICR_IGROUPR0);
	for (unsigned int i = 0; i < 32; i++)
		set_priority(i, 0x80);
	write_sysreg(read_sysreg(icc_sre_el1) | 1, icc_sre_el1);
	isb();
	write_sysreg(0xff, icc_pmr_el1);
	write_sysreg(0, icc_bpr1_el1);
	write_sysreg(1, icc_igrpen1_el1);
	isb();
	writel(1U << INTID_VTIMER | 0xffffU, GICR_SGI_BASE + GICR_ISENABLER0);

	int ok = ((pidr2 >> 4) & 0xf) == 3 && (typer & GICR_TYPER_LAST) && (typer >> 32) == 0 &&
		 spins < 1000 &&
		 readl(GICR_SGI_BASE + GICR_ISENABLER0) == (1U << INTID_VTIMER | 0xffffU);
	check("hv-gic", ok, "GICD_PIDR2 0x%x, GICD_TYPER 0x%x, GICR_TYPER 0x%lx", pidr2,
	      readl(GICD_BASE + GICD_TYPER), typer);
	return ok;
}

static void check_vtimer_irq(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t now = read_sysreg(cntvct_el0);
	uint64_t cval = now + freq / 500; /* 2 ms */

	timer_irqs = spurious = 0;
	timer_rearm = 0;
	timer_arm(cval);
	wait_for(&timer_irqs, 1, 1000);
	wait_none(&timer_irqs, 1, 5); /* and no second one */
	check("hv-vtimer-irq", timer_irqs == 1 && !spurious && timer_fired_at >= cval,
	      "%d interrupt(s), %d spurious, taken %lu ticks after CVAL", timer_irqs, spurious,
	      timer_fired_at - cval);
}

/* The same, spinning: the physical timer interrupt must take the guest out. */
static void check_vtimer_busy(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t cval = read_sysreg(cntvct_el0) + freq / 500; /* 2 ms */

	timer_irqs = spurious = 0;
	timer_rearm = 0;
	timer_arm(cval);
	wait_until(&timer_irqs, 1, 1000, 0);
	check("hv-vtimer-busy", timer_irqs == 1 && !spurious && timer_fired_at >= cval,
	      "%d interrupt(s) while spinning, taken %lu us after CVAL", timer_irqs,
	      (timer_fired_at - cval) * 1000000 / freq);
}

static void check_sgi_self(void)
{
	sgi_irqs = 0;
	send_sgi_self(SGI_TEST);
	wait_for(&sgi_irqs, 1, 500);
	wait_none(&sgi_irqs, 1, 5);
	check("hv-sgi-self", sgi_irqs == 1 && sgi_order[0] == SGI_TEST, "%d SGI(s), INTID %d",
	      sgi_irqs, sgi_order[0]);
}

static void check_sgi_many(void)
{
	int in_order = 1;

	sgi_irqs = 0;
	/* SGI n gets priority (15 - n) * 8: SGI 15 is the most urgent. */
	for (unsigned int i = 0; i < NR_SGIS; i++)
		set_priority(i, (uint8_t)((NR_SGIS - 1 - i) * 8));
	for (unsigned int i = 0; i < NR_SGIS; i++)
		send_sgi_self(i); /* IRQs are masked: all stay pending */
	/*
	 * Spinning, not in WFI (whose trap would refill the list registers
	 * anyway): only the maintenance interrupt brings the ones that did not
	 * fit, within the time limit.
	 */
	uint64_t t0 = read_sysreg(cntvct_el0);
	wait_until(&sgi_irqs, NR_SGIS, 2, 0);
	uint64_t us = (read_sysreg(cntvct_el0) - t0) * 1000000 / read_sysreg(cntfrq_el0);
	wait_none(&sgi_irqs, NR_SGIS, 5);
	for (int i = 0; i < NR_SGIS; i++)
		if (sgi_order[i] != NR_SGIS - 1 - i)
			in_order = 0;
	check("hv-sgi-many", sgi_irqs == NR_SGIS && in_order,
	      "%d of %d SGIs in %lu us, %s; first %d, last %d", sgi_irqs, NR_SGIS, us,
	      in_order ? "by priority" : "out of order", sgi_order[0], sgi_order[NR_SGIS - 1]);
	for (unsigned int i = 0; i < NR_SGIS; i++)
		set_priority(i, 0x80);
}

static void check_vtimer_many(void)
{
	const int n = 100;
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t t0 = read_sysreg(cntvct_el0);

	timer_irqs = spurious = 0;
	timer_period = freq / 1000; /* 1 ms */
	timer_rearm = n - 1;
	timer_arm(t0 + timer_period);
	wait_for(&timer_irqs, n, 5000);
	wait_none(&timer_irqs, n, 5);
	check("hv-vtimer-100",
	      timer_irqs == n && !spurious && timer_fired_at >= t0 + (uint64_t)n * timer_period,
	      "%d of %d interrupts, %d spurious, in %lu ms", timer_irqs, n, spurious,
	      (read_sysreg(cntvct_el0) - t0) * 1000 / freq);
	write_sysreg(0, cntv_ctl_el0);
}

void gic_checks(void)
{
	if (!gic_init())
		return;
	check_vtimer_irq();
	check_vtimer_busy();
	check_sgi_self();
	check_sgi_many();
	check_vtimer_many();
	check("hv-irq-other", other_irqs == 0, "%d unexpected interrupt(s)", other_irqs);
}
