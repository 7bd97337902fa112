/*
 * TestOS benchmark mode: "testos.bench" (or "testos.bench=N") in the
 * bootargs makes TestOS time the hypervisor's hot paths instead of
 * running its checks, print one line per case and power off
 * (scripts/bench-hv.py runs it under QEMU -icount shift=0, where one
 * nanosecond of the virtual counter is one executed instruction; see
 * docs/bench.md).
 *
 *   hvc-null     "hvc #0" with AVATAR_HC_NULL, back to the next instruction
 *   mmio-read    a 32-bit read of the emulated PL011's UARTFR (data abort,
 *                emulation, the result in the register, back)
 *   vtimer-irq   the virtual timer fires (CNTV_CTL enabled with CVAL in the
 *                past: the physical PPI 27 is raised at once and takes the
 *                guest out) until TestOS's IRQ handler runs: the exit, the
 *                injection, the entry and TestOS's own vector entry
 *   vtimer-eoi   the guest's EOI of that level interrupt, its timer off
 *                first: the interrupt is hardware-mapped (the list
 *                register's HW bit), so the EOI deactivates the physical
 *                PPI too and, the timer being off, nothing exits
 *   sgi-irq      ICC_SGI1R_EL1 to ourselves (a trapped system register write)
 *                until the handler runs
 *   sgi-eoi      the EOI of an SGI (edge: no exit expected)
 *
 * The counter ticks every 16 ns on QEMU, so hvc-null and mmio-read time a
 * loop of N operations and subtract the same loop without the operation.
 * The interrupt cases stamp each event with CNTVCT and subtract the cost
 * of back-to-back stamps; a delay of a varying length before each one
 * spreads the 16 ns rounding evenly, so it averages out. Each case runs
 * BENCH_RUNS times: the line gives the minimum and the median, in
 * nanoseconds per operation with one decimal.
 */
#include "gic_regs.h"
#include "io.h"
#include "testos.h"
#include "uart_regs.h"

#define BENCH_RUNS	    5
#define BENCH_DEFAULT_N	    1024 /* a multiple of 16, the dither's period */
#define BENCH_MAX_N	    1000000
#define BENCH_IRQ_SPINS	    1000000 /* give up on an interrupt that does not come */
#define BENCH_UARTFR	    (TESTOS_UART_BASE + UART_FR)
#define BENCH_UARTPERIPHID0 (TESTOS_UART_BASE + UART_PERIPHID0)

#define SGI_BENCH	1
#define CNTV_CTL_ENABLE 1UL

#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")

enum bench_irq_mode {
	BENCH_IRQ_OFF,
	BENCH_IRQ_VTIMER,
	BENCH_IRQ_SGI,
};

static volatile int irq_mode;
static volatile uint32_t irq_intid;
static volatile uint64_t irq_at, eoi_start, eoi_end;

/* The virtual counter, not read early (ISB). */
static inline uint64_t stamp(void)
{
	uint64_t v;

	__asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v) : : "memory");
	return v;
}

/*
 * A delay of about 3 * n instructions before a stamp: with n = i % 16 the
 * stamps fall at every offset from the counter's 16-instruction tick (3
 * is prime to 16), so the rounding averages out over 16 samples.
 */
static inline void dither(uint64_t n)
{
	__asm__ volatile("cbz %0, 2f\n1:\tnop\n\tsubs %0, %0, #1\n\tb.ne 1b\n2:"
			 : "+r"(n)
			 :
			 : "cc");
}

/* Timed loops: n hypercalls, n emulated reads, and the same loops without the operation. */
static uint64_t loop_hvc(uint64_t n)
{
	uint64_t t0 = stamp();

	__asm__ volatile("1:\tmov x0, %1\n\thvc #0\n\tsubs %0, %0, #1\n\tb.ne 1b"
			 : "+r"(n)
			 : "r"((uint64_t)AVATAR_HC_NULL)
			 : "x0", "x1", "x2", "x3", "cc", "memory");
	return stamp() - t0;
}

static uint64_t loop_hvc_empty(uint64_t n)
{
	uint64_t t0 = stamp();

	__asm__ volatile("1:\tmov x0, %1\n\tsubs %0, %0, #1\n\tb.ne 1b"
			 : "+r"(n)
			 : "r"((uint64_t)AVATAR_HC_NULL)
			 : "x0", "x1", "x2", "x3", "cc", "memory");
	return stamp() - t0;
}

