/* SPDX-License-Identifier: GPL-2.0 */
/* Shared between the files of fs/vfs/. */
#ifndef FS_VFS_INTERNAL_H
#define FS_VFS_INTERNAL_H

#include <avatar/vfs.h>

/* mount.c: count an open file on m (delta +1 / -1), under the table lock. */
void vfs_mount_hold(struct vfs_mount *m, int delta);

#endif /* FS_VFS_INTERNAL_H */
