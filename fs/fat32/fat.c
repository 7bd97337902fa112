/* SPDX-License-Identifier: MIT */
/*
 * FAT32 allocation table.
 *
 * Two FAT sectors are cached in fs->fat_buf. Reads come from the active FAT
 * copy; a modified sector is written back to every copy (or only to the
 * active one when BPB_ExtFlags disables mirroring) when another sector is
 * needed or at fat32_fat_flush(), so the copies never drift apart.
 *
 * Chains are untrusted: fat32_fat_next() rejects a link to a free,
 * reserved, bad or out-of-range cluster with FAT32_ECORRUPT, and every
 * walk is bounded by the cluster count, so a loop ends in FAT32_ECORRUPT
 * instead of a hang.
 *
 * Allocation scans for a free entry starting at the FSInfo next-free hint
 * and keeps the FSInfo free count exact (or "unknown" if it was unknown).
 */
#include "fat32_internal.h"

static int fat_flush_slot(struct fat32_fs *fs, uint32_t slot)
{
	uint32_t i;
	int err;

	if (!fs->fat_dirty[slot])
		return 0;
	for (i = 0; i < fs->num_fats; i++) {
		if (!fs->fat_mirror && i != fs->active_fat)
			continue;
		err = fat32_io_write(
			fs, fs->reserved_sectors + i * fs->fat_sectors + fs->fat_cached[slot], 1,
			fs->fat_buf[slot]);
		if (err)
			return err;
	}
	fs->fat_dirty[slot] = false;
	return 0;
}

int fat32_fat_flush(struct fat32_fs *fs)
{
	int err = fat_flush_slot(fs, 0);

	return err ? err : fat_flush_slot(fs, 1);
}

/* Cache FAT sector sec; returns its buffer in *buf. */
static int fat_load(struct fat32_fs *fs, uint32_t sec, uint8_t **buf, uint32_t *slot)
{
	uint32_t s;
	int err;

	for (s = 0; s < 2; s++) {
		if (fs->fat_cached[s] == sec) {
			fs->fat_lru = s ^ 1;
			*buf = fs->fat_buf[s];
			*slot = s;
			return 0;
		}
	}
	s = fs->fat_lru;
	err = fat_flush_slot(fs, s);
	if (err)
		return err;
	fs->fat_cached[s] = FAT32_UNKNOWN;
	err = fat32_io_read(fs, fs->reserved_sectors + fs->active_fat * fs->fat_sectors + sec, 1,
			    fs->fat_buf[s]);
	if (err)
		return err;
	fs->fat_cached[s] = sec;
	fs->fat_lru = s ^ 1;
	*buf = fs->fat_buf[s];
	*slot = s;
	return 0;
}

/* Raw entry of any cluster number that has a slot in the FAT. */
int fat32_fat_get(struct fat32_fs *fs, uint32_t c, uint32_t *val)
{
	uint32_t off, slot;
	uint8_t *buf;
	int err;

	if (!fat32_cluster_valid(fs, c))
		return FAT32_ECORRUPT;
	off = c * 4;
	err = fat_load(fs, off >> fs->sector_shift, &buf, &slot);
	if (err)
		return err;
	*val = le32(buf + (off & (fs->bytes_per_sector - 1))) & FAT_MASK;
	return 0;
}

int fat32_fat_set(struct fat32_fs *fs, uint32_t c, uint32_t val)
{
	uint32_t off, old, slot;
	uint8_t *p;
	int err;

	if (!fat32_cluster_valid(fs, c))
		return FAT32_ECORRUPT;
	if (fs->readonly)
		return FAT32_EROFS;
	off = c * 4;
	err = fat_load(fs, off >> fs->sector_shift, &p, &slot);
	if (err)
		return err;
	p += off & (fs->bytes_per_sector - 1);
	old = le32(p);
	/* The top four bits are reserved and must be preserved. */
	put_le32(p, (old & ~FAT_MASK) | (val & FAT_MASK));
	fs->fat_dirty[slot] = true;
	return 0;
}

int fat32_fat_next(struct fat32_fs *fs, uint32_t c, uint32_t *next)
{
	uint32_t v;
	int err = fat32_fat_get(fs, c, &v);

	if (err)
		return err;
	if (v >= FAT_EOC_MIN) {
		*next = 0;
		return 0;
	}
	if (!fat32_cluster_valid(fs, v))
		return FAT32_ECORRUPT; /* free, reserved, bad, out of range */
	*next = v;
	return 0;
}

