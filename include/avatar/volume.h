/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The FAT32 volume on the boot disk (fs/volume.c): the first virtio-blk
 * disk ("vda"), a buffer cache over it, and the FAT32 file system on top,
 * mounted at boot, and at "/" of the VFS (fs/vfs/init.c).
 *
 * lock serialises every use of fs and cache: the VFS takes it around each
 * call into FAT32 (it is the "/" mount's lock), /dev/vda around its
 * cache reads, and any other direct user of the fat32 library must take
 * it too (shell `fs info` and `fs bench`, `sync`).
 */
#ifndef AVATAR_VOLUME_H
#define AVATAR_VOLUME_H

#include <avatar/bcache.h>
#include <avatar/blkdev.h>
#include <avatar/mutex.h>
#include <fs/fat32.h>

#define VOLUME_DISK "vda"

struct volume {
	bool mounted;
	bool readonly;
	struct mutex lock;
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
