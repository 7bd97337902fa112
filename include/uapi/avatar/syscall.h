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

#include <uapi/avatar/vfs.h> /* open() flags, whence, struct vfs_stat, vfs_dirent */

#define SYS_exit      0	 /* (int code) -> does not return */
#define SYS_write     1	 /* (int fd, const void *buf, size_t len) -> bytes written */
#define SYS_read      2	 /* (int fd, void *buf, size_t len) -> bytes read */
#define SYS_open      3	 /* (const char *path, int flags) -> fd */
#define SYS_close     4	 /* (int fd) -> 0 */
#define SYS_sleep     5	 /* (u64 ns) -> 0 */
#define SYS_yield     6	 /* () -> 0 */
#define SYS_getpid    7	 /* () -> pid */
#define SYS_spawn     8	 /* (const char *name, char *const argv[]) -> pid */
#define SYS_wait      9	 /* (int pid, int *status) -> pid */
#define SYS_brk	      10 /* (void *end) -> new end (unchanged on failure); 0 asks */
#define SYS_nop	      11 /* () -> 0, does nothing (benchmarks) */
#define SYS_time_ns   12 /* () -> nanoseconds since boot */
#define SYS_lseek     13 /* (int fd, s64 offset, int whence) -> new position */
#define SYS_stat      14 /* (const char *path, struct vfs_stat *st) -> 0 */
#define SYS_fstat     15 /* (int fd, struct vfs_stat *st) -> 0 */
#define SYS_readdir   16 /* (int fd, struct vfs_dirent *ent) -> 1, 0 at the end */
#define SYS_mkdir     17 /* (const char *path) -> 0 */
#define SYS_unlink    18 /* (const char *path) -> 0 (not a directory) */
#define SYS_rmdir     19 /* (const char *path) -> 0 (an empty directory) */
#define SYS_rename    20 /* (const char *from, const char *to) -> 0 */
#define SYS_ftruncate 21 /* (int fd, u64 length) -> 0 */
#define NR_SYSCALLS   22

/* Standard file descriptors: the console. */
#define STDIN_FD  0
#define STDOUT_FD 1
#define STDERR_FD 2

#endif /* UAPI_AVATAR_SYSCALL_H */
