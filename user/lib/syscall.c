// SPDX-License-Identifier: GPL-2.0
/* System call wrappers: svc #0, number in x8, arguments x0-x2, result x0. */
#include <ulib.h>

long syscall3(long nr, long a0, long a1, long a2)
{
	register long x8 __asm__("x8") = nr;
	register long x0 __asm__("x0") = a0;
	register long x1 __asm__("x1") = a1;
	register long x2 __asm__("x2") = a2;

	__asm__ __volatile__("svc #0" : "+r"(x0) : "r"(x8), "r"(x1), "r"(x2) : "memory");
	return x0;
}

void exit(int code)
{
	syscall3(SYS_exit, code, 0, 0);
	for (;;)
		;
}

long write(int fd, const void *buf, size_t len)
{
	return syscall3(SYS_write, fd, (long)buf, (long)len);
}

long read(int fd, void *buf, size_t len)
{
	return syscall3(SYS_read, fd, (long)buf, (long)len);
}

int open(const char *path, int flags)
{
	return (int)syscall3(SYS_open, (long)path, flags, 0);
}

int close(int fd)
{
	return (int)syscall3(SYS_close, fd, 0, 0);
}

int sleep_ns(u64 ns)
{
	return (int)syscall3(SYS_sleep, (long)ns, 0, 0);
}

int yield(void)
{
	return (int)syscall3(SYS_yield, 0, 0, 0);
}

int getpid(void)
{
	return (int)syscall3(SYS_getpid, 0, 0, 0);
}

int spawn(const char *name, char *const argv[])
{
	return (int)syscall3(SYS_spawn, (long)name, (long)argv, 0);
}

int wait(int pid, int *status)
{
	return (int)syscall3(SYS_wait, pid, (long)status, 0);
}

void *brk(void *end)
{
	return (void *)syscall3(SYS_brk, (long)end, 0, 0);
}

void *sbrk(long incr)
{
	char *old = brk(NULL);

	if (incr && (char *)brk(old + incr) != old + incr)
		return (void *)-1;
	return old;
}

int nop(void)
{
	return (int)syscall3(SYS_nop, 0, 0, 0);
}

u64 time_ns(void)
{
	return (u64)syscall3(SYS_time_ns, 0, 0, 0);
}

long lseek(int fd, long offset, int whence)
{
	return syscall3(SYS_lseek, fd, offset, whence);
}

int stat(const char *path, struct vfs_stat *st)
{
	return (int)syscall3(SYS_stat, (long)path, (long)st, 0);
}

int fstat(int fd, struct vfs_stat *st)
{
	return (int)syscall3(SYS_fstat, fd, (long)st, 0);
}

int readdir(int fd, struct vfs_dirent *ent)
{
	return (int)syscall3(SYS_readdir, fd, (long)ent, 0);
}

int mkdir(const char *path)
{
	return (int)syscall3(SYS_mkdir, (long)path, 0, 0);
}

int unlink(const char *path)
{
	return (int)syscall3(SYS_unlink, (long)path, 0, 0);
}

int rmdir(const char *path)
{
	return (int)syscall3(SYS_rmdir, (long)path, 0, 0);
}

int rename(const char *from, const char *to)
{
	return (int)syscall3(SYS_rename, (long)from, (long)to, 0);
}

int ftruncate(int fd, u64 length)
{
	return (int)syscall3(SYS_ftruncate, fd, (long)length, 0);
}
