/* SPDX-License-Identifier: MIT */
/*
 * FAT32 sector I/O.
 *
 * All disk access goes through fat32_io_read/fat32_io_write, which take
 * volume sectors (BPB_BytsPerSec bytes), refuse anything outside the
 * volume (so a corrupt cluster number can never reach past the end of
 * the device) and translate to block-device sectors.
 *
 * Directory and other metadata sectors go through a one-sector
 * write-through cache (meta_buf): a directory scan reads each sector
 * once, and an update writes the sector straight back.
 */
#include "fat32_internal.h"

static int io_check(struct fat32_fs *fs, uint32_t sector, uint32_t count)
{
	if (count == 0 || sector >= fs->total_sectors || count > fs->total_sectors - sector)
		return FAT32_ECORRUPT;
	return 0;
}

int fat32_io_read(struct fat32_fs *fs, uint32_t sector, uint32_t count, void *buf)
{
	int err = io_check(fs, sector, count);

	if (err)
		return err;
	if (fs->dev->read(fs->dev->ctx, (uint64_t)sector << fs->dev_shift, count << fs->dev_shift,
			  buf) < 0)
		return FAT32_EIO;
	return 0;
}

int fat32_io_write(struct fat32_fs *fs, uint32_t sector, uint32_t count, const void *buf)
{
	int err = io_check(fs, sector, count);

	if (err)
		return err;
	if (fs->readonly)
		return FAT32_EROFS;
	/* Keep the metadata cache coherent with direct writes. */
	if (fs->meta_cached != FAT32_UNKNOWN && fs->meta_cached >= sector &&
	    fs->meta_cached - sector < count)
		fs->meta_cached = FAT32_UNKNOWN;
	if (fs->dev->write(fs->dev->ctx, (uint64_t)sector << fs->dev_shift, count << fs->dev_shift,
			   buf) < 0)
		return FAT32_EIO;
	return 0;
}

int fat32_meta_get(struct fat32_fs *fs, uint32_t sector, uint8_t **buf)
{
	int err;

	if (fs->meta_cached != sector) {
		fs->meta_cached = FAT32_UNKNOWN;
		err = fat32_io_read(fs, sector, 1, fs->meta_buf);
		if (err)
			return err;
		fs->meta_cached = sector;
	}
	*buf = fs->meta_buf;
	return 0;
}

int fat32_meta_put(struct fat32_fs *fs)
{
	uint32_t sector = fs->meta_cached;
	int err;

	if (sector == FAT32_UNKNOWN)
		return FAT32_EINVAL;
	err = fat32_io_write(fs, sector, 1, fs->meta_buf);
	/* fat32_io_write invalidated the cache; the buffer is still right. */
	if (!err)
		fs->meta_cached = sector;
	return err;
}

void fat32_meta_invalidate(struct fat32_fs *fs)
{
	fs->meta_cached = FAT32_UNKNOWN;
}
