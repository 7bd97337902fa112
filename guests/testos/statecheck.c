/*
 * hv-state-kept: the guest's FP/SIMD and EL1 thread registers survive
 * exits of every kind. The hypervisor keeps them in the CPU across exits
 * and saves them only when the vCPU thread is switched out (lazy
 * switching, docs/hypervisor.md), so this fills q0-q31, TPIDR_EL0,
 * TPIDRRO_EL0, TPIDR_EL1 and CONTEXTIDR_EL1 with values of its own, then
 * makes fast-path hypercalls, emulated reads and WFIs that block its
 * vCPU thread (so another guest pinned to the same CPU runs meanwhile:
 * tests/qemu/test_hv_testos.py starts two, the first with
 * "testos.state_rounds=N" in its bootargs so that its check lasts while
 * the second runs all of its own), and checks every value after each
 * round of about 1 ms.
 */
#include "testos.h"
#include "uart_regs.h"

#define STATE_ROUNDS	40	    /* by default; "testos.state_rounds=N" */
#define CPACR_FPEN_ON	(3UL << 20) /* FP/SIMD not trapped at EL1 or EL0 */
#define STATE_CALLS	16
#define STATE_UARTFR	(TESTOS_UART_BASE + UART_FR)
#define STATE_NULL_CALL 0x86000000UL /* AVATAR_HC_NULL */
#define CNTV_CTL_ENABLE 1UL
#define CONTEXTIDR_MASK 0xffffffffUL

#define write_sysreg(v, r) __asm__ volatile("msr " #r ", %0" ::"r"((uint64_t)(v)) : "memory")

/* q<n> = {seed + 2n, seed + 2n + 1} (low and high halves); x9 is scratch. */
#define FP_FILL(n)                      \
	"add x9, %0, #(" #n " * 2)\n\t" \
	"fmov d" #n ", x9\n\t"          \
	"add x9, x9, #1\n\t"            \
	"mov v" #n ".d[1], x9\n\t"
/* Count the halves of q<n> that differ from FP_FILL's values into %0. */
#define FP_CHECK(n)                      \
	"fmov x9, d" #n "\n\t"           \
	"add x10, %1, #(" #n " * 2)\n\t" \
	"cmp x9, x10\n\t"                \
	"cinc %0, %0, ne\n\t"            \
	"mov x9, v" #n ".d[1]\n\t"       \
	"add x10, x10, #1\n\t"           \
	"cmp x9, x10\n\t"                \
	"cinc %0, %0, ne\n\t"
#define FP_ALL(op)                                                                              \
	op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11) op(12) op(13) \
		op(14) op(15) op(16) op(17) op(18) op(19) op(20) op(21) op(22) op(23) op(24)    \
			op(25) op(26) op(27) op(28) op(29) op(30) op(31)

/*
 * TestOS is built with -mgeneral-regs-only: the compiler never uses these
 * registers, so only this asm does, and nothing needs to be declared.
 */
static void fp_fill(uint64_t seed)
{
	__asm__ volatile(FP_ALL(FP_FILL) : : "r"(seed) : "x9", "memory");
}

static uint64_t fp_bad(uint64_t seed)
{
	uint64_t bad = 0;

	__asm__ volatile(FP_ALL(FP_CHECK) : "+r"(bad) : "r"(seed) : "x9", "x10", "cc");
	return bad;
}

static void sys_fill(uint64_t seed)
{
	write_sysreg(seed ^ 0x1111, tpidr_el0);
	write_sysreg(seed ^ 0x2222, tpidrro_el0);
	write_sysreg(seed ^ 0x3333, tpidr_el1);
	write_sysreg((seed ^ 0x4444) & CONTEXTIDR_MASK, contextidr_el1);
	__asm__ volatile("isb" ::: "memory");
}

static int sys_bad(uint64_t seed)
{
	return (read_sysreg(tpidr_el0) != (seed ^ 0x1111)) +
	       (read_sysreg(tpidrro_el0) != (seed ^ 0x2222)) +
	       (read_sysreg(tpidr_el1) != (seed ^ 0x3333)) +
	       (read_sysreg(contextidr_el1) != ((seed ^ 0x4444) & CONTEXTIDR_MASK));
}

static void null_call(void)
{
	register uint64_t x0 __asm__("x0") = STATE_NULL_CALL;

	__asm__ volatile("hvc #0" : "+r"(x0) : : "x1", "x2", "x3", "memory");
}

/* WFI with the virtual timer due in 1 ms (PSTATE.I masked: it only wakes): the thread blocks. */
static void wfi_1ms(void)
{
	uint64_t freq = read_sysreg(cntfrq_el0);
	uint64_t cval = read_sysreg(cntvct_el0) + freq / 1000;

	write_sysreg(cval, cntv_cval_el0);
	write_sysreg(CNTV_CTL_ENABLE, cntv_ctl_el0);
	__asm__ volatile("isb" ::: "memory");
	while (read_sysreg(cntvct_el0) < cval)
		__asm__ volatile("wfi" ::: "memory");
	write_sysreg(0, cntv_ctl_el0);
	__asm__ volatile("isb" ::: "memory");
}

void state_check(const char *bootargs)
{
	/* The physical count: differs between two guests started one after the other. */
	uint64_t seed = read_sysreg(cntpct_el0) << 8;
	uint64_t fp = 0;
	uint64_t rounds = STATE_ROUNDS;
	int sys = 0;
	uint64_t round;

	if (bootargs)
		cmdline_uint(bootargs, "testos.state_rounds", 0, &rounds);
	tprintf("TestOS: state check: %lu rounds\n", rounds);
	write_sysreg(read_sysreg(cpacr_el1) | CPACR_FPEN_ON, cpacr_el1);
	__asm__ volatile("isb" ::: "memory");
	fp_fill(seed);
	sys_fill(seed);
	for (round = 0; round < rounds && !fp && !sys; round++) {
		for (int i = 0; i < STATE_CALLS; i++) {
			null_call();
			(void)*(volatile uint32_t *)STATE_UARTFR;
		}
		wfi_1ms();
		fp = fp_bad(seed);
		sys = sys_bad(seed);
	}
	check("hv-state-kept", !fp && !sys,
	      "%lu rounds of hypercalls, emulated reads and blocking WFIs: %lu FP/SIMD halves and "
	      "%d EL1/EL0 registers changed",
	      round, fp, sys);
}
