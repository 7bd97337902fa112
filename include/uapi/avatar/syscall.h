/* SPDX-License-Identifier: GPL-2.0 */
/*
 * System call numbers (the table is in docs/syscalls.md). Shared by the
 * kernel (kernel/user/syscall.c) and the user-space library (user/lib/).
 *
 * Convention (as Linux arm64): `svc #0` with the number in x8 and up to
 * six arguments in x0-x5; the result comes back in x0, a negative errno
 * (<uapi/avatar/errno.h>) on failure. Other registers are preserved.
 */
#ifndef UAPI_AVATAR_SYSCALL_H
#define UAPI_AVATAR_SYSCALL_H

#define SYS_exit    0  /* (int code) -> does not return */
#define SYS_write   1  /* (int fd, const void *buf, size_t len) -> bytes written */
#define SYS_read    2  /* (int fd, void *buf, size_t len) -> bytes read */
#define SYS_open    3  /* (const char *path, int flags) -> fd */
#define SYS_close   4  /* (int fd) -> 0 */
#define SYS_sleep   5  /* (u64 ns) -> 0 */
#define SYS_yield   6  /* () -> 0 */
#define SYS_getpid  7  /* () -> pid */
#define SYS_spawn   8  /* (const char *name, char *const argv[]) -> pid */
#define SYS_wait    9  /* (int pid, int *status) -> pid */
#define SYS_brk	    10 /* (void *end) -> new end (unchanged on failure); 0 asks */
#define SYS_nop	    11 /* () -> 0, does nothing (benchmarks) */
#define SYS_time_ns 12 /* () -> nanoseconds since boot */
#define NR_SYSCALLS 13

/* open() flags: read-only files for now. */
#define O_RDONLY 0

/* Standard file descriptors: the console. */
#define STDIN_FD  0
#define STDOUT_FD 1
#define STDERR_FD 2

#endif /* UAPI_AVATAR_SYSCALL_H */
