// SPDX-License-Identifier: GPL-2.0
/*
 * Descriptor tables: a process's VFS_MAX_FDS slots, each holding one
 * reference to an open file (several slots may share a file: 0, 1 and 2
 * are one /dev/console file). Only the owning process's thread uses its
 * table, so the table itself needs no lock.
 */
#include <uapi/avatar/errno.h>

#include "vfs_internal.h"

int vfs_fd_install(struct vfs_fdtable *t, int min, struct vfs_file *f)
{
	for (int fd = min < 0 ? 0 : min; fd < VFS_MAX_FDS; fd++)
		if (!t->fd[fd]) {
			t->fd[fd] = f;
			return fd;
		}
	return -EMFILE;
}

struct vfs_file *vfs_fd_get(struct vfs_fdtable *t, long fd)
{
	return fd >= 0 && fd < VFS_MAX_FDS ? t->fd[fd] : NULL;
}

int vfs_fd_close(struct vfs_fdtable *t, long fd)
{
	struct vfs_file *f = vfs_fd_get(t, fd);

	if (!f)
		return -EBADF;
	t->fd[fd] = NULL;
	return vfs_close(f);
}

void vfs_fd_close_all(struct vfs_fdtable *t)
{
	for (int fd = 0; fd < VFS_MAX_FDS; fd++)
		if (t->fd[fd])
			vfs_fd_close(t, fd);
}
