/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FAT32 volume on the boot disk (fs/volume.c): the first virtio-blk
 * disk ("vda"), a buffer cache over it, and the FAT32 file system on top,
 * mounted at boot. The shell's fs commands (fs/fs_cmd.c) and, later, the
 * guest loader use it. One user at a time (the shell): the scheduler's
 * mutex will guard it once there is more than one thread.
 */
#ifndef AVATAR_VOLUME_H
#define AVATAR_VOLUME_H

#include <avatar/bcache.h>
#include <avatar/blkdev.h>
#include <fs/fat32.h>

#define VOLUME_DISK "vda"

struct volume {
	bool mounted;
	bool readonly;
	struct blkdev *dev;
	struct bcache cache;
	struct bcache_dev cache_dev;
	struct fat32_blockdev fat_dev;
	struct fat32_fs fs;
};

extern struct volume boot_volume;

/* Mount VOLUME_DISK if present; prints one line either way (boot). */
void volume_mount_boot(void);
/* The mounted volume, or NULL (the caller prints why). */
struct volume *volume_get(void);
/* Write back the FAT32 metadata and the dirty cache blocks, flush the disk. */
int volume_sync(struct volume *v);

#endif /* AVATAR_VOLUME_H */
