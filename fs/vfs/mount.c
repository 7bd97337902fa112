// SPDX-License-Identifier: GPL-2.0
/*
 * The mount table: up to VFS_MAX_MOUNTS file systems, each at a
 * normalized path. A path belongs to the mount with the longest prefix
 * that ends at a component boundary ("/tmp" holds "/tmp" and "/tmp/x",
 * not "/tmpfile"), so mounts may nest and a mount point needs no
 * directory below it. table_lock guards the table and each mount's
 * open_files count; the entries are never freed (a static array), so a
 * resolved mount stays valid, and vfs_umount() refuses while files are
 * open on it.
 */
#include <avatar/string.h>
#include <avatar/vfs.h>
#include <uapi/avatar/errno.h>

static struct vfs_mount mounts[VFS_MAX_MOUNTS];
static DEFINE_MUTEX(table_lock);

/* Does mount path mp (length n) hold the normalized path p? */
static bool covers(const char *mp, size_t n, const char *p)
{
	if (n == 1) /* "/" holds everything */
		return true;
	return !strncmp(mp, p, n) && (p[n] == '\0' || p[n] == '/');
}

static struct vfs_mount *find_exact(const char *path)
{
	for (unsigned int i = 0; i < VFS_MAX_MOUNTS; i++)
		if (mounts[i].used && !strcmp(mounts[i].path, path))
			return &mounts[i];
	return NULL;
}

int vfs_mount(const char *path, const struct vfs_fs_ops *ops, void *priv, unsigned int flags,
	      struct mutex *lock)
{
	char norm[VFS_PATH_MAX];
	struct vfs_mount *m = NULL;
	int err = vfs_path_normalize(path, norm);

	if (err)
		return err;
	mutex_lock(&table_lock);
	if (find_exact(norm)) {
		err = -EBUSY;
		goto out;
	}
	for (unsigned int i = 0; i < VFS_MAX_MOUNTS && !m; i++)
		if (!mounts[i].used)
			m = &mounts[i];
	if (!m) {
		err = -ENOSPC;
		goto out;
	}
	memset(m, 0, sizeof(*m));
	strlcpy(m->path, norm, sizeof(m->path));
	m->path_len = strlen(norm);
	m->ops = ops;
	m->priv = priv;
	m->flags = flags;
	mutex_init(&m->own_lock);
	m->lock = lock ? lock : &m->own_lock;
	m->used = true;
out:
	mutex_unlock(&table_lock);
	return err;
}

int vfs_umount(const char *path)
{
	char norm[VFS_PATH_MAX];
	struct vfs_mount *m;
	int err = vfs_path_normalize(path, norm);

	if (err)
		return err;
	mutex_lock(&table_lock);
	m = find_exact(norm);
	if (!m)
		err = -EINVAL;
	else if (m->open_files)
		err = -EBUSY;
	else
		m->used = false;
	mutex_unlock(&table_lock);
	return err;
}

int vfs_resolve(const char *path, struct vfs_mount **out, char *rel)
{
	char norm[VFS_PATH_MAX];
	struct vfs_mount *best = NULL;
	int err = vfs_path_normalize(path, norm);

	*out = NULL;
	if (err)
		return err;
	mutex_lock(&table_lock);
	for (unsigned int i = 0; i < VFS_MAX_MOUNTS; i++) {
		struct vfs_mount *m = &mounts[i];

		if (m->used && covers(m->path, m->path_len, norm) &&
		    (!best || m->path_len > best->path_len))
			best = m;
	}
	mutex_unlock(&table_lock);
	if (!best)
		return -ENODEV;
	if (best->path_len == 1)
		strlcpy(rel, norm, VFS_PATH_MAX);
	else if (norm[best->path_len] == '\0')
		strlcpy(rel, "/", VFS_PATH_MAX);
	else
		strlcpy(rel, norm + best->path_len, VFS_PATH_MAX);
	*out = best;
	return 0;
}

const struct vfs_mount *vfs_mount_at(unsigned int i)
{
	return i < VFS_MAX_MOUNTS && mounts[i].used ? &mounts[i] : NULL;
}

void vfs_mount_reset(void)
{
	memset(mounts, 0, sizeof(mounts));
}

void vfs_mount_lock(struct vfs_mount *m)
{
	if (!(m->ops->flags & VFS_FS_OWN_LOCKING))
		mutex_lock(m->lock);
}

void vfs_mount_unlock(struct vfs_mount *m)
{
	if (!(m->ops->flags & VFS_FS_OWN_LOCKING))
		mutex_unlock(m->lock);
}

/* An open file holds its mount (file.c). */
void vfs_mount_hold(struct vfs_mount *m, int delta)
{
	mutex_lock(&table_lock);
	m->open_files += delta;
	mutex_unlock(&table_lock);
}