int fat32_fat_run(struct fat32_fs *fs, uint32_t c, uint32_t max, uint32_t *n)
{
	uint32_t count = 1;

	if (!fat32_cluster_valid(fs, c))
		return FAT32_ECORRUPT;
	while (count < max) {
		uint32_t off = c * 4, slot, i;
		uint8_t *buf;
		int err = fat_load(fs, off >> fs->sector_shift, &buf, &slot);

		if (err)
			return err;
		for (i = off & (fs->bytes_per_sector - 1); i < fs->bytes_per_sector && count < max;
		     i += 4) {
			uint32_t v = le32(buf + i) & FAT_MASK;

			if (v != c + 1 || !fat32_cluster_valid(fs, v)) {
				*n = count;
				return 0;
			}
			c++;
			count++;
		}
	}
	*n = count;
	return 0;
}

int fat32_chain_walk(struct fat32_fs *fs, uint32_t first, uint32_t *len, uint32_t *last)
{
	uint32_t c = first, n = 0, next, run;
	int err;

	*len = 0;
	*last = 0;
	if (first == 0)
		return 0;
	if (!fat32_cluster_valid(fs, first))
		return FAT32_ECORRUPT;
	for (;;) {
		/* A contiguous run cannot loop: only the links between runs can. */
		err = fat32_fat_run(fs, c, fs->cluster_count, &run);
		if (err)
			return err;
		n += run;
		if (n > fs->cluster_count)
			return FAT32_ECORRUPT; /* longer than the volume: a loop */
		c += run - 1;
		err = fat32_fat_next(fs, c, &next);
		if (err)
			return err;
		if (!next)
			break;
		c = next;
	}
	*len = n;
	*last = c;
	return 0;
}

int fat32_count_free(struct fat32_fs *fs)
{
	uint32_t c, v, n = 0;
	int err;

	for (c = 2; c - 2 < fs->cluster_count; c++) {
		err = fat32_fat_get(fs, c, &v);
		if (err)
			return err;
		if (v == FAT_FREE)
			n++;
	}
	if (fs->free_count != n) {
		fs->free_count = n;
		fs->fsinfo_dirty = true;
	}
	return 0;
}

int fat32_cluster_alloc(struct fat32_fs *fs, uint32_t prev, uint32_t *out)
{
	uint32_t i, c, v;
	int err;

	if (fs->readonly)
		return FAT32_EROFS;
	c = fat32_cluster_valid(fs, fs->next_free) ? fs->next_free : 2;
	for (i = 0; i < fs->cluster_count; i++, c++) {
		if (!fat32_cluster_valid(fs, c))
			c = 2;
		err = fat32_fat_get(fs, c, &v);
		if (err)
			return err;
		if (v != FAT_FREE)
			continue;
		err = fat32_fat_set(fs, c, FAT_EOC);
		if (err)
			return err;
		if (prev) {
			err = fat32_fat_set(fs, prev, c);
			if (err) {
				fat32_fat_set(fs, c, FAT_FREE);
				return err;
			}
		}
		if (fs->free_count != FAT32_UNKNOWN) {
			/* A count of 0 with a free cluster found was wrong. */
			fs->free_count = fs->free_count ? fs->free_count - 1 : FAT32_UNKNOWN;
		}
		fs->next_free = fat32_cluster_valid(fs, c + 1) ? c + 1 : 2;
		fs->fsinfo_dirty = true;
		*out = c;
		return 0;
	}
	if (fs->free_count != 0) {
		fs->free_count = 0;
		fs->fsinfo_dirty = true;
	}
	return FAT32_ENOSPC;
}

int fat32_chain_free(struct fat32_fs *fs, uint32_t first)
{
	uint32_t c = first, next, n = 0;
	int err;

	if (first == 0)
		return 0;
	if (!fat32_cluster_valid(fs, first))
		return FAT32_ECORRUPT;
	while (c) {
		if (++n > fs->cluster_count)
			return FAT32_ECORRUPT;
		err = fat32_fat_next(fs, c, &next);
		if (err)
			return err;
		err = fat32_fat_set(fs, c, FAT_FREE);
		if (err)
			return err;
		if (fs->free_count != FAT32_UNKNOWN && fs->free_count < fs->cluster_count)
			fs->free_count++;
		fs->fsinfo_dirty = true;
		c = next;
	}
	return 0;
}

int fat32_cluster_zero(struct fat32_fs *fs, uint32_t c)
{
	uint32_t s = fat32_cluster_sector(fs, c), i;
	int err;

	memset(fs->tmp_buf, 0, fs->bytes_per_sector);
	for (i = 0; i < fs->sectors_per_cluster; i++) {
		err = fat32_io_write(fs, s + i, 1, fs->tmp_buf);
		if (err)
			return err;
	}
	return 0;
}
