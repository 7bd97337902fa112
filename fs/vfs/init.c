// SPDX-License-Identifier: GPL-2.0
/*
 * The boot mounts (after volume_mount_boot()):
 *
 *   /      FAT32 on vda (host.img), when the boot volume is mounted, with
 *          its lock: the boot volume's mutex; read-only when the volume is
 *   /tmp   ramfs, CONFIG_RAMFS_SIZE_KB of data, CONFIG_RAMFS_MAX_NODES nodes
 *   /dev   devfs: console, null, zero, vda
 *
 * Without a disk nothing is mounted at "/": paths outside /tmp and /dev
 * give -ENODEV. One line is printed.
 */
#define pr_fmt(fmt) "vfs: " fmt

#include <avatar/kconfig.h>
#include <avatar/printk.h>
#include <avatar/volume.h>
#include <fs/devfs.h>
#include <fs/fat32_vfs.h>
#include <fs/ramfs.h>
#include <uapi/avatar/errno.h>

static void mount_root(void)
{
	struct volume *v = IS_ENABLED(CONFIG_FS_FAT32) ? volume_get() : NULL;
	int err;

	if (!v)
		return;
	err = fat32_vfs_mount("/", &v->fs, v->readonly ? VFS_MOUNT_RDONLY : 0, &v->lock);
	if (err)
		pr_err("/: not mounted: %s\n", vfs_strerror(err));
}

static void mount_tmp(void)
{
	struct ramfs *fs;
	int err;

	if (!IS_ENABLED(CONFIG_FS_RAMFS))
		return;
	fs = ramfs_create((u64)CONFIG_RAMFS_SIZE_KB * 1024, CONFIG_RAMFS_MAX_NODES);
	err = fs ? vfs_mount("/tmp", &ramfs_ops, fs, 0, NULL) : -ENOMEM;
	if (err)
		pr_err("/tmp: not mounted: %s\n", vfs_strerror(err));
}

static void mount_dev(void)
{
	int err;

	devfs_register_builtin();
	err = vfs_mount("/dev", &devfs_ops, NULL, 0, NULL);
	if (err)
		pr_err("/dev: not mounted: %s\n", vfs_strerror(err));
}

void vfs_init(void)
{
	const struct vfs_mount *m;

	mount_root();
	mount_tmp();
	mount_dev();
	printk("vfs:");
	for (unsigned int i = 0; i < VFS_MAX_MOUNTS; i++)
		if ((m = vfs_mount_at(i)))
			printk(" %s (%s%s)", m->path, m->ops->name,
			       m->flags & VFS_MOUNT_RDONLY ? ", read-only" : "");
	printk("\n");
}
