/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The tiny C library of Avatar user programs (user/lib/): system call
 * wrappers (numbers and conventions in <uapi/avatar/syscall.h>), printf
 * over write, and the kernel's string functions (kernel/lib/string.c,
 * built again for EL0). Wrappers return what the kernel returns: a
 * negative errno on failure.
 */
#ifndef USER_ULIB_H
#define USER_ULIB_H

#include <avatar/compiler.h>
#include <avatar/sprintf.h>
#include <avatar/string.h>
#include <avatar/types.h>
#include <uapi/avatar/errno.h>
#include <uapi/avatar/syscall.h>

long syscall3(long nr, long a0, long a1, long a2);

void exit(int code) __noreturn;
long write(int fd, const void *buf, size_t len);
long read(int fd, void *buf, size_t len);
int open(const char *path, int flags);
int close(int fd);
int sleep_ns(u64 ns);
int yield(void);
int getpid(void);
int spawn(const char *name, char *const argv[]);
int wait(int pid, int *status);
void *brk(void *end);
/* Grow the heap by incr bytes; the old end, or (void *)-1 on failure. */
void *sbrk(long incr);
int nop(void);
u64 time_ns(void);
/* Files (docs/syscalls.md): a negative errno on failure. */
long lseek(int fd, long offset, int whence);
int stat(const char *path, struct vfs_stat *st);
int fstat(int fd, struct vfs_stat *st);
/* 1 with *ent filled, 0 at the end of the directory. */
int readdir(int fd, struct vfs_dirent *ent);
int mkdir(const char *path);
int unlink(const char *path);
int rmdir(const char *path);
int rename(const char *from, const char *to);
int ftruncate(int fd, u64 length);

int printf(const char *fmt, ...) __printf(1, 2);
int puts(const char *s);

#endif /* USER_ULIB_H */
