/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of kernel/user/. */
#ifndef KERNEL_USER_INTERNAL_H
#define KERNEL_USER_INTERNAL_H

#include <asm/ptrace.h>
#include <avatar/process.h>

/* Run the system call in regs (x8 = number) and put the result in x0. */
void syscall_dispatch(struct process *p, struct pt_regs *regs);

#endif /* KERNEL_USER_INTERNAL_H */
