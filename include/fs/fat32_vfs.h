/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FAT32 library (<fs/fat32.h>) behind the VFS (<avatar/vfs.h>):
 * fs/fat32_vfs.c. The struct fat32_fs stays its owner's (the boot
 * volume); lock is the mutex every user of that fat32_fs takes, so the
 * VFS serialises its calls with theirs.
 */
#ifndef AVATAR_FS_FAT32_VFS_H
#define AVATAR_FS_FAT32_VFS_H

#include <avatar/vfs.h>
#include <fs/fat32.h>

extern const struct vfs_fs_ops fat32_vfs_ops;

/* Mount fs at path; flags VFS_MOUNT_RDONLY (also implied by fs->readonly). */
int fat32_vfs_mount(const char *path, struct fat32_fs *fs, unsigned int flags, struct mutex *lock);

#endif /* AVATAR_FS_FAT32_VFS_H */
