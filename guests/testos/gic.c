/*
 * TestOS's GIC drivers and the interrupt checks run under Avatar: the
 * guest side of the vGIC, for the GIC version the DTB names. GICv3:
 * distributor at 0x08000000, vCPU 0's redistributor at 0x080a0000, the
 * CPU interface through the ICC_* system registers, which the hypervisor
 * backs with the virtual interface. GICv2: distributor at 0x08000000
 * (banked SGI/PPI words), the memory-mapped CPU interface GICC at
 * 0x08010000 (the hardware's GICV, mapped by the hypervisor), SGIs
 * through GICD_SGIR with the source CPU in GICC_IAR. Checks:
 *   hv-gic           GICv3: the distributor says GICv3, the redistributor is the
 *                    last, wakes; GICv2: ArchRev 2, one CPU, the CPU interface
 *                    answers (GICC_IIDR, GICC_PMR keeps 5 bits)
 *   hv-sgi-pendsgir  GICv2: an SGI made pending from CPU 0 through GICD_SPENDSGIR reads
 *                    back there, GICD_CPENDSGIR clears it, set again it is taken once
 *   hv-gicd-bad-write  writes the distributor refuses (read-only register, a byte
 *                    to a word register, no register there) change nothing
 *   hv-vtimer-irq    CNTV armed for 2 ms, WFI: PPI 27 is taken once, after CVAL
 *   hv-vtimer-busy   the same while spinning: the interrupt comes without a WFI exit
 *   hv-sgi-self      ICC_SGI1R_EL1 (GICv2: GICD_SGIR with a target list) to
 *                    ourselves: the SGI is taken once (GICv2: from CPU 0)
 *   hv-sgi-many      16 SGIs made pending with IRQs masked (more than the list
 *                    registers): all are taken, highest priority first
 *   hv-vtimer-100    the handler re-arms the timer 100 times: 100 interrupts, none lost
 */
#include "gic_regs.h"
#include "io.h"
#include "testos.h"

#define SGI_TEST 1
#define NR_SGIS	 16

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
static volatile int timer_irqs, sgi_irqs, spurious, other_irqs, sgi_bad_source;
static int gic_v2;		 /* the DTB names a GICv2 */
static volatile int timer_rearm; /* re-arm this many more times */
static volatile uint64_t timer_fired_at, timer_period;
static volatile int sgi_order[NR_SGIS];

static void timer_arm(uint64_t cval)
{
	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	isb();
}

/* Acknowledge: the INTID, and in *iar what end_of_irq() takes back. */
static uint32_t ack_irq(uint64_t *iar)
{
	if (gic_v2) {
		*iar = readl(GICC_BASE + GICC_IAR);
		/* We are vCPU 0: an SGI's source CPU must be 0 (GICD_SGIR from ourselves). */
		if ((*iar & GICC_IAR_INTID) < NR_SGIS &&
		    (*iar >> GICC_IAR_CPUID_SHIFT & GICC_IAR_CPUID_MASK) != 0)
			sgi_bad_source++;
		return *iar & GICC_IAR_INTID;
	}
	*iar = read_sysreg(icc_iar1_el1);
	return *iar & 0xffffff;
}

static void end_of_irq(uint64_t iar)
{
	if (gic_v2) {
		writel((uint32_t)iar, GICC_BASE + GICC_EOIR);
		return;
	}
	write_sysreg(iar, icc_eoir1_el1);
	isb();
}

int gic_handle_irq(void)
{
	uint64_t iar;
	uint32_t intid = ack_irq(&iar);

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
	end_of_irq(iar);
	return 1;
}

static void set_priority(unsigned int intid, uint8_t prio)
{
	if (gic_v2)
		writeb(prio, GICD_BASE + GICD_IPRIORITYR + intid);
	else
		writeb(prio, GICR_SGI_BASE + GICR_IPRIORITYR + intid);
}

/* GICv2: by target list (CPU 0, us) or by the "this CPU" filter; both must work. */
static int sgi_by_list;

