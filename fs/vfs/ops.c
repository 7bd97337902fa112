// SPDX-License-Identifier: GPL-2.0
/*
 * Operations on paths: resolve through the mount table, refuse changes
 * on a read-only mount (-EROFS) and to mount points themselves (-EBUSY),
 * then call the file system under its mount's lock. A rename between two
 * mounts is -EXDEV (no copying behind the caller's back).
 */
#include <avatar/string.h>
#include <uapi/avatar/errno.h>

#include "vfs_internal.h"

enum path_op { OP_MKDIR, OP_UNLINK, OP_RMDIR };

static int resolve_for_write(const char *path, struct vfs_mount **m, char *rel)
{
	int err = vfs_resolve(path, m, rel);

	if (err)
		return err;
	if ((*m)->flags & VFS_MOUNT_RDONLY)
		return -EROFS;
	return 0;
}

static int path_op(const char *path, enum path_op op)
{
	char rel[VFS_PATH_MAX];
	struct vfs_mount *m;
	int (*fn)(struct vfs_mount *, const char *);
	int err = resolve_for_write(path, &m, rel);

	if (err)
		return err;
	fn = op == OP_MKDIR ? m->ops->mkdir : op == OP_UNLINK ? m->ops->unlink : m->ops->rmdir;
	if (!strcmp(rel, "/")) /* the mount point */
		return op == OP_MKDIR ? -EEXIST : -EBUSY;
	if (!fn)
		return -EPERM;
	vfs_mount_lock(m);
	err = fn(m, rel);
	vfs_mount_unlock(m);
	return err;
}

int vfs_mkdir(const char *path)
{
	return path_op(path, OP_MKDIR);
}

int vfs_unlink(const char *path)
{
	return path_op(path, OP_UNLINK);
}

int vfs_rmdir(const char *path)
{
	return path_op(path, OP_RMDIR);
}

int vfs_stat(const char *path, struct vfs_stat *st)
{
	char rel[VFS_PATH_MAX];
	struct vfs_mount *m;
	int err = vfs_resolve(path, &m, rel);

	memset(st, 0, sizeof(*st));
	if (err)
		return err;
	if (!m->ops->stat)
		return -EPERM;
	vfs_mount_lock(m);
	err = m->ops->stat(m, rel, st);
	vfs_mount_unlock(m);
	if (m->flags & VFS_MOUNT_RDONLY)
		st->ro = 1;
	return err;
}

int vfs_rename(const char *from, const char *to)
{
	char rel_from[VFS_PATH_MAX], rel_to[VFS_PATH_MAX];
	struct vfs_mount *m, *m2;
	int err = resolve_for_write(from, &m, rel_from);

	if (!err)
		err = resolve_for_write(to, &m2, rel_to);
	if (err)
		return err;
	if (m != m2)
		return -EXDEV;
	if (!strcmp(rel_from, "/") || !strcmp(rel_to, "/"))
		return -EBUSY;
	if (!m->ops->rename)
		return -EPERM;
	vfs_mount_lock(m);
	err = m->ops->rename(m, rel_from, rel_to);
	vfs_mount_unlock(m);
	return err;
}

int vfs_truncate(const char *path, u64 length)
{
	char rel[VFS_PATH_MAX];
	struct vfs_mount *m;
	int err = resolve_for_write(path, &m, rel);

	if (err)
		return err;
	if (!m->ops->truncate)
		return -EPERM;
	vfs_mount_lock(m);
	err = m->ops->truncate(m, rel, length);
	vfs_mount_unlock(m);
	return err;
}

int vfs_statfs(const char *path, u64 *total_bytes, u64 *free_bytes)
{
	char rel[VFS_PATH_MAX];
	struct vfs_mount *m;
	int err = vfs_resolve(path, &m, rel);

	*total_bytes = *free_bytes = 0;
	if (err)
		return err;
	if (!m->ops->statfs)
		return 0;
	vfs_mount_lock(m);
	err = m->ops->statfs(m, total_bytes, free_bytes);
	vfs_mount_unlock(m);
	return err;
}
