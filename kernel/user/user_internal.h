/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of kernel/user/. */
#ifndef KERNEL_USER_INTERNAL_H
#define KERNEL_USER_INTERNAL_H

#include <asm/ptrace.h>
#include <avatar/process.h>

#include <avatar/compiler.h>
#include <uapi/avatar/errno.h>
#include <uapi/avatar/syscall.h>

typedef long (*syscall_fn)(struct process *p, u64 a0, u64 a1, u64 a2);

/* syscall.c: the handlers by number; NULL entries are -ENOSYS. */
extern const syscall_fn syscall_table[NR_SYSCALLS];

/* Run the system call in regs (x8 = number) and put the result in x0. */
static inline void syscall_dispatch(struct process *p, struct pt_regs *regs)
{
	u64 nr = regs->regs[8];
	syscall_fn fn;

	if (likely(nr < NR_SYSCALLS && (fn = syscall_table[nr])))
		regs->regs[0] = (u64)fn(p, regs->regs[0], regs->regs[1], regs->regs[2]);
	else
		regs->regs[0] = (u64)-ENOSYS;
}

#endif /* KERNEL_USER_INTERNAL_H */
