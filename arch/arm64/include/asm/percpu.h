/* SPDX-License-Identifier: GPL-2.0 */
/*
 * TPIDR_ELx of the kernel's EL holds the running thread (its struct
 * thread): head.S sets it to the CPU's idle thread before any C code
 * runs, the scheduler writes it at every switch. So the current thread
 * is one system register read, with no need to mask IRQs against
 * migration, and the logical CPU id is that thread's 'running_cpu'
 * field, at THREAD_CPU_OFFSET (checked in kernel/sched/core.c).
 */
#ifndef ASM_PERCPU_H
#define ASM_PERCPU_H

#include <asm/el.h>
#include <asm/switch.h>

/* offsetof(struct thread, running_cpu): right after the saved context. */
#define THREAD_CPU_OFFSET CTX_SIZE

#ifndef __ASSEMBLER__
static inline void *arch_current_thread(void)
{
	return (void *)read_sysreg_elx(tpidr);
}

static inline void arch_set_current_thread(void *t)
{
	write_sysreg_elx((u64)(uintptr_t)t, tpidr);
}

static inline unsigned int arch_cpu_id(void)
{
	return *(volatile unsigned int *)((char *)arch_current_thread() + THREAD_CPU_OFFSET);
}

static inline u64 arch_read_mpidr(void)
{
	return read_sysreg(mpidr_el1) & MPIDR_HWID_MASK;
}
#endif

#endif /* ASM_PERCPU_H */
