/*
 * TestOS: a tiny bare-metal arm64 guest.  It prints where it runs, checks
 * its DTB and a few CPU features, reports each check as
 * "TestOS: PASS <name>" or "TestOS: FAIL <name>: <why>", prints
 * "TestOS: done" and powers off with PSCI SYSTEM_OFF over HVC.
 * The contract is documented in docs/guest-images.md.
 */
#include "testos.h"

extern char _head[], _end[];

/* The link-time address of _head (an absolute relocation), to compare
 * with where we really run. */
static const uintptr_t linked_head = (uintptr_t)_head;

static int passed, failed;
static volatile uint64_t svc_seen_imm = ~0ULL;
static volatile int svc_count;
struct expected_dabt testos_dabt;
static volatile int in_fatal;

void check(const char *name, int ok, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		passed++;
		tprintf("TestOS: PASS %s", name);
	} else {
		failed++;
		tprintf("TestOS: FAIL %s", name);
	}
	if (fmt && *fmt) {
		uart_puts(ok ? " (" : ": ");
		va_start(ap, fmt);
		tvprintf(fmt, ap);
		va_end(ap);
		if (ok)
			uart_putc(')');
	}
	uart_putc('\n');
}

static unsigned current_el(void)
{
	return (read_sysreg(CurrentEL) >> 2) & 3;
}

/* PSCI over HVC (the guest contract).  Only when TestOS itself runs at EL2
 * (booted bare with virtualization=on) is the conduit SMC, since an HVC at
 * EL2 would trap to TestOS itself. */
uint64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	if (current_el() == 2)
		__asm__ volatile("smc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	else
		__asm__ volatile("hvc #0"
				 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
				 :
				 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13",
				   "x14", "x15", "x16", "x17", "memory");
	return x0;
}

void testos_poweroff(void)
{
	uint64_t r = psci_call(PSCI_SYSTEM_OFF, 0, 0, 0);

	tprintf("TestOS: FAIL PSCI SYSTEM_OFF returned %ld\n", (int64_t)r);
	for (;;)
		__asm__ volatile("wfi");
}

/* PSCI SYSTEM_RESET: under Avatar the VM starts again from its images; never returns. */
void testos_reset(void)
{
	tprintf("TestOS: PSCI SYSTEM_RESET\n");
	uint64_t r = psci_call(PSCI_SYSTEM_RESET, 0, 0, 0);

	tprintf("TestOS: FAIL PSCI SYSTEM_RESET returned %ld\n", (int64_t)r);
	testos_poweroff();
}

/*
 * "testos.reset[=MS]": a word in the middle of RAM (outside the image and
 * the DTB) must read zero, as the RAM of a VM started again after a reset
 * is new and zeroed; written before the reset, it would survive a restart
 * that reused the RAM without zeroing it (or did not reload at all). The
 * reset comes MS milliseconds (virtual counter) after the check.
 */
#define RESET_MARK	  0x7265736574746f73UL /* any non-zero pattern */
#define RESET_MARK_OFFSET 4096UL

static void __attribute__((noreturn))
reset_on_request(uint64_t mem_base, uint64_t mem_size, uint64_t ms)
{
	volatile uint64_t *mark =
		(volatile uint64_t *)(mem_base + mem_size / 2 + RESET_MARK_OFFSET);
	uint64_t end = read_sysreg(cntvct_el0) + ms * (read_sysreg(cntfrq_el0) / 1000);

	check("reset-ram-fresh", *mark == 0, "word at 0x%lx: 0x%lx", (uintptr_t)mark, *mark);
	*mark = RESET_MARK;
	tprintf("TestOS: reset on request in %lu ms (testos.reset)\n", ms);
	while (read_sysreg(cntvct_el0) < end)
		__asm__ volatile("isb" ::: "memory");
	testos_reset();
}

static const char *const vector_names[16] = {
	"sync (SP_EL0)",
	"irq (SP_EL0)",
	"fiq (SP_EL0)",
	"serror (SP_EL0)",
	"sync",
	"irq",
	"fiq",
	"serror",
	"sync (lower EL)",
	"irq (lower EL)",
	"fiq (lower EL)",
	"serror (lower EL)",
	"sync (lower EL32)",
	"irq (lower EL32)",
	"fiq (lower EL32)",
	"serror (lower EL32)",
};

