// SPDX-License-Identifier: GPL-2.0
/*
 * System calls: one table indexed by the number in x8 (numbers in
 * <uapi/avatar/syscall.h>, the table documented in docs/syscalls.md).
 * Each handler gets the calling process and the raw argument registers;
 * it validates every pointer through <avatar/uaccess.h> and returns a
 * value or a negative errno, which goes back to EL0 in x0. An unknown
 * number returns -ENOSYS. Handlers run with IRQs enabled and may sleep.
 */
#include <asm/pgtable.h>
#include <avatar/aspace.h>
#include <avatar/console.h>
#include <avatar/irq.h>
#include <avatar/printk.h>
#include <avatar/process.h>
#include <avatar/sched.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/time.h>
#include <avatar/uaccess.h>
#include <uapi/avatar/errno.h>
#include <uapi/avatar/syscall.h>

#include "user_internal.h"

#define HEAP_GUARD PAGE_SIZE /* never let the heap touch the stack */

static long sys_exit(struct process *p, u64 code, u64 a1, u64 a2)
{
	(void)p, (void)a1, (void)a2;
	process_exit((int)code);
}

static long sys_sleep(struct process *p, u64 ns, u64 a1, u64 a2)
{
	u64 deadline = wait_deadline(ns);

	(void)a1, (void)a2;
	while (time_now_ns() < deadline && !process_killed(p)) {
		unsigned long flags = local_irq_save();

		sched_prepare_block(THREAD_SLEEPING);
		sched_block(deadline);
		local_irq_restore(flags);
	}
	return process_killed(p) ? -EINTR : 0;
}

static long sys_yield(struct process *p, u64 a0, u64 a1, u64 a2)
{
	(void)p, (void)a0, (void)a1, (void)a2;
	thread_yield();
	return 0;
}

static long sys_getpid(struct process *p, u64 a0, u64 a1, u64 a2)
{
	(void)a0, (void)a1, (void)a2;
	return p->pid;
}

static long sys_spawn(struct process *p, u64 name, u64 argv, u64 a2)
{
	struct spawn_args {
		char name[VFS_PATH_MAX];
		char *argv[PROCESS_MAX_ARGS + 1];
		char strings[PROCESS_ARGS_SIZE];
	} * k;
	size_t used = 0;
	long ret;
	int argc = 0;

	(void)a2;
	k = kmalloc(sizeof(*k));
	if (!k)
		return -ENOMEM;
	ret = strncpy_from_user(p, k->name, name, sizeof(k->name));
	if (ret < 0)
		goto out;
	for (; argv; argc++) {
		u64 uptr;

		ret = copy_from_user(p, &uptr, argv + (u64)argc * sizeof(u64), sizeof(uptr));
		if (ret < 0)
			goto out;
		if (!uptr)
			break;
		ret = -E2BIG;
		if (argc == PROCESS_MAX_ARGS || used == sizeof(k->strings))
			goto out;
		ret = strncpy_from_user(p, k->strings + used, uptr, sizeof(k->strings) - used);
		if (ret < 0)
			goto out;
		k->argv[argc] = k->strings + used;
		used += (size_t)ret + 1;
	}
	if (!argc) /* no argv: the name alone */
		k->argv[argc++] = k->name;
	k->argv[argc] = NULL;
	ret = process_spawn(k->name, argc, k->argv, p->pid, false);
out:
	kfree(k);
	return ret;
}

static long sys_wait(struct process *p, u64 pid, u64 status, u64 a2)
{
	int code = 0, ret;

	(void)a2;
	if (status && user_access_ok(p, status, sizeof(code), true))
		return -EFAULT;
	ret = process_wait(p->pid, (int)pid, &code);
	if (ret > 0 && status && copy_to_user(p, status, &code, sizeof(code)))
		return -EFAULT;
	return ret;
}

/* Move the end of the heap; pages come on first touch, go when it shrinks. */
static long sys_brk(struct process *p, u64 end, u64 a1, u64 a2)
{
	uintptr_t va;

	(void)a1, (void)a2;
	if (!end || end < p->heap_start || end > p->stack_lo - HEAP_GUARD)
		return (long)p->brk;
	for (va = ALIGN_UP((uintptr_t)end, PAGE_SIZE); va < ALIGN_UP(p->brk, PAGE_SIZE);
	     va += PAGE_SIZE)
		aspace_unmap_page(p->aspace, va);
	p->brk = end;
	return (long)end;
}

static long sys_nop(struct process *p, u64 a0, u64 a1, u64 a2)
{
	(void)p, (void)a0, (void)a1, (void)a2;
	return 0;
}

static long sys_time_ns(struct process *p, u64 a0, u64 a1, u64 a2)
{
	(void)p, (void)a0, (void)a1, (void)a2;
	return (long)time_now_ns();
}

const syscall_fn syscall_table[NR_SYSCALLS] = {
	[SYS_exit] = sys_exit,
	[SYS_write] = sys_write,
	[SYS_read] = sys_read,
	[SYS_open] = sys_open,
	[SYS_close] = sys_close,
	[SYS_sleep] = sys_sleep,
	[SYS_yield] = sys_yield,
	[SYS_getpid] = sys_getpid,
	[SYS_spawn] = sys_spawn,
	[SYS_wait] = sys_wait,
	[SYS_brk] = sys_brk,
	[SYS_nop] = sys_nop,
	[SYS_time_ns] = sys_time_ns,
	/* Files (file.c). */
	[SYS_lseek] = sys_lseek,
	[SYS_stat] = sys_stat,
	[SYS_fstat] = sys_fstat,
	[SYS_readdir] = sys_readdir,
	[SYS_mkdir] = sys_mkdir,
	[SYS_unlink] = sys_unlink,
	[SYS_rmdir] = sys_rmdir,
	[SYS_rename] = sys_rename,
	[SYS_ftruncate] = sys_ftruncate,
};
