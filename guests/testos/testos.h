/* TestOS: a tiny bare-metal arm64 test guest for Avatar. */
#ifndef TESTOS_H
#define TESTOS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

/* Fixed QEMU virt layout (see docs/guest-images.md). */
#define TESTOS_UART_BASE 0x09000000UL

/* PSCI function IDs (SMC Calling Convention, 32-bit). */
#define PSCI_VERSION	       0x84000000U
#define PSCI_SYSTEM_OFF	       0x84000008U
#define PSCI_SYSTEM_RESET      0x84000009U
#define PSCI_CPU_ON_64	       0xc4000003U
#define PSCI_AFFINITY_INFO     0x84000004U
#define PSCI_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_FEATURES	       0x8400000aU
#define SMCCC_VERSION	       0x80000000U
#define SMCCC_NOT_SUPPORTED    (-1L)

/* Avatar's vendor hypervisor calls (docs/hypervisor.md). */
#define AVATAR_HC_NULL	   0x86000000U
#define AVATAR_HC_CALL_UID 0x8600ff01U
#define AVATAR_UID_0	   0x54415641U /* "AVAT" */
#define AVATAR_UID_3	   0x31304449U /* "ID01" */

/* uart.c */
void uart_putc(char c);
void uart_puts(const char *s);
void tprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void tvprintf(const char *fmt, va_list ap);

/* fdt.c */
struct fdt_info {
	int valid;	   /* header checks passed */
	const char *error; /* why not, if !valid */
	uint32_t totalsize;
	uint32_t version;
	int have_memory;
	uint64_t mem_base;
	uint64_t mem_size;
	int ncpus;	      /* /cpus/cpu@* nodes */
	const char *bootargs; /* /chosen/bootargs or NULL */
	int gic_version;      /* 2 or 3 (the interrupt controller's compatible), 0 if none */
};
void fdt_scan(uintptr_t addr, struct fdt_info *info);

/* main.c */
struct exception_frame {
	uint64_t x[31];
	uint64_t elr;
	uint64_t spsr;
	uint64_t pad;
};
void testos_main(uintptr_t dtb);
void testos_exception(struct exception_frame *frame, uint64_t vector);
uint64_t psci_call(uint32_t fn, uint64_t a1, uint64_t a2, uint64_t a3);
/* hvchecks.c: checks that only make sense under the Avatar hypervisor. */
int hv_detect(void);
void hv_checks(uint64_t mem_base, uint64_t mem_size, int gic_version);
/* gic.c: the guest GICv2/GICv3 driver and the interrupt checks (under Avatar). */
void gic_checks(int gic_version);
int gic_handle_irq(void);
/* statecheck.c: FP/SIMD and EL1 registers survive exits (under Avatar). */
void state_check(const char *bootargs);
/* bench.c: benchmark mode ("testos.bench[=N]" in bootargs, docs/bench.md). */
int bench_requested(const char *bootargs, uint64_t *n);
void bench_run(uint64_t n);
int bench_handle_irq(void);
void check(const char *name, int ok, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/*
 * A data abort a check provokes on purpose: set expected, make the
 * access; the exception handler records ESR/FAR, steps over the
 * instruction and clears expected (main.c).
 */
struct expected_dabt {
	volatile int expected;
	volatile uint64_t esr, far;
};
extern struct expected_dabt testos_dabt;
void __attribute__((noreturn)) testos_poweroff(void);
void __attribute__((noreturn)) testos_reset(void);

/* console.c: console mode ("testos.console"): commands typed at the UART, read by interrupt. */
void console_run(int gic_version); /* 2 or 3, from the DTB */
int console_handle_irq(void);	   /* 0 unless console mode owns the interrupts */

/* lib.c: what GCC may call even with -ffreestanding. */
void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
size_t strlen(const char *s);
int cmdline_uint(const char *cmdline, const char *key, int bare_ok, uint64_t *val);

#define read_sysreg(r)                                       \
	({                                                   \
		uint64_t __v;                                \
		__asm__ volatile("mrs %0, " #r : "=r"(__v)); \
		__v;                                         \
	})

#endif