void testos_exception(struct exception_frame *frame, uint64_t vector)
{
	uint64_t esr, far;

	if (current_el() == 2) {
		esr = read_sysreg(esr_el2);
		far = read_sysreg(far_el2);
	} else {
		esr = read_sysreg(esr_el1);
		far = read_sysreg(far_el1);
	}
	uint32_t ec = (esr >> 26) & 0x3f;

	/* The expected one: "svc #imm" from the svc self check.  ELR already
	 * points at the next instruction. */
	if (vector == 4 && ec == 0x15) {
		svc_seen_imm = esr & 0xffff;
		svc_count++;
		return;
	}

	/* A data abort at the current EL that a check asked for: step over the access. */
	if (vector == 4 && (ec == 0x25 || ec == 0x24) && testos_dabt.expected) {
		testos_dabt.esr = esr;
		testos_dabt.far = far;
		testos_dabt.expected = 0;
		frame->elr += 4;
		return;
	}

	/* IRQ at EL1 (SP_EL0 or SP_EL1): console mode's, the benchmark's, or the GIC driver of the interrupt checks. */
	if ((vector == 1 || vector == 5) &&
	    (console_handle_irq() || bench_handle_irq() || gic_handle_irq()))
		return;

	if (in_fatal) {
		/* Faulted while reporting or powering off: stop here. */
		for (;;)
			__asm__ volatile("wfi");
	}
	in_fatal = 1;
	tprintf("TestOS: FAIL unexpected exception: %s, ESR=0x%lx (EC=0x%x) "
		"ELR=0x%lx FAR=0x%lx SPSR=0x%lx\n",
		vector < 16 ? vector_names[vector] : "?", esr, ec, frame->elr, far, frame->spsr);
	tprintf("TestOS: done\n");
	testos_poweroff();
}

static void check_counter(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t t0, t1;

	__asm__ volatile("isb" ::: "memory");
	t0 = read_sysreg(cntvct_el0);
	for (int i = 0; i < 200000; i++) {
		__asm__ volatile("isb" ::: "memory");
		t1 = read_sysreg(cntvct_el0);
		if (t1 != t0)
			break;
	}
	if (freq == 0) {
		check("timer-counter", 0, "CNTFRQ_EL0 is 0");
		return;
	}
	check("timer-counter", t1 > t0, "CNTFRQ %lu Hz, CNTVCT 0x%lx -> 0x%lx", freq, t0, t1);
}

static void check_svc(void)
{
	__asm__ volatile("svc #0x42" ::: "memory");
	check("svc-exception", svc_count == 1 && svc_seen_imm == 0x42, "%d exception(s), imm 0x%lx",
	      svc_count, svc_seen_imm);
}

static void check_psci_version(void)
{
	uint64_t v = psci_call(PSCI_VERSION, 0, 0, 0);
	uint32_t major = (v >> 16) & 0x7fff, minor = v & 0xffff;
	int ok = !(v & 0x80000000U) && (major >= 1 || minor >= 2);

	check("psci-version", ok, "PSCI %u.%u", major, minor);
}

/* Find "key=0x..." in the command line; 1 and *val on success. */
static int cmdline_hex(const char *cmdline, const char *key, uint64_t *val)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; p && *p; p++) {
		if ((p != cmdline && p[-1] != ' ') || strncmp(p, key, klen) || p[klen] != '=')
			continue;
		p += klen + 1;
		if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
			p += 2;
		uint64_t v = 0;
		int digits = 0;
		for (;; p++, digits++) {
			char c = *p;
			if (c >= '0' && c <= '9')
				v = v * 16 + (uint64_t)(c - '0');
			else if (c >= 'a' && c <= 'f')
				v = v * 16 + (uint64_t)(c - 'a' + 10);
			else if (c >= 'A' && c <= 'F')
				v = v * 16 + (uint64_t)(c - 'A' + 10);
			else
				break;
		}
		if (!digits)
			return 0;
		*val = v;
		return 1;
	}
	return 0;
}

/* Is the word "key" in the command line? */
static int cmdline_has(const char *cmdline, const char *key)
{
	size_t klen = strlen(key);

	for (const char *p = cmdline; *p; p++)
		if ((p == cmdline || p[-1] == ' ') && !strncmp(p, key, klen) &&
		    (p[klen] == '\0' || p[klen] == ' '))
			return 1;
	return 0;
}

