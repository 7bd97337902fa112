// SPDX-License-Identifier: GPL-2.0
/*
 * devfs: a flat directory of registered devices (<fs/devfs.h>). The
 * table only grows (drivers register at boot and never leave), so a
 * registered pointer stays valid and lookups need no lock; registration
 * takes table_lock. The VFS calls devfs without the mount lock
 * (VFS_FS_OWN_LOCKING): reading the console blocks, and must not hold
 * up the rest of /dev.
 */
#include <avatar/string.h>
#include <fs/devfs.h>
#include <uapi/avatar/errno.h>

static struct devfs_device *devices[DEVFS_MAX_DEVICES];
static unsigned int nr_devices;
static DEFINE_MUTEX(table_lock);

static struct devfs_device *lookup(const char *name)
{
	unsigned int n = __atomic_load_n(&nr_devices, __ATOMIC_ACQUIRE);

	for (unsigned int i = 0; i < n; i++)
		if (!strcmp(devices[i]->name, name))
			return devices[i];
	return NULL;
}

int devfs_register(struct devfs_device *d)
{
	int err = 0;

	if (!d->name[0] || strchr(d->name, '/') || (d->type != VFS_T_CHR && d->type != VFS_T_BLK))
		return -EINVAL;
	mutex_lock(&table_lock);
	if (lookup(d->name))
		err = -EEXIST;
	else if (nr_devices == DEVFS_MAX_DEVICES)
		err = -ENOSPC;
	else {
		devices[nr_devices] = d;
		__atomic_store_n(&nr_devices, nr_devices + 1, __ATOMIC_RELEASE);
	}
	mutex_unlock(&table_lock);
	return err;
}

static void fill_stat(const struct devfs_device *d, struct vfs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->type = d->type;
	st->size = d->size;
	st->ro = !d->write;
}

static s64 dev_read(struct vfs_file *f, void *buf, size_t len)
{
	struct devfs_device *d = f->priv;
	s64 n;

	if (!d->read)
		return -EINVAL;
	n = d->read(d, buf, len, f->pos);
	if (n > 0)
		f->pos += (u64)n;
	return n;
}

static s64 dev_write(struct vfs_file *f, const void *buf, size_t len)
{
	struct devfs_device *d = f->priv;
	s64 n = d->write(d, buf, len, f->pos);

	if (n > 0)
		f->pos += (u64)n;
	return n;
}

static int dev_stat(struct vfs_file *f, struct vfs_stat *st)
{
	fill_stat(f->priv, st);
	return 0;
}

static const struct vfs_file_ops device_ops = {
	.read = dev_read,
	.write = dev_write,
	.stat = dev_stat,
};

/* The directory: f->cursor counts the entries returned. */
static int dir_readdir(struct vfs_file *f, struct vfs_dirent *out)
{
	uintptr_t i = (uintptr_t)f->cursor;
	struct devfs_device *d;

	if (i >= __atomic_load_n(&nr_devices, __ATOMIC_ACQUIRE))
		return 0;
	d = devices[i];
	memset(out, 0, sizeof(*out));
	out->type = d->type;
	out->size = d->size;
	strlcpy(out->name, d->name, sizeof(out->name));
	f->cursor = (void *)(i + 1);
	return 1;
}

static int dir_stat(struct vfs_file *f, struct vfs_stat *st)
{
	(void)f;
	memset(st, 0, sizeof(*st));
	st->type = VFS_T_DIR;
	return 0;
}

static const struct vfs_file_ops dir_ops = {
	.readdir = dir_readdir,
	.stat = dir_stat,
};

static int devfs_open(struct vfs_mount *m, const char *path, int flags, struct vfs_file *f)
{
	struct devfs_device *d;

	(void)m;
	if (!strcmp(path, "/")) {
		if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
			return -EISDIR;
		f->ops = &dir_ops;
		f->type = VFS_T_DIR;
		return 0;
	}
	d = lookup(path + 1);
	if (!d)
		return (flags & O_CREAT) && !strchr(path + 1, '/') ? -EPERM : -ENOENT;
	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if ((flags & O_ACCMODE) != O_RDONLY && !d->write)
		return -EROFS;
	f->ops = &device_ops;
	f->priv = d;
	f->type = d->type;
	return 0;
}

static int devfs_stat(struct vfs_mount *m, const char *path, struct vfs_stat *st)
{
	struct devfs_device *d;

	(void)m;
	if (!strcmp(path, "/")) {
		memset(st, 0, sizeof(*st));
		st->type = VFS_T_DIR;
		return 0;
	}
	d = lookup(path + 1);
	if (!d)
		return -ENOENT;
	fill_stat(d, st);
	return 0;
}

const struct vfs_fs_ops devfs_ops = {
	.name = "devfs",
	.flags = VFS_FS_OWN_LOCKING,
	.open = devfs_open,
	.stat = devfs_stat,
};
