// SPDX-License-Identifier: GPL-2.0
/*
 * Unexpected exceptions: every vector of vectors.S ends up here with the
 * saved registers. We print what happened (which vector, the syndrome
 * decoded to a name, the fault address, the return address and state,
 * x0-x30) and halt this CPU; the other CPUs keep running.
 */
#include <asm/el.h>
#include <asm/esr.h>
#include <asm/ptrace.h>
#include <asm/sysreg.h>
#include <avatar/compiler.h>
#include <avatar/panic.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <avatar/string.h>
#include <avatar/thread.h>

#include <stddef.h>

_Static_assert(offsetof(struct pt_regs, sp) == PT_REGS_SP, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, elr) == PT_REGS_ELR, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, spsr) == PT_REGS_SPSR, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, esr) == PT_REGS_ESR, "pt_regs layout");
_Static_assert(offsetof(struct pt_regs, far) == PT_REGS_FAR, "pt_regs layout");
_Static_assert(sizeof(struct pt_regs) == PT_REGS_SIZE, "pt_regs layout");

void bad_exception(struct pt_regs *regs, unsigned int vector) __noreturn;
void el0_sync_handler(struct pt_regs *regs);
void el0_irq_handler(struct pt_regs *regs);

/* Vector table indexes (vectors.S). */
#define VECTOR_LOWER_A64_SYNC 8
#define VECTOR_LOWER_A64_IRQ  9

static const char *const vector_origin[] = {
	"current EL with SP_EL0",
	"current EL with SP_ELx",
	"lower EL (AArch64)",
	"lower EL (AArch32)",
};

static const char *const vector_kind[] = {"Synchronous", "IRQ", "FIQ", "SError"};

/* ESR_ELx.EC values (Arm ARM D19.2.37). */
static const char *const exception_class[] = {
	[0x00] = "unknown reason",
	[0x01] = "trapped WFI/WFE",
	[0x07] = "FP/SIMD access",
	[0x0e] = "illegal execution state",
	[0x15] = "SVC (AArch64)",
	[0x16] = "HVC (AArch64)",
	[0x17] = "SMC (AArch64)",
	[0x18] = "trapped MSR/MRS/system instruction",
	[0x20] = "instruction abort from a lower EL",
	[0x21] = "instruction abort",
	[0x22] = "PC alignment fault",
	[0x24] = "data abort from a lower EL",
	[0x25] = "data abort",
	[0x26] = "SP alignment fault",
	[0x2f] = "SError interrupt",
	[0x30] = "breakpoint from a lower EL",
	[0x31] = "breakpoint",
	[0x32] = "software step from a lower EL",
	[0x33] = "software step",
	[0x34] = "watchpoint from a lower EL",
	[0x35] = "watchpoint",
	[0x3c] = "BRK instruction",
};

const char *esr_ec_name(unsigned int ec)
{
	if (ec < ARRAY_SIZE(exception_class) && exception_class[ec])
		return exception_class[ec];
	return "other";
}

/*
 * Extra state for the dump, from the layer above (the hypervisor prints
 * its EL2 controls and the vCPU loaded on this CPU); nothing by default.
 */
void __weak exception_dump_extra(void)
{
}

/* The thread this CPU runs, and whether the exception frame lies on its stack. */
static void dump_thread(const struct pt_regs *regs)
{
	struct thread *t = thread_current();
	uintptr_t frame = (uintptr_t)regs;

	if (!t) {
		printk("thread   none (early boot)\n");
		return;
	}
	printk("thread   %u (%s), stack 0x%lx-0x%lx, frame at 0x%lx: %s\n", t->id, t->name,
	       (unsigned long)t->stack_base, (unsigned long)(t->stack_base + t->stack_size),
	       (unsigned long)frame,
	       !t->stack_base ? "a boot stack"
	       : frame >= t->stack_base && frame - t->stack_base < t->stack_size
		       ? "on its stack"
		       : "NOT on its stack");
}

void bad_exception(struct pt_regs *regs, unsigned int vector)
{
	/*
	 * A copy first, and the live syndrome registers: what is printed is
	 * one consistent picture even if the frame in memory changes
	 * meanwhile (a stack that another CPU also writes).
	 */
	struct pt_regs r = *regs;
	u64 esr = read_sysreg(ELX(esr)), far = read_sysreg(ELX(far)), elr = read_sysreg(ELX(elr));
	unsigned int ec = (unsigned int)(r.esr >> ESR_ELx_EC_SHIFT) & ESR_ELx_EC_MASK;
	unsigned int i;

	printk("\n*** Unexpected exception on CPU%u at %s: %s from %s\n", smp_processor_id(),
	       KERNEL_EL_NAME, vector_kind[vector % 4], vector_origin[(vector / 4) % 4]);
	printk("ESR_%s  0x%016llx  (EC 0x%02x: %s, ISS 0x%07llx)\n", KERNEL_EL_NAME,
	       (unsigned long long)r.esr, ec, esr_ec_name(ec),
	       (unsigned long long)(r.esr & ESR_ELx_ISS_MASK));
	printk("FAR_%s  0x%016llx\n", KERNEL_EL_NAME, (unsigned long long)r.far);
	printk("ELR_%s  0x%016llx\n", KERNEL_EL_NAME, (unsigned long long)r.elr);
	printk("SPSR_%s 0x%016llx\n", KERNEL_EL_NAME, (unsigned long long)r.spsr);
	for (i = 0; i < 30; i += 3)
		printk("x%-2u 0x%016llx  x%-2u 0x%016llx  x%-2u 0x%016llx\n", i,
		       (unsigned long long)r.regs[i], i + 1, (unsigned long long)r.regs[i + 1],
		       i + 2, (unsigned long long)r.regs[i + 2]);
	printk("x30 0x%016llx  sp  0x%016llx\n", (unsigned long long)r.regs[30],
	       (unsigned long long)r.sp);
	dump_thread(regs);
	if (esr != r.esr || far != r.far || elr != r.elr)
		printk("the frame disagrees with the registers: ESR 0x%llx, FAR 0x%llx, ELR 0x%llx "
		       "(a nested exception, or the frame was overwritten)\n",
		       (unsigned long long)esr, (unsigned long long)far, (unsigned long long)elr);
	exception_dump_extra();
	if (memcmp(&r, regs, sizeof(r)))
		printk("the frame in memory changed while it was printed: another CPU writes this "
		       "stack\n");
	printk("CPU%u halted.\n", smp_processor_id());
	cpu_halt();
}

/*
 * Lower-EL exceptions when nothing else provides the handlers (see
 * vectors.S): native builds with CONFIG_USER link kernel/user/, the
 * hypervisor its guest-exit handlers.
 */
void __weak el0_sync_handler(struct pt_regs *regs)
{
	bad_exception(regs, VECTOR_LOWER_A64_SYNC);
}

void __weak el0_irq_handler(struct pt_regs *regs)
{
	bad_exception(regs, VECTOR_LOWER_A64_IRQ);
}

#ifdef CONFIG_SELFTEST
/* Deliberately take an exception, to see (and test) the register dump. */
static int cmd_fault(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("reading from an unmapped address; this CPU will halt\n");
	return (int)*(volatile u64 *)0xffffffffff000000UL;
}
SHELL_COMMAND(fault, "fault", "take a data abort (self test of the exception dump)", cmd_fault);
#endif
