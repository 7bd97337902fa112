// SPDX-License-Identifier: GPL-2.0
/*
 * Exceptions from EL0 (the lower-EL vectors of vectors.S, native mode):
 * system calls, page faults, everything else a user program can cause,
 * and interrupts that arrive while it runs.
 *
 * A translation fault inside the heap or the stack gets a zeroed page
 * (demand allocation); any other abort, and any other exception class
 * (undefined instruction, FP/SIMD use, alignment, BRK...), kills the
 * process with one line saying what happened, e.g.
 *
 *	process 5 (crash): killed: data abort at 0x0 (translation fault), pc 0x400123
 *
 * and the kernel carries on. Before returning to EL0 (with IRQs masked)
 * the thread checks whether it was killed meanwhile.
 */
#include <asm/esr.h>
#include <avatar/irq.h>
#include <avatar/printk.h>
#include <avatar/process.h>
#include <avatar/uaccess.h>

#include "user_internal.h"

#define FSC_LEVEL_MASK 3U

static const char *fsc_name(unsigned int fsc)
{
	switch (fsc & ESR_ISS_FSC_TYPE) {
	case ESR_FSC_ADDRSIZE:
		return "address size fault";
	case ESR_FSC_TRANS:
		return "translation fault";
	case ESR_FSC_ACCESS:
		return "access flag fault";
	case ESR_FSC_PERM:
		return "permission fault";
	}
	return fsc == ESR_FSC_ALIGNMENT ? "alignment fault" : "other fault";
}

static void kill_for(struct process *p, struct pt_regs *regs)
{
	unsigned int ec = esr_ec(regs->esr);

	if (ec == ESR_EC_DABT_LOW || ec == ESR_EC_IABT_LOW)
		printk("process %d (%s): killed: %s abort at 0x%llx (%s), pc 0x%llx\n", p->pid,
		       p->name, ec == ESR_EC_DABT_LOW ? "data" : "instruction",
		       (unsigned long long)regs->far, fsc_name(esr_fsc(regs->esr)),
		       (unsigned long long)regs->elr);
	else
		printk("process %d (%s): killed: %s (ESR 0x%llx), pc 0x%llx\n", p->pid, p->name,
		       esr_ec_name(ec), (unsigned long long)regs->esr,
		       (unsigned long long)regs->elr);
	process_exit(PROCESS_KILLED);
}

static bool is_translation_fault(u64 esr)
{
	return (esr_fsc(esr) & ~FSC_LEVEL_MASK) == ESR_FSC_TRANS;
}

/* IRQs masked: leave for EL0, unless the process was killed. */
static void return_to_user(struct process *p)
{
	if (unlikely(READ_ONCE(p->killed))) {
		local_irq_enable();
		process_exit(PROCESS_KILLED);
	}
}

void el0_sync_handler(struct pt_regs *regs)
{
	struct process *p = process_current();
	unsigned int ec = esr_ec(regs->esr);

	local_irq_enable();
	if (likely(ec == ESR_EC_SVC64)) { /* the hot path first */
		syscall_dispatch(p, regs);
		local_irq_disable();
		return_to_user(p);
		return;
	}
	switch (ec) {
	case ESR_EC_DABT_LOW:
	case ESR_EC_IABT_LOW:
		if (!is_translation_fault(regs->esr) || user_fault_in(p, regs->far) != 0)
			kill_for(p, regs);
		break;
	default:
		kill_for(p, regs);
	}
	local_irq_disable();
	return_to_user(p);
}

void el0_irq_handler(struct pt_regs *regs)
{
	irq_handle(regs); /* may switch threads and come back later */
	return_to_user(process_current());
}
