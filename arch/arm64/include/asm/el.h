/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The exception level the kernel runs at, and the one place that maps
 * "the kernel's EL" to concrete registers and encodings.
 *
 *	CONFIG_HYPERVISOR=y	EL2, non-VHE EL2 translation regime
 *	CONFIG_NATIVE=y		EL1, EL1&0 translation regime (TTBR0 only)
 *
 * Everything else (head.S, vectors, MMU, per-CPU data) uses ELX(reg) /
 * read_sysreg_elx() and the KERNEL_* constants below instead of naming an
 * exception level, so the rest of the kernel needs no #ifdef for the mode.
 * Usable from assembly and from C.
 */
#ifndef ASM_EL_H
#define ASM_EL_H

#include <asm/sysreg.h>

#define __ELX_PASTE(reg, suffix) reg##suffix
#define __ELX(reg, suffix)	 __ELX_PASTE(reg, suffix)

#if defined(CONFIG_HYPERVISOR)
#define KERNEL_EL	 2
#define KERNEL_EL_NAME	 "EL2"
#define KERNEL_MODE_NAME "hypervisor"
#define __ELX_SUFFIX	 _el2
#define KERNEL_PSR_MODE	 PSR_MODE_EL2H
#define SCTLR_ELX_RES1	 SCTLR_EL2_RES1
/* Invalidate all stage 1 TLB entries of this EL, this CPU only. */
#define TLBI_ALL_ELX_INSN tlbi alle2
#elif defined(CONFIG_NATIVE)
#define KERNEL_EL	  1
#define KERNEL_EL_NAME	  "EL1"
#define KERNEL_MODE_NAME  "native"
#define __ELX_SUFFIX	  _el1
#define KERNEL_PSR_MODE	  PSR_MODE_EL1H
#define SCTLR_ELX_RES1	  SCTLR_EL1_RES1
#define TLBI_ALL_ELX_INSN tlbi vmalle1
#else
#error "exactly one of CONFIG_HYPERVISOR and CONFIG_NATIVE must be set"
#endif

#if KERNEL_EL == 2
/*
 * The kernel's timer: the EL2 physical timer CNTHP_* (the EL1 physical and
 * virtual timers belong to the guests). PPI 10 = INTID 26, the 4th entry
 * of the DT "arm,armv8-timer" interrupts property.
 */
#define KERNEL_TIMER_NAME     "CNTHP"
#define KERNEL_TIMER_INTID    26
#define KERNEL_TIMER_DT_INDEX 3
#define __KTIMER_CTL	      cnthp_ctl_el2
#define __KTIMER_CVAL	      cnthp_cval_el2
#define __KCOUNTER	      cntpct_el0
#else
/*
 * The kernel's timer: the EL1 virtual timer CNTV_* against the virtual
 * count CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2 (as Linux does at EL1).
 * Bare on a board, the kernel drops from EL2 itself and sets CNTVOFF_EL2
 * to 0 (el.S), so this is the physical time. Under a hypervisor the EL1
 * physical timer belongs to the host (CNTHCTL_EL2.EL1PCEN = 0 traps it,
 * Avatar makes it read-as-zero) while the virtual one is switched with
 * the vCPU and its offset is the VM's: the virtual timer is the one an EL1
 * kernel can always use. PPI 11 = INTID 27, the 3rd entry of the DT
 * "arm,armv8-timer" interrupts property.
 */
#define KERNEL_TIMER_NAME     "CNTV"
#define KERNEL_TIMER_INTID    27
#define KERNEL_TIMER_DT_INDEX 2
#define __KTIMER_CTL	      cntv_ctl_el0
#define __KTIMER_CVAL	      cntv_cval_el0
#define __KCOUNTER	      cntvct_el0
#endif

/*
 * Where the vector table's "lower EL, AArch64" slots go (vectors.S).
 * Hypervisor: guest exits (hypervisor/arch/arm64/entry.S). Native: EL0
 * user mode will name its el0_* entries here; until then, none (dump).
 */
#if KERNEL_EL == 2
#define LOWER_EL_SYNC_ENTRY   guest_exit_sync
#define LOWER_EL_IRQ_ENTRY    guest_exit_irq
#define LOWER_EL_FIQ_ENTRY    guest_exit_fiq
#define LOWER_EL_SERROR_ENTRY guest_exit_serror
#endif

/* ELX(sctlr) is sctlr_el2 or sctlr_el1; works in C and assembly. */
#define ELX(reg) __ELX(reg, __ELX_SUFFIX)

#ifndef __ASSEMBLER__
#define read_sysreg_elx(reg)	   read_sysreg(ELX(reg))
#define write_sysreg_elx(val, reg) write_sysreg(val, ELX(reg))

/*
 * The kernel's per-CPU timer (drivers/timer/arch_timer.c): control
 * (CNT_CTL_* bits) and compare value, in ticks of kernel_counter_read().
 */
static inline u64 kernel_timer_read_ctl(void)
{
	return read_sysreg(__KTIMER_CTL);
}

static inline void kernel_timer_write_ctl(u64 ctl)
{
	write_sysreg(ctl, __KTIMER_CTL);
}

static inline void kernel_timer_write_cval(u64 cval)
{
	write_sysreg(cval, __KTIMER_CVAL);
}

/*
 * The count the kernel's timer compares with: CNTPCT_EL0 at EL2 (CNTHP),
 * CNTVCT_EL0 at EL1 (CNTV). No ISB: see counter_read().
 */
static inline u64 kernel_counter_read(void)
{
	return read_sysreg(__KCOUNTER);
}
#endif

#endif /* ASM_EL_H */
