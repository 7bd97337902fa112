// SPDX-License-Identifier: GPL-2.0
/* Messages for errno values (the VFS's, and what loading a program gives). */
#include <avatar/vfs.h>
#include <uapi/avatar/errno.h>

static const char *const messages[] = {
	[EPERM] = "operation not permitted",
	[ENOENT] = "no such file or directory",
	[EINTR] = "interrupted",
	[EIO] = "I/O error",
	[ENXIO] = "no such device",
	[E2BIG] = "argument list too long",
	[ENOEXEC] = "not an executable",
	[EBADF] = "bad file descriptor",
	[EAGAIN] = "try again (table full)",
	[ENOMEM] = "out of memory",
	[EFAULT] = "bad address",
	[EBUSY] = "busy (files open)",
	[EEXIST] = "file exists",
	[EXDEV] = "cross-mount rename",
	[ENODEV] = "no file system mounted there",
	[ENOTDIR] = "not a directory",
	[EISDIR] = "is a directory",
	[EINVAL] = "invalid argument",
	[EMFILE] = "too many open files",
	[EFBIG] = "file too large",
	[ENOSPC] = "no space left on volume",
	[ESPIPE] = "illegal seek",
	[EROFS] = "read-only volume",
	[ENAMETOOLONG] = "name too long",
	[ENOSYS] = "not implemented",
	[ENOTEMPTY] = "directory not empty",
	[EUCLEAN] = "file system corrupt",
};

const char *vfs_strerror(int err)
{
	unsigned int e = err < 0 ? (unsigned int)-err : (unsigned int)err;

	if (!err)
		return "success";
	if (e < sizeof(messages) / sizeof(messages[0]) && messages[e])
		return messages[e];
	return "unknown error";
}
