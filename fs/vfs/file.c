// SPDX-License-Identifier: GPL-2.0
/*
 * Open files. vfs_open() resolves the path (mount.c), checks the flags
 * against the mount (a read-only mount refuses every write access with
 * -EROFS) and lets the file system fill in the struct vfs_file. The file
 * keeps the position (the file systems read and write at f->pos and
 * advance it), the access mode and a reference count: descriptor tables
 * and kernel callers share one file through vfs_file_get()/vfs_close().
 * The mount counts its open files, so it cannot be unmounted under them.
 *
 * Reading a directory lists the file system's own entries, then the
 * mount points directly inside it ("/" shows "tmp" and "dev"), unless the
 * file system already has an entry of that name.
 */
#include <avatar/slab.h>
#include <avatar/string.h>
#include <uapi/avatar/errno.h>

#include "vfs_internal.h"

#define OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_TRUNC | O_APPEND)

static bool may_read(const struct vfs_file *f)
{
	return (f->flags & O_ACCMODE) != O_WRONLY;
}

static bool may_write(const struct vfs_file *f)
{
	return (f->flags & O_ACCMODE) != O_RDONLY;
}

/* The normalized path of the file whose path inside m is rel. */
static char *full_path(const struct vfs_mount *m, const char *rel)
{
	char *p = kmalloc(VFS_PATH_MAX);

	if (!p)
		return NULL;
	if (m->path_len == 1)
		strlcpy(p, rel, VFS_PATH_MAX);
	else {
		strlcpy(p, m->path, VFS_PATH_MAX);
		if (strcmp(rel, "/"))
			strlcpy(p + m->path_len, rel, VFS_PATH_MAX - m->path_len);
	}
	return p;
}

int vfs_open(const char *path, int flags, struct vfs_file **out)
{
	char rel[VFS_PATH_MAX];
	struct vfs_mount *m;
	struct vfs_file *f;
	int err;

	*out = NULL;
	if ((flags & ~OPEN_FLAGS) || (flags & O_ACCMODE) == O_ACCMODE)
		return -EINVAL;
	err = vfs_resolve(path, &m, rel);
	if (err)
		return err;
	if ((m->flags & VFS_MOUNT_RDONLY) &&
	    ((flags & O_ACCMODE) != O_RDONLY || (flags & (O_CREAT | O_TRUNC))))
		return -EROFS;
	f = kzalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	f->refs = 1;
	f->flags = flags;
	f->mnt = m;
	vfs_mount_hold(m, 1);
	vfs_mount_lock(m);
	err = m->ops->open(m, rel, flags, f);
	vfs_mount_unlock(m);
	if (!err && f->type == VFS_T_DIR && !(f->dir_path = full_path(m, rel))) {
		vfs_close(f);
		return -ENOMEM;
	}
	if (err) {
		vfs_mount_hold(m, -1);
		kfree(f);
		return err;
	}
	*out = f;
	return 0;
}

struct vfs_file *vfs_file_get(struct vfs_file *f)
{
	__atomic_fetch_add(&f->refs, 1, __ATOMIC_RELAXED);
	return f;
}

int vfs_close(struct vfs_file *f)
{
	struct vfs_mount *m = f->mnt;
	int err = 0;

	if (__atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL))
		return 0;
	if (f->ops && f->ops->close) {
		vfs_mount_lock(m);
		err = f->ops->close(f);
		vfs_mount_unlock(m);
	}
	vfs_mount_hold(m, -1);
	kfree(f->dir_path);
	kfree(f);
	return err;
}

s64 vfs_read(struct vfs_file *f, void *buf, size_t len)
{
	s64 n;

	if (!may_read(f))
		return -EBADF;
	if (f->type == VFS_T_DIR)
		return -EISDIR;
	if (!f->ops->read)
		return -EINVAL;
	vfs_mount_lock(f->mnt);
	n = f->ops->read(f, buf, len);
	vfs_mount_unlock(f->mnt);
	return n;
}

