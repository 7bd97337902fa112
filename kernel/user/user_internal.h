/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of kernel/user/. */
#ifndef KERNEL_USER_INTERNAL_H
#define KERNEL_USER_INTERNAL_H

#include <asm/ptrace.h>
#include <avatar/process.h>

#include <avatar/compiler.h>
#include <uapi/avatar/errno.h>
#include <uapi/avatar/syscall.h>

/* Files (file.c): descriptors on the VFS; 0-2 are /dev/console. */
int file_open_stdio(struct process *p);
void file_close_all(struct process *p);
/*
 * Read a whole file (an ELF image to run) into pages: *image, *size, and
 * the block's order for free_pages(). -EFBIG beyond max bytes.
 */
int file_load(const char *path, size_t max, void **image, size_t *size, unsigned int *order);
long sys_read(struct process *p, u64 fd, u64 buf, u64 len);
long sys_write(struct process *p, u64 fd, u64 buf, u64 len);
long sys_open(struct process *p, u64 path, u64 flags, u64 a2);
long sys_close(struct process *p, u64 fd, u64 a1, u64 a2);
long sys_lseek(struct process *p, u64 fd, u64 offset, u64 whence);
long sys_ftruncate(struct process *p, u64 fd, u64 length, u64 a2);
long sys_stat(struct process *p, u64 path, u64 st, u64 a2);
long sys_fstat(struct process *p, u64 fd, u64 st, u64 a2);
long sys_readdir(struct process *p, u64 fd, u64 ent, u64 a2);
long sys_mkdir(struct process *p, u64 path, u64 a1, u64 a2);
long sys_unlink(struct process *p, u64 path, u64 a1, u64 a2);
long sys_rmdir(struct process *p, u64 path, u64 a1, u64 a2);
long sys_rename(struct process *p, u64 from, u64 to, u64 a2);

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