static uint64_t loop_mmio(uint64_t n)
{
	uint64_t t0 = stamp();

	__asm__ volatile("1:\tldr w1, [%1]\n\tsubs %0, %0, #1\n\tb.ne 1b"
			 : "+r"(n)
			 : "r"(BENCH_UARTFR)
			 : "x1", "cc", "memory");
	return stamp() - t0;
}

static uint64_t loop_mmio_empty(uint64_t n)
{
	uint64_t t0 = stamp();

	__asm__ volatile("1:\tsubs %0, %0, #1\n\tb.ne 1b"
			 : "+r"(n)
			 : "r"(BENCH_UARTFR)
			 : "x1", "cc", "memory");
	return stamp() - t0;
}

/* Two stamps in a row, as the interrupt cases take them: what to subtract from each delta. */
static uint64_t stamp_pairs(uint64_t n)
{
	uint64_t sum = 0;

	for (uint64_t i = 0; i < n; i++) {
		dither(i & 15);
		uint64_t t0 = stamp();
		sum += stamp() - t0;
	}
	return sum;
}

int bench_handle_irq(void)
{
	uint64_t t, iar, e0, e1;

	if (irq_mode == BENCH_IRQ_OFF)
		return 0;
	t = stamp();
	iar = read_sysreg(icc_iar1_el1);
	if ((iar & 0xffffff) == INTID_VTIMER)
		write_sysreg(0, cntv_ctl_el0); /* the level source first, then the EOI */
	e0 = stamp();
	write_sysreg(iar, icc_eoir1_el1);
	e1 = stamp();
	irq_at = t;
	eoi_start = e0;
	eoi_end = e1;
	irq_intid = (uint32_t)(iar & 0xffffff);
	return 1;
}

static int bench_gic_init(void)
{
	int spins = 0;

	if (GICD_PIDR2_ARCHREV(readl(GICD_BASE + GICD_PIDR2)) != 3)
		return 0;
	writel(GICD_CTLR_ARE | GICD_CTLR_ENABLE_GRP1, GICD_BASE + GICD_CTLR);
	writel(0, GICR_BASE + GICR_WAKER);
	while ((readl(GICR_BASE + GICR_WAKER) & GICR_WAKER_CHILDREN_ASLEEP) && spins < 1000)
		spins++;
	writel(~0U, GICR_SGI_BASE + GICR_ICENABLER0);
	writel(~0U, GICR_SGI_BASE + GICR_ICPENDR0);
	writel(~0U, GICR_SGI_BASE + GICR_IGROUPR0);
	for (unsigned int i = 0; i < 32; i += 4)
		writel(0x80808080U, GICR_SGI_BASE + GICR_IPRIORITYR + i);
	write_sysreg(read_sysreg(icc_sre_el1) | 1, icc_sre_el1);
	__asm__ volatile("isb" ::: "memory");
	write_sysreg(0xff, icc_pmr_el1);
	write_sysreg(0, icc_bpr1_el1);
	write_sysreg(1, icc_igrpen1_el1);
	__asm__ volatile("isb" ::: "memory");
	writel(1U << INTID_VTIMER | 1U << SGI_BENCH, GICR_SGI_BASE + GICR_ISENABLER0);
	return spins < 1000;
}

/*
 * n interrupts of one kind: the sums of (trigger -> handler) and of the
 * EOI, in counter ticks. 0, or -1 if one did not come.
 */
static int irq_loop(int mode, uint64_t n, uint64_t *lat, uint64_t *eoi)
{
	uint64_t sgi = (uint64_t)SGI_BENCH << 24 | 1UL << (read_sysreg(mpidr_el1) & 0xff);
	uint32_t want = mode == BENCH_IRQ_VTIMER ? INTID_VTIMER : SGI_BENCH;
	int ret = 0;

	*lat = *eoi = 0;
	write_sysreg(0, cntv_cval_el0); /* in the past: enabling the timer fires it */
	irq_mode = mode;
	__asm__ volatile("msr daifclr, #2" ::: "memory");
	for (uint64_t i = 0; i < n && !ret; i++) {
		int spins = 0;
		uint64_t t0;

		irq_intid = INTID_SPURIOUS;
		dither(i & 15);
		t0 = stamp();
		if (mode == BENCH_IRQ_VTIMER)
			write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
		else
			write_sysreg(sgi, icc_sgi1r_el1);
		while (irq_intid != want && spins < BENCH_IRQ_SPINS)
			spins++;
		if (irq_intid != want)
			ret = -1;
		*lat += irq_at - t0;
		*eoi += eoi_end - eoi_start;
	}
	__asm__ volatile("msr daifset, #2" ::: "memory");
	irq_mode = BENCH_IRQ_OFF;
	write_sysreg(0, cntv_ctl_el0);
	return ret;
}