static void send_sgi_self(unsigned int intid)
{
	uint64_t aff0 = read_sysreg(mpidr_el1) & 0xff;

	if (gic_v2) {
		writel(sgi_by_list ? GICD_SGIR_LIST | 1U << (GICD_SGIR_TARGETS_SHIFT + aff0) | intid
				   : GICD_SGIR_SELF | intid,
		       GICD_BASE + GICD_SGIR);
		return;
	}
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

static int gic_v2_init(void)
{
	uint32_t pidr2 = readl(GICD_BASE + GICD_PIDR2_V2);
	uint32_t typer = readl(GICD_BASE + GICD_TYPER);
	uint32_t iidr, pmr;

	/* No Security Extensions: everything stays Group 0, signalled as IRQ. */
	writel(GICD_CTLR_ENABLE_GRP0, GICD_BASE + GICD_CTLR);
	writel(~0U, GICD_BASE + GICD_ICENABLER0);
	writel(~0U, GICD_BASE + GICD_ICPENDR0);
	for (unsigned int i = 0; i < 32; i++)
		set_priority(i, 0x80);
	writel(0xff, GICC_BASE + GICC_PMR);
	pmr = readl(GICC_BASE + GICC_PMR);
	iidr = readl(GICC_BASE + GICC_IIDR);
	writel(0, GICC_BASE + GICC_BPR);
	writel(GICC_CTLR_ENABLE_GRP0, GICC_BASE + GICC_CTLR);
	writel(1U << INTID_VTIMER | 0xffffU, GICD_BASE + GICD_ISENABLER0);

	/* A virtual CPU interface keeps 5 priority bits: PMR 0xff reads 0xf8. */
	int ok = ((pidr2 >> 4) & 0xf) == 2 && ((typer >> 5) & 7) == 0 && (typer & 0x1f) >= 1 &&
		 iidr != 0 && pmr == 0xf8 &&
		 readl(GICD_BASE + GICD_ISENABLER0) == (1U << INTID_VTIMER | 0xffffU);
	check("hv-gic", ok,
	      "GICv2: GICD_PIDR2 0x%x, GICD_TYPER 0x%x, GICC_IIDR 0x%x, GICC_PMR 0x%x", pidr2,
	      typer, iidr, pmr);
	return ok;
}

static int gic_v3_init(void)
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
	check("hv-gic", ok, "GICv3: GICD_PIDR2 0x%x, GICD_TYPER 0x%x, GICR_TYPER 0x%lx", pidr2,
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
	sgi_by_list = 1;
	send_sgi_self(SGI_TEST);
	sgi_by_list = 0;
	wait_for(&sgi_irqs, 1, 500);
	wait_none(&sgi_irqs, 1, 5);
	check("hv-sgi-self", sgi_irqs == 1 && sgi_order[0] == SGI_TEST && !sgi_bad_source,
	      "%d SGI(s), INTID %d, %d with a wrong source CPU", sgi_irqs, sgi_order[0],
	      sgi_bad_source);
}

/* GICv2: SGI pending state per source, set and cleared by CPU-interface byte. */
static void check_sgi_pendsgir(void)
{
	const unsigned int sgi = 2, word = sgi & ~3U, shift = (sgi % 4) * 8;
	uint32_t set, cleared;

	sgi_irqs = 0;
	writeb(1, GICD_BASE + GICD_SPENDSGIR + sgi); /* from CPU 0; IRQs are masked */
	set = readl(GICD_BASE + GICD_SPENDSGIR + word) >> shift & 0xff;
	writeb(1, GICD_BASE + GICD_CPENDSGIR + sgi);
	cleared = readl(GICD_BASE + GICD_SPENDSGIR + word) >> shift & 0xff;
	writeb(1, GICD_BASE + GICD_SPENDSGIR + sgi);
	wait_for(&sgi_irqs, 1, 500);
	wait_none(&sgi_irqs, 1, 5);
	check("hv-sgi-pendsgir",
	      set == 1 && cleared == 0 && sgi_irqs == 1 && sgi_order[0] == (int)sgi &&
		      !sgi_bad_source,
	      "SPENDSGIR reads 0x%x, 0x%x after CPENDSGIR; %d SGI(s), INTID %d", set, cleared,
	      sgi_irqs, sgi_order[0]);
}

/*
 * Distributor writes the vGIC must refuse, each read back unchanged: a
 * read-only register, a byte store to a word-only register, an offset
 * with no register. The guest goes on (the checks after this one run).
 */
static void check_gicd_bad_write(void)
{
	uint32_t typer = readl(GICD_BASE + GICD_TYPER);
	uint32_t en1 = readl(GICD_BASE + GICD_ISENABLER1);

	writel(~typer, GICD_BASE + GICD_TYPER);
	writeb(0xff, GICD_BASE + GICD_ISENABLER1);
	writel(0xdeadbeef, GICD_BASE + GICD_RESERVED);
	uint32_t typer2 = readl(GICD_BASE + GICD_TYPER);
	uint32_t en2 = readl(GICD_BASE + GICD_ISENABLER1);
	uint32_t res = readl(GICD_BASE + GICD_RESERVED);
	check("hv-gicd-bad-write", typer2 == typer && en2 == en1 && res == 0,
	      "GICD_TYPER 0x%x -> 0x%x, GICD_ISENABLER1 0x%x -> 0x%x, reserved reads 0x%x", typer,
	      typer2, en1, en2, res);
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

void gic_checks(int gic_version)
{
	if (gic_version != 2 && gic_version != 3) {
		check("hv-gic", 0, "the DTB names no GICv2 or GICv3 interrupt controller");
		return;
	}
	gic_v2 = gic_version == 2;
	if (!(gic_v2 ? gic_v2_init() : gic_v3_init()))
		return;
	check_gicd_bad_write();
	check_vtimer_irq();
	check_vtimer_busy();
	check_sgi_self();
	if (gic_v2)
		check_sgi_pendsgir();
	check_sgi_many();
	check_vtimer_many();
	check("hv-irq-other", other_irqs == 0, "%d unexpected interrupt(s)", other_irqs);
}
