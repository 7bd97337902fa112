/*
 * TestOS checks of the Avatar hypervisor, run only when the vendor
 * hypervisor service answers with Avatar's UID (so TestOS still boots
 * bare on QEMU): the null hypercall, PSCI/SMCCC values, that an MMIO
 * access to nothing reads as zero without killing the guest, that an
 * access outside the guest's RAM is contained the same way, that the
 * emulated UART's registers read back what was written (through the
 * hypervisor's read-only register page, or trapped), and that WFI with
 * the virtual timer armed comes back once it is due.
 */
#include "io.h"
#include "testos.h"
#include "uart_regs.h"

struct smccc_res {
	uint64_t a0, a1, a2, a3;
};

static struct smccc_res hvc(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3)
{
	register uint64_t x0 __asm__("x0") = fn;
	register uint64_t x1 __asm__("x1") = a1;
	register uint64_t x2 __asm__("x2") = a2;
	register uint64_t x3 __asm__("x3") = a3;

	__asm__ volatile("hvc #0"
			 : "+r"(x0), "+r"(x1), "+r"(x2), "+r"(x3)
			 :
			 : "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", "x12", "x13", "x14",
			   "x15", "x16", "x17", "memory");
	return (struct smccc_res){x0, x1, x2, x3};
}

int hv_detect(void)
{
	uint64_t el;

	__asm__("mrs %0, CurrentEL" : "=r"(el));
	if (((el >> 2) & 3) != 1)
		return 0; /* at EL2 there is nobody to call */
	struct smccc_res r = hvc(AVATAR_HC_CALL_UID, 0, 0, 0);
	return r.a0 == AVATAR_UID_0 && r.a3 == AVATAR_UID_3;
}

static void check_null_call(void)
{
	const int n = 1000;
	uint64_t t0, t1;
	int ok = 1;

	__asm__ volatile("isb" ::: "memory");
	t0 = read_sysreg(cntvct_el0);
	for (int i = 0; i < n; i++)
		if (hvc(AVATAR_HC_NULL, 0, 0, 0).a0 != 0)
			ok = 0;
	__asm__ volatile("isb" ::: "memory");
	t1 = read_sysreg(cntvct_el0);
	check("hv-null-call", ok, "%d calls, %lu counter ticks each", n, (t1 - t0) / n);
}

static void check_psci_smccc(void)
{
	int64_t f_version = (int64_t)psci_call(PSCI_FEATURES, PSCI_VERSION, 0, 0);
	int64_t f_cpu_on = (int64_t)psci_call(PSCI_FEATURES, PSCI_CPU_ON_64, 0, 0);
	int64_t f_off = (int64_t)psci_call(PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0);
	int64_t f_bogus = (int64_t)psci_call(PSCI_FEATURES, 0x8400ffffU, 0, 0);
	int64_t bogus = (int64_t)psci_call(0x8400ffffU, 0, 0, 0);
	uint64_t smccc = psci_call(SMCCC_VERSION, 0, 0, 0);
	uint64_t ver = psci_call(PSCI_VERSION, 0, 0, 0);
	int64_t mig = (int64_t)psci_call(PSCI_MIGRATE_INFO_TYPE, 0, 0, 0);
	int64_t aff0 = (int64_t)psci_call(PSCI_AFFINITY_INFO, 0, 0, 0);
	int64_t aff9 = (int64_t)psci_call(PSCI_AFFINITY_INFO, 9, 0, 0);

	check("hv-psci-version", ver == 0x10001, "0x%lx (PSCI 1.1)", ver);
	check("hv-psci-features",
	      f_version == 0 && f_cpu_on == 0 && f_off == 0 && f_bogus == SMCCC_NOT_SUPPORTED,
	      "VERSION %ld, CPU_ON %ld, SYSTEM_OFF %ld, unknown %ld", f_version, f_cpu_on, f_off,
	      f_bogus);
	check("hv-smccc", smccc == 0x10001 && bogus == SMCCC_NOT_SUPPORTED,
	      "SMCCC_VERSION 0x%lx, unknown function %ld", smccc, bogus);
	check("hv-psci-info", mig == 2 && aff0 == 0 && aff9 == -2,
	      "MIGRATE_INFO_TYPE %ld, AFFINITY_INFO(0) %ld, AFFINITY_INFO(9) %ld", mig, aff0, aff9);
}

/* Read and write addr; the hypervisor answers read-as-zero / write-ignored. */
static void check_raz_wi(const char *name, uintptr_t addr)
{
	volatile uint32_t *p = (volatile uint32_t *)addr;
	uint32_t before, after;

	before = *p;
	*p = 0xdeadbeef;
	after = *p;
	check(name, before == 0 && after == 0, "0x%lx reads 0x%x, 0x%x after a write", addr, before,
	      after);
}

/*
 * A load pair from a device address has no instruction syndrome
 * (ESR_EL2.ISV = 0), so the hypervisor cannot emulate it; it must answer
 * as a bus would, with a synchronous external abort (DFSC 0x10) on the
 * address, and the guest goes on. Once from the unmapped 0x0a000000,
 * once as a store pair to the UART's read-only register page.
 */