s64 vfs_write(struct vfs_file *f, const void *buf, size_t len)
{
	struct vfs_stat st;
	s64 n = 0;

	if (!may_write(f))
		return -EBADF;
	if (f->type == VFS_T_DIR)
		return -EISDIR;
	if (!f->ops->write)
		return -EINVAL;
	vfs_mount_lock(f->mnt);
	if ((f->flags & O_APPEND) && f->ops->stat) {
		n = f->ops->stat(f, &st);
		f->pos = st.size;
	}
	if (n == 0)
		n = f->ops->write(f, buf, len);
	vfs_mount_unlock(f->mnt);
	return n;
}

s64 vfs_lseek(struct vfs_file *f, s64 offset, int whence)
{
	struct vfs_stat st;
	s64 base;
	int err;

	if (f->type == VFS_T_CHR)
		return -ESPIPE;
	if (f->type == VFS_T_DIR)
		return -EISDIR; /* reopen a directory to list it again */
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		base = (s64)f->pos;
		break;
	case SEEK_END:
		err = vfs_fstat(f, &st);
		if (err)
			return err;
		base = (s64)st.size;
		break;
	default:
		return -EINVAL;
	}
	if ((offset > 0 && base > INT64_MAX - offset) || base + offset < 0)
		return -EINVAL;
	f->pos = (u64)(base + offset);
	return (s64)f->pos;
}

/* Is the normalized path child a direct child of dir? */
static bool is_child(const char *dir, const char *child)
{
	size_t n = strlen(dir);

	if (n == 1)
		return child[0] == '/' && child[1] && !strchr(child + 1, '/');
	return !strncmp(dir, child, n) && child[n] == '/' && !strchr(child + n + 1, '/');
}

/* The next mount point inside directory f the file system does not list. */
static int next_mount_point(struct vfs_file *f, struct vfs_dirent *out)
{
	char rel[VFS_PATH_MAX];
	struct vfs_stat st;

	while (f->next_mount < VFS_MAX_MOUNTS) {
		const struct vfs_mount *m = vfs_mount_at(f->next_mount++);
		const char *name;
		bool listed = false;

		if (!m || !is_child(f->dir_path, m->path))
			continue;
		name = vfs_path_basename(m->path);
		if (f->mnt->ops->stat) {
			struct vfs_mount *dm;

			if (!vfs_resolve(f->dir_path, &dm, rel) && dm == f->mnt &&
			    strlen(rel) + 1 + strlen(name) < VFS_PATH_MAX) {
				if (strcmp(rel, "/"))
					strlcpy(rel + strlen(rel), "/", 2);
				strlcpy(rel + strlen(rel), name, VFS_PATH_MAX - strlen(rel));
				vfs_mount_lock(f->mnt);
				listed = f->mnt->ops->stat(f->mnt, rel, &st) == 0;
				vfs_mount_unlock(f->mnt);
			}
		}
		if (listed)
			continue;
		memset(out, 0, sizeof(*out));
		out->type = VFS_T_DIR;
		strlcpy(out->name, name, sizeof(out->name));
		return 1;
	}
	return 0;
}

int vfs_readdir(struct vfs_file *f, struct vfs_dirent *out)
{
	int n;

	if (f->type != VFS_T_DIR)
		return -ENOTDIR;
	if (!f->fs_done) {
		vfs_mount_lock(f->mnt);
		n = f->ops->readdir(f, out);
		vfs_mount_unlock(f->mnt);
		if (n != 0)
			return n;
		f->fs_done = true;
	}
	return next_mount_point(f, out);
}

int vfs_ftruncate(struct vfs_file *f, u64 length)
{
	int err;

	if (f->type == VFS_T_DIR)
		return -EISDIR;
	if (!may_write(f))
		return -EBADF;
	if (!f->ops->truncate)
		return -EINVAL;
	vfs_mount_lock(f->mnt);
	err = f->ops->truncate(f, length);
	vfs_mount_unlock(f->mnt);
	return err;
}

int vfs_fstat(struct vfs_file *f, struct vfs_stat *st)
{
	int err;

	memset(st, 0, sizeof(*st));
	if (!f->ops->stat)
		return -EINVAL;
	vfs_mount_lock(f->mnt);
	err = f->ops->stat(f, st);
	vfs_mount_unlock(f->mnt);
	if (f->mnt->flags & VFS_MOUNT_RDONLY)
		st->ro = 1;
	return err;
}
