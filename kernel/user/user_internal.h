/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of kernel/user/. */
#ifndef KERNEL_USER_INTERNAL_H
#define KERNEL_USER_INTERNAL_H

#include <asm/ptrace.h>
#include <avatar/process.h>

#include <avatar/compiler.h>
#include <uapi/avatar/errno.h>
#include <uapi/avatar/syscall.h>

/* Files (file.c, with CONFIG_FS_FAT32): descriptors from FIRST_FILE_FD up. */
#define FIRST_FILE_FD (STDERR_FD + 1)
#ifdef CONFIG_FS_FAT32
long file_open(struct process *p, const char *path, u64 flags);
long file_read(struct process *p, long fd, uintptr_t buf, size_t len);
long file_close(struct process *p, long fd);
void file_close_all(struct process *p);
#else
static inline long file_open(struct process *p, const char *path, u64 flags)
{
	(void)p, (void)path, (void)flags;
	return -ENOSYS;
}

static inline long file_read(struct process *p, long fd, uintptr_t buf, size_t len)
{
	(void)p, (void)fd, (void)buf, (void)len;
	return -EBADF;
}

static inline long file_close(struct process *p, long fd)
{
	(void)p, (void)fd;
	return -EBADF;
}

static inline void file_close_all(struct process *p)
{
	(void)p;
}
#endif

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
