// SPDX-License-Identifier: GPL-2.0
/*
 * Mounting the boot disk's FAT32 volume.
 *
 * Layers, bottom up: the block device (virtio-blk, <avatar/blkdev.h>);
 * the buffer cache (<avatar/bcache.h>, CONFIG_BCACHE_SIZE_MB of 4 KiB
 * blocks from the page allocator), whose device calls become blk_rw()
 * requests; the FAT32 driver, whose struct fat32_blockdev reads and
 * writes through the cache and whose flush is bcache_sync() (write back
 * every dirty block, then a device flush). fat32 keeps no file data
 * itself, so the cache is the only copy of unwritten data: `sync`
 * (fat32_sync) and unmount make it durable.
 */
#define pr_fmt(fmt) "fat32: " fmt

#include <avatar/kconfig.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/volume.h>

#define BCACHE_BLOCKS_PER_MB (1024 * 1024 / BCACHE_BLOCK_SIZE)

struct volume boot_volume = {.lock = MUTEX_INIT(boot_volume.lock)};

static int cache_rw(void *ctx, bool write, u64 sector, const struct blk_seg *segs, unsigned int nr)
{
	return blk_rw(ctx, write ? BLK_OP_WRITE : BLK_OP_READ, sector, segs, nr);
}

static int cache_flush(void *ctx)
{
	return blk_flush(ctx);
}

static int fat_read(void *ctx, u64 lba, u32 count, void *buf)
{
	return bcache_read(ctx, lba, count, buf);
}

static int fat_write(void *ctx, u64 lba, u32 count, const void *buf)
{
	return bcache_write(ctx, lba, count, buf);
}

static int fat_flush(void *ctx)
{
	return bcache_sync(ctx);
}

static int cache_init(struct volume *v)
{
	unsigned int nr = CONFIG_BCACHE_SIZE_MB * BCACHE_BLOCKS_PER_MB;
	int order = page_order_for((size_t)nr * BCACHE_BLOCK_SIZE);
	uintptr_t data = order >= 0 ? alloc_pages((unsigned int)order) : 0;
	void *meta = kmalloc(bcache_meta_size(nr));

	if (!data || !meta) {
		if (data)
			free_pages(data, (unsigned int)order);
		kfree(meta);
		return FAT32_EIO;
	}
	v->cache_dev = (struct bcache_dev){
		.ctx = v->dev,
		.nr_sectors = v->dev->nr_sectors,
		.max_segs = nr, /* blk_rw splits by the device's limit */
		.rw = cache_rw,
		.flush = cache_flush,
	};
	return bcache_init(&v->cache, &v->cache_dev, nr, meta, pa_to_va(data));
}

void volume_mount_boot(void)
{
	struct volume *v = &boot_volume;
	struct fat32_mount_opts opts = {0};
	char label[12];
	int err;

	v->dev = blkdev_lookup(VOLUME_DISK);
	if (!v->dev) {
		pr_info("no disk (%s): no volume mounted\n", VOLUME_DISK);
		return;
	}
	if (cache_init(v)) {
		pr_err("%s: no memory for a %u MiB buffer cache\n", v->dev->name,
		       CONFIG_BCACHE_SIZE_MB);
		return;
	}
	v->readonly = IS_ENABLED(CONFIG_FS_FAT32_READ_ONLY) || v->dev->readonly;
	if (v->readonly)
		opts.flags |= FAT32_MOUNT_RDONLY;
	v->fat_dev = (struct fat32_blockdev){
		.ctx = &v->cache,
		.sector_size = BLK_SECTOR_SIZE,
		.sector_count = v->dev->nr_sectors,
		.read = fat_read,
		.write = fat_write,
		.flush = fat_flush,
	};
	err = fat32_mount(&v->fs, &v->fat_dev, &opts);
	if (err) {
		pr_err("%s: not mounted: %s\n", v->dev->name, fat32_strerror(err));
		return;
	}
	v->mounted = true;
	if (fat32_get_label(&v->fs, label))
		label[0] = '\0';
	pr_info("%s mounted%s, %llu MiB, label %s\n", v->dev->name, v->readonly ? " read-only" : "",
		(unsigned long long)(v->dev->nr_sectors >> (20 - BLK_SECTOR_SHIFT)),
		label[0] ? label : "(none)");
}

struct volume *volume_get(void)
{
	return boot_volume.mounted ? &boot_volume : NULL;
}

int volume_sync(struct volume *v)
{
	int err;

	if (v->readonly)
		return 0;
	mutex_lock(&v->lock);
	err = fat32_sync(&v->fs);
	mutex_unlock(&v->lock);
	return err;
}
