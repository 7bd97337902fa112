/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Access to a process's memory from the kernel (kernel/user/uaccess.c).
 *
 * Every user pointer a system call receives is checked here before use:
 * each page of the range must be inside the EL0 window and mapped with
 * the needed rights in the process's own tables (a page of its heap or
 * stack that was never touched is allocated, as the fault handler would).
 * The copy then goes through the kernel's identity view of the physical
 * page, so it never faults and works for any process, current or not.
 * Any failure is -EFAULT; nothing is copied past the first bad page.
 */
#ifndef AVATAR_UACCESS_H
#define AVATAR_UACCESS_H

#include <avatar/process.h>
#include <avatar/types.h>

/* Check [va, va + len) for reading or writing without copying: 0 or -EFAULT. */
int user_access_ok(struct process *p, uintptr_t va, size_t len, bool write);
int copy_from_user(struct process *p, void *dst, uintptr_t src, size_t len);
int copy_to_user(struct process *p, uintptr_t dst, const void *src, size_t len);
/* Copy a NUL-terminated string of at most max - 1 bytes; its length or -EFAULT / -E2BIG. */
long strncpy_from_user(struct process *p, char *dst, uintptr_t src, size_t max);
/*
 * Is va in a demand-allocated region (heap, stack) of p and not mapped
 * yet? Then map a zeroed page there: 0, else -EFAULT (or -ENOMEM).
 */
int user_fault_in(struct process *p, uintptr_t va);

#endif /* AVATAR_UACCESS_H */