void testos_main(uintptr_t dtb)
{
	uintptr_t here;
	struct fdt_info fdt;

	__asm__("adr %0, _head" : "=r"(here));
	unsigned el = current_el();
	uint64_t mpidr = read_sysreg(mpidr_el1);

	tprintf("TestOS: hello from CPU%lu at EL%u\n", mpidr & 0xff, el);
	tprintf("TestOS: DTB at 0x%lx, image at 0x%lx-0x%lx\n", dtb, here,
		here + (uintptr_t)(_end - _head));

	check("el1", el == 1, "CurrentEL is EL%u", el);
	check("load-address", here == linked_head, "running at 0x%lx, linked at 0x%lx", here,
	      linked_head);

	fdt_scan(dtb, &fdt);
	if (fdt.valid)
		check("dtb-valid", 1, "FDT magic ok, version %u", fdt.version);
	else
		check("dtb-valid", 0, "%s", fdt.error);
	if (fdt.valid) {
		tprintf("TestOS: DTB %u bytes, %d CPU(s)\n", fdt.totalsize, fdt.ncpus);
		if (fdt.bootargs)
			tprintf("TestOS: bootargs \"%s\"\n", fdt.bootargs);
		int ok = fdt.have_memory && fdt.mem_size != 0 && here >= fdt.mem_base &&
			 (uint64_t)here - fdt.mem_base < fdt.mem_size;
		if (fdt.have_memory)
			check("dtb-memory", ok, "RAM 0x%lx-0x%lx (%lu MiB)", fdt.mem_base,
			      fdt.mem_base + fdt.mem_size, fdt.mem_size >> 20);
		else
			check("dtb-memory", 0, "no /memory node");
	}

	check_counter();
	check_svc();
	check_psci_version();

	/* "testos.bench[=N]" in bootargs: time the hypervisor's hot paths (bench.c), power off. */
	uint64_t bench_n;
	if (fdt.valid && fdt.bootargs && bench_requested(fdt.bootargs, &bench_n)) {
		if (hv_detect())
			bench_run(bench_n);
		else
			tprintf("TestOS: bench: not running under Avatar, nothing to time\n");
		testos_poweroff();
	}

	/* "testos.reset[=MS]" in bootargs: PSCI SYSTEM_RESET (the hypervisor restarts it). */
	uint64_t reset_ms;
	if (fdt.valid && fdt.have_memory && fdt.bootargs &&
	    cmdline_uint(fdt.bootargs, "testos.reset", 1, &reset_ms))
		reset_on_request(fdt.mem_base, fdt.mem_size, reset_ms);

	/* Under Avatar: hypercalls, PSCI/SMCCC values, MMIO containment, WFI. */
	if (hv_detect()) {
		hv_checks(fdt.valid && fdt.have_memory ? fdt.mem_base : 0x40000000UL,
			  fdt.valid && fdt.have_memory ? fdt.mem_size : 0,
			  fdt.valid ? fdt.gic_version : 0);
		state_check(fdt.valid ? fdt.bootargs : NULL);
	} else
		tprintf("TestOS: SKIP hypervisor checks (not running under Avatar)\n");

	/* "testos.fault=ADDR" in bootargs: read ADDR on purpose, to test how
	 * an access to nothing is reported (the exception handler prints a
	 * FAIL line with ESR/FAR, then "TestOS: done" and powers off). */
	uint64_t fault_addr;
	if (fdt.valid && fdt.bootargs && cmdline_hex(fdt.bootargs, "testos.fault", &fault_addr)) {
		tprintf("TestOS: reading 0x%lx on request (testos.fault)\n", fault_addr);
		uint32_t v = *(volatile uint32_t *)(uintptr_t)fault_addr;
		tprintf("TestOS: read 0x%lx = 0x%x without a fault\n", fault_addr, v);
	}

	tprintf("TestOS: %d passed, %d failed\n", passed, failed);
	tprintf("TestOS: done\n");
	/* "testos.console" in bootargs: commands typed at the UART (console.c), until poweroff. */
	if (fdt.valid && fdt.bootargs && cmdline_has(fdt.bootargs, "testos.console"))
		console_run(fdt.gic_version);
	/* "testos.hold" in bootargs: stay, waiting in WFI (to test stopping a running guest). */
	if (fdt.valid && fdt.bootargs && cmdline_has(fdt.bootargs, "testos.hold")) {
		tprintf("TestOS: holding in WFI (testos.hold)\n");
		for (;;)
			__asm__ volatile("wfi");
	}
	testos_poweroff();
}
