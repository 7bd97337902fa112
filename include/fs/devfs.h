/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devfs (fs/devfs/): devices as files under /dev. A driver describes a
 * device with a struct devfs_device (kept by the driver, never freed) and
 * registers it once; it then appears as /dev/<name>. read/write get the
 * file position (block devices use it, character devices ignore it); a
 * NULL write makes the device read-only (-EROFS on an open for writing).
 * devfs calls devices without any lock: a device serialises itself.
 */
#ifndef AVATAR_FS_DEVFS_H
#define AVATAR_FS_DEVFS_H

#include <avatar/vfs.h>

#define DEVFS_MAX_DEVICES 16
#define DEVFS_NAME_LEN	  16

struct devfs_device {
	char name[DEVFS_NAME_LEN];
	u32 type; /* VFS_T_CHR or VFS_T_BLK */
	u64 size; /* bytes (block devices); 0 for a stream */
	void *priv;
	s64 (*read)(struct devfs_device *d, void *buf, size_t len, u64 off);
	s64 (*write)(struct devfs_device *d, const void *buf, size_t len, u64 off);
};

extern const struct vfs_fs_ops devfs_ops;

/* 0, -EEXIST (name taken), -ENOSPC (table full), -EINVAL (bad name or type). */
int devfs_register(struct devfs_device *d);
/* The built-in devices: console, null, zero, and vda when there is a disk. */
void devfs_register_builtin(void);

#endif /* AVATAR_FS_DEVFS_H */