static void check_nisv_abort(void)
{
	uintptr_t nothing = 0x0a000000UL, uart = TESTOS_UART_BASE + UART_IMSC;
	uint64_t a = 0, b = 0, esr1, far1, esr2, far2;

	testos_dabt.expected = 1;
	__asm__ volatile("ldp %0, %1, [%2]" : "+r"(a), "+r"(b) : "r"(nothing) : "memory");
	esr1 = testos_dabt.esr;
	far1 = testos_dabt.far;
	int taken1 = !testos_dabt.expected;

	a = b = UART_INT_RX | UART_INT_RT; /* seen in UARTIMSC if the store were done */
	testos_dabt.expected = 1;
	testos_dabt.esr = 0;
	__asm__ volatile("stp %0, %1, [%2]" : : "r"(a), "r"(b), "r"(uart) : "memory");
	esr2 = testos_dabt.esr;
	far2 = testos_dabt.far;
	int taken2 = !testos_dabt.expected;

	testos_dabt.expected = 0;
	check("hv-nisv-abort",
	      taken1 && (esr1 & 0x3f) == 0x10 && !(esr1 & (1U << 6)) && far1 == nothing && taken2 &&
		      (esr2 & 0x3f) == 0x10 && (esr2 & (1U << 6)) && far2 == uart &&
		      readl(uart) == 0,
	      "ldp: %s ESR 0x%lx FAR 0x%lx; stp: %s ESR 0x%lx FAR 0x%lx", taken1 ? "abort" : "none",
	      esr1, far1, taken2 ? "abort" : "none", esr2, far2);
}

/*
 * The vPL011's registers after writes: with the register page the reads
 * are loads from a page the hypervisor updates after each emulated write
 * (UARTIMSC in the full path, UARTCR in the exit fast path), so a stale
 * page shows here. The interrupt masks chosen raise nothing (no input
 * waits: RX and RT are low) and everything is put back.
 */
static void check_uart_regs(void)
{
	uintptr_t u = TESTOS_UART_BASE;
	uint32_t imsc0 = readl(u + UART_IMSC), cr0 = readl(u + UART_CR);
	uint32_t imsc, mis, cr, fr, id;

	writel(UART_INT_RX | UART_INT_RT, u + UART_IMSC);
	imsc = readl(u + UART_IMSC);
	mis = readl(u + UART_MIS);
	writel(cr0 ^ UART_CR_LBE, u + UART_CR);
	cr = readl(u + UART_CR);
	fr = readl(u + UART_FR);
	id = readl(u + UART_PERIPHID0);
	writel(cr0, u + UART_CR);
	writel(imsc0, u + UART_IMSC);
	check("hv-uart-regs",
	      imsc == (UART_INT_RX | UART_INT_RT) && mis == 0 && cr == (cr0 ^ UART_CR_LBE) &&
		      (fr & UART_FR_TXFE) && (fr & UART_FR_RXFE) && id == PL011_PERIPHID0 &&
		      readl(u + UART_CR) == cr0 && readl(u + UART_IMSC) == imsc0,
	      "IMSC 0x%x MIS 0x%x CR 0x%x (was 0x%x) FR 0x%x PeriphID0 0x%x", imsc, mis, cr, cr0,
	      fr, id);
}

static void check_wfi_timer(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t now = read_sysreg(cntvct_el0);
	uint64_t cval = now + freq / 500; /* 2 ms */
	uint64_t after;

	/* Enabled and unmasked at the timer; PSTATE.I masks it: WFI still wakes. */
	__asm__ volatile("msr cntv_cval_el0, %0\n\tmsr cntv_ctl_el0, %1\n\tisb" ::"r"(cval),
			 "r"(1UL)
			 : "memory");
	do {
		__asm__ volatile("wfi" ::: "memory");
		__asm__ volatile("isb" ::: "memory");
		after = read_sysreg(cntvct_el0);
	} while (after < cval && after - now < freq); /* at most 1 s of spurious wake-ups */
	__asm__ volatile("msr cntv_ctl_el0, xzr\n\tisb" ::: "memory");
	check("hv-wfi-timer", after >= cval, "WFI returned %lu ticks after arming, due after %lu",
	      after - now, cval - now);
}

#define RAM_ZERO_SIZE 0x40000UL /* 256 KiB in the middle of RAM: no image, stack or DTB there */

/*
 * Guest RAM starts zeroed: the hypervisor zeroes it (DC ZVA) and cleans
 * it to the point of coherency, and TestOS runs with its MMU off, so these
 * reads see memory, not a cache. Then the area is dirtied: a guest given
 * the same pages next (TestOS started again reuses them) would find this
 * pattern if the zeroing went.
 */
static void check_ram_zero(uint64_t mem_base, uint64_t mem_size)
{
	volatile uint64_t *p = (volatile uint64_t *)(uintptr_t)(mem_base + mem_size / 2);
	unsigned long nonzero = 0;

	for (unsigned long i = 0; i < RAM_ZERO_SIZE / 8; i++) {
		if (p[i])
			nonzero++;
		p[i] = 0x5a5a5a5a5a5a5a5aUL ^ i;
	}
	check("hv-ram-zero", nonzero == 0, "%lu of %lu words at 0x%lx not zero", nonzero,
	      RAM_ZERO_SIZE / 8, (uint64_t)(uintptr_t)p);
}

void hv_checks(uint64_t mem_base, uint64_t mem_size, int gic_version)
{
	tprintf("TestOS: running under Avatar\n");
	check_null_call();
	check_psci_smccc();
	/* 0x0a000000: virtio-mmio on QEMU virt, nothing in an Avatar guest. */
	check_raz_wi("hv-mmio-unmapped", 0x0a000000UL);
	/* 1 MiB past the end of RAM. */
	if (mem_size) {
		check_raz_wi("hv-outside-ram", (uintptr_t)(mem_base + mem_size + 0x100000));
		check_ram_zero(mem_base, mem_size);
	} else {
		check("hv-outside-ram", 0, "no /memory in the DTB");
	}
	check_uart_regs();
	check_nisv_abort();
	check_wfi_timer();
	gic_checks(gic_version);
}