/* Ticks over n operations to tenths of a nanosecond per operation. */
static uint64_t tenths_ns(uint64_t ticks, uint64_t n, uint64_t freq)
{
	return ticks * 10000000000ULL / freq / n;
}

static void sort(uint64_t *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

static void report(const char *name, uint64_t *tenths, uint64_t n, const char *what)
{
	sort(tenths, BENCH_RUNS);
	tprintf("TestOS: bench %s %lu.%lu %lu.%lu ns/op (%d x %lu) %s\n", name, tenths[0] / 10,
		tenths[0] % 10, tenths[BENCH_RUNS / 2] / 10, tenths[BENCH_RUNS / 2] % 10,
		BENCH_RUNS, n, what);
}

/* a - b, or 0 if the subtraction would go below zero. */
static uint64_t sub0(uint64_t a, uint64_t b)
{
	return a > b ? a - b : 0;
}

static void bench_loops(uint64_t n, uint64_t freq)
{
	uint64_t hvc[BENCH_RUNS], mmio[BENCH_RUNS];

	for (int r = 0; r < BENCH_RUNS; r++) {
		hvc[r] = tenths_ns(sub0(loop_hvc(n), loop_hvc_empty(n)), n, freq);
		mmio[r] = tenths_ns(sub0(loop_mmio(n), loop_mmio_empty(n)), n, freq);
	}
	report("hvc-null", hvc, n, "hvc #0 AVATAR_HC_NULL, back");
	report("mmio-read", mmio, n, "32-bit read of the vPL011's UARTFR");
}

static void bench_irqs(uint64_t n, uint64_t freq)
{
	static const struct {
		int mode;
		const char *irq_name, *eoi_name, *irq_what, *eoi_what;
	} cases[] = {
		{BENCH_IRQ_VTIMER, "vtimer-irq", "vtimer-eoi",
		 "virtual timer fires -> guest IRQ handler (PPI 27)",
		 "EOI of the timer interrupt (HW-mapped: no exit)"},
		{BENCH_IRQ_SGI, "sgi-irq", "sgi-eoi", "ICC_SGI1R_EL1 to self -> guest IRQ handler",
		 "EOI of the SGI"},
	};

	if (!bench_gic_init()) {
		tprintf("TestOS: bench vtimer-irq n/a (no GICv3 found)\n");
		return;
	}
	for (unsigned int c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		uint64_t lat[BENCH_RUNS], eoi[BENCH_RUNS];

		for (int r = 0; r < BENCH_RUNS; r++) {
			uint64_t l, e, pair = stamp_pairs(n);

			if (irq_loop(cases[c].mode, n, &l, &e)) {
				tprintf("TestOS: bench %s n/a (interrupt %s did not come)\n",
					cases[c].irq_name, cases[c].irq_name);
				return;
			}
			lat[r] = tenths_ns(sub0(l, pair), n, freq);
			eoi[r] = tenths_ns(sub0(e, pair), n, freq);
		}
		report(cases[c].irq_name, lat, n, cases[c].irq_what);
		report(cases[c].eoi_name, eoi, n, cases[c].eoi_what);
	}
}

int bench_requested(const char *bootargs, uint64_t *n)
{
	if (!cmdline_uint(bootargs, "testos.bench", 1, n))
		return 0;
	if (*n == 0) /* bare "testos.bench" */
		*n = BENCH_DEFAULT_N;
	return 1;
}

/* What is timed must also be right: the null call returns 0, an emulated read its value. */
static int bench_sane(void)
{
	register uint64_t x0 __asm__("x0") = AVATAR_HC_NULL;
	uint32_t id;

	__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
	id = readl(BENCH_UARTPERIPHID0);
	if (x0 != 0 || id != PL011_PERIPHID0) {
		tprintf("TestOS: bench FAIL AVATAR_HC_NULL returned 0x%lx, UARTPeriphID0 read "
			"0x%x\n",
			x0, id);
		return 0;
	}
	return 1;
}

void bench_run(uint64_t n)
{
	uint64_t freq = read_sysreg(cntfrq_el0);

	if (n > BENCH_MAX_N || freq == 0) {
		tprintf("TestOS: bench: bad count %lu (1..%d) or CNTFRQ %lu\n", n, BENCH_MAX_N,
			freq);
		return;
	}
	tprintf("TestOS: bench: %d runs of %lu, counter %lu Hz\n", BENCH_RUNS, n, freq);
	if (!bench_sane())
		return;
	bench_loops(n, freq);
	bench_irqs(n, freq);
	tprintf("TestOS: bench done\n");
}
