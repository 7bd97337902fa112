// SPDX-License-Identifier: GPL-2.0
/*
 * The built-in devices of /dev:
 *
 *   console  the serial console: writes go out through printk_write() (a
 *            write never interleaves with kernel messages); a user process
 *            reading waits for the first byte (interrupted by a kill) and
 *            then takes what is waiting; a kernel thread (the shell) only
 *            takes what is waiting, since the shell itself reads the console.
 *   null     reads end at once, writes are swallowed.
 *   zero     reads give zeros, writes are swallowed.
 *   vda      the boot disk, read-only, byte-addressed: through the buffer
 *            cache under the volume lock when the FAT32 volume is mounted
 *            (so it shows what FAT32 wrote, synced or not), else straight
 *            from the block layer.
 */
#include <avatar/blkdev.h>
#include <avatar/console.h>
#include <avatar/kconfig.h>
#include <avatar/printk.h>
#include <avatar/process.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/volume.h>
#include <fs/devfs.h>
#include <uapi/avatar/errno.h>

#define DISK_BOUNCE_SIZE    4096 /* bytes per step of an unaligned disk read */
#define CONSOLE_WRITE_PIECE 256	 /* bytes per printk_write() */

static s64 console_read(struct devfs_device *d, void *buf, size_t len, u64 off)
{
	struct process *p = thread_current()->process;
	char *out = buf;
	size_t n = 0;
	int c;

	(void)d, (void)off;
	if (!len)
		return 0;
	if (IS_ENABLED(CONFIG_USER) && p) {
		c = console_getc_unless(&p->killed);
		if (c < 0)
			return -EINTR;
		out[n++] = (char)c;
	}
	while (n < len && (c = console_trygetc()) >= 0)
		out[n++] = (char)c;
	return (s64)n;
}

/* In pieces: printk_write() holds the console with IRQs masked while it writes. */
static s64 console_write_dev(struct devfs_device *d, const void *buf, size_t len, u64 off)
{
	const char *p = buf;

	(void)d, (void)off;
	for (size_t done = 0; done < len; done += CONSOLE_WRITE_PIECE)
		printk_write(p + done, MIN(len - done, (size_t)CONSOLE_WRITE_PIECE));
	return (s64)len;
}

static s64 null_read(struct devfs_device *d, void *buf, size_t len, u64 off)
{
	(void)d, (void)buf, (void)len, (void)off;
	return 0;
}

static s64 sink_write(struct devfs_device *d, const void *buf, size_t len, u64 off)
{
	(void)d, (void)buf, (void)off;
	return (s64)len;
}

static s64 zero_read(struct devfs_device *d, void *buf, size_t len, u64 off)
{
	(void)d, (void)off;
	memset(buf, 0, len);
	return (s64)len;
}

/* Sectors [sector, sector + count) into buf, coherent with FAT32 when mounted. */
static int disk_sectors(struct blkdev *dev, u64 sector, u32 count, void *buf)
{
	struct volume *v = IS_ENABLED(CONFIG_FS_FAT32) ? volume_get() : NULL;
	struct blk_seg seg = {buf, count * BLK_SECTOR_SIZE};
	int err;

	if (v && v->dev == dev) {
		mutex_lock(&v->lock);
		err = bcache_read(&v->cache, sector, count, buf);
		mutex_unlock(&v->lock);
		return err;
	}
	return blk_rw(dev, BLK_OP_READ, sector, &seg, 1);
}

static s64 disk_read(struct devfs_device *d, void *buf, size_t len, u64 off)
{
	struct blkdev *dev = d->priv;
	u8 *bounce, *out = buf;
	size_t done = 0;
	int err = 0;

	if (off >= d->size)
		return 0;
	if (len > d->size - off)
		len = (size_t)(d->size - off);
	bounce = kmalloc(DISK_BOUNCE_SIZE);
	if (!bounce)
		return -ENOMEM;
	while (done < len) {
		u64 pos = off + done;
		u64 first = pos / BLK_SECTOR_SIZE;
		size_t skip = pos % BLK_SECTOR_SIZE;
		size_t chunk = MIN(len - done, DISK_BOUNCE_SIZE - skip);
		u32 count = (u32)((skip + chunk + BLK_SECTOR_SIZE - 1) / BLK_SECTOR_SIZE);

		err = disk_sectors(dev, first, count, bounce);
		if (err)
			break;
		memcpy(out + done, bounce + skip, chunk);
		done += chunk;
	}
	kfree(bounce);
	return done ? (s64)done : (err ? -EIO : 0);
}

static struct devfs_device console_dev = {
	.name = "console",
	.type = VFS_T_CHR,
	.read = console_read,
	.write = console_write_dev,
};
static struct devfs_device null_dev = {
	.name = "null",
	.type = VFS_T_CHR,
	.read = null_read,
	.write = sink_write,
};
static struct devfs_device zero_dev = {
	.name = "zero",
	.type = VFS_T_CHR,
	.read = zero_read,
	.write = sink_write,
};
static struct devfs_device disk_dev = {
	.name = VOLUME_DISK,
	.type = VFS_T_BLK,
	.read = disk_read,
};

void devfs_register_builtin(void)
{
	struct blkdev *disk = blkdev_lookup(VOLUME_DISK);

	devfs_register(&console_dev);
	devfs_register(&null_dev);
	devfs_register(&zero_dev);
	if (disk) {
		disk_dev.priv = disk;
		disk_dev.size = disk->nr_sectors * BLK_SECTOR_SIZE;
		devfs_register(&disk_dev);
	}
}
