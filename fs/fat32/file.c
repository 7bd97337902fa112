/* SPDX-License-Identifier: MIT */
/*
 * FAT32 files: open, read, write, seek, truncate, close.
 *
 * At open the whole cluster chain is walked once (bounded by the cluster
 * count), which proves it ends and gives its length and last cluster;
 * reads beyond the chain (a size larger than the chain) then fail with
 * FAT32_ECORRUPT instead of following garbage.
 *
 * The open file remembers the last cluster it touched (cur_cluster,
 * cur_index), so sequential access never re-walks the chain. Each
 * transfer maps the position to a run of physically contiguous clusters
 * and moves whole sectors of it with one block-device call straight
 * from/to the caller's buffer; only partial sectors go through tmp_buf.
 *
 * Writes allocate the clusters they need first; on a full disk the
 * write is shortened to what was allocated, and a write that cannot
 * place a single byte returns FAT32_ENOSPC. Gaps left by seeking past the
 * end are filled with zeros (FAT has no holes). The directory entry
 * (size, first cluster, modification time) is written back by
 * fat32_fsync() and fat32_close().
 */
#include "fat32_internal.h"

#define RUN_MAX (16u << 20) /* bytes per block-device call */

static bool can_read(const struct fat32_file *f)
{
	return (f->flags & FAT32_O_ACCMODE) != FAT32_O_WRONLY;
}

static bool can_write(const struct fat32_file *f)
{
	return (f->flags & FAT32_O_ACCMODE) != FAT32_O_RDONLY;
}

/* Cluster number idx of the chain, walking forward from the cursor. */
static int file_cluster_at(struct fat32_file *f, uint32_t idx, uint32_t *out)
{
	struct fat32_fs *fs = f->fs;
	uint32_t c, ci;
	int err;

	if (idx >= f->chain_len)
		return FAT32_ECORRUPT;
	if (f->cur_cluster && idx >= f->cur_index) {
		c = f->cur_cluster;
		ci = f->cur_index;
	} else {
		c = f->first_cluster;
		ci = 0;
	}
	while (ci < idx) {
		err = fat32_fat_next(fs, c, &c);
		if (err)
			return err;
		if (!c)
			return FAT32_ECORRUPT;
		ci++;
	}
	f->cur_cluster = c;
	f->cur_index = ci;
	*out = c;
	return 0;
}

static uint32_t div_up(uint32_t a, uint32_t b)
{
	return a / b + (a % b != 0);
}

static uint32_t min_u32(uint32_t a, uint32_t b)
{
	return a < b ? a : b;
}

/*
 * Map pos to a volume sector and the number of bytes (<= want) that are
 * physically contiguous from there.
 */
static int file_map(struct fat32_file *f, uint32_t pos, uint32_t want, uint32_t *sector,
		    uint32_t *run)
{
	struct fat32_fs *fs = f->fs;
	uint32_t idx = pos >> fs->cluster_shift, off = pos & (fs->cluster_size - 1);
	uint32_t first, c, n, ci, avail = fs->cluster_size - off;
	int err;

	err = file_cluster_at(f, idx, &first);
	if (err)
		return err;
	c = first;
	ci = idx;
	if (avail < want && ci + 1 < f->chain_len && avail < RUN_MAX) {
		/* Clusters that may follow: for want, for RUN_MAX, in the chain. */
		uint32_t extra = div_up(want - avail, fs->cluster_size);

		extra = min_u32(extra, div_up(RUN_MAX - avail, fs->cluster_size));
		extra = min_u32(extra, f->chain_len - 1 - ci);
		err = fat32_fat_run(fs, first, extra + 1, &n);
		if (err)
			return err;
		c = first + n - 1;
		ci += n - 1;
		avail += (n - 1) * fs->cluster_size;
	}
	f->cur_cluster = c;
	f->cur_index = ci;
	*sector = fat32_cluster_sector(fs, first) + (off >> fs->sector_shift);
	*run = avail < want ? avail : want;
	return 0;
}

static int64_t file_read_at(struct fat32_file *f, uint32_t pos, uint8_t *dst, uint32_t len)
{
	struct fat32_fs *fs = f->fs;
	uint32_t done = 0, sector, run, off, chunk;
	int err;

	while (done < len) {
		err = file_map(f, pos + done, len - done, &sector, &run);
		if (err)
			return done ? (int64_t)done : err;
		off = (pos + done) & (fs->bytes_per_sector - 1);
		if (off || run < fs->bytes_per_sector) {
			chunk = fs->bytes_per_sector - off;
			if (chunk > run)
				chunk = run;
			err = fat32_io_read(fs, sector, 1, fs->tmp_buf);
			if (err)
				return done ? (int64_t)done : err;
			memcpy(dst + done, fs->tmp_buf + off, chunk);
		} else {
			uint32_t n = run >> fs->sector_shift;

			chunk = n << fs->sector_shift;
			err = fat32_io_read(fs, sector, n, dst + done);
			if (err)
				return done ? (int64_t)done : err;
		}
		done += chunk;
	}
	return done;
}

/* Write len bytes at pos (src NULL: zeros); the chain must cover them. */
static int64_t file_write_at(struct fat32_file *f, uint32_t pos, const uint8_t *src, uint32_t len)
{
	struct fat32_fs *fs = f->fs;
	uint32_t done = 0, sector, run, off, chunk;
	int err;

	while (done < len) {
		err = file_map(f, pos + done, len - done, &sector, &run);
		if (err)
			return done ? (int64_t)done : err;
		off = (pos + done) & (fs->bytes_per_sector - 1);
		if (off || run < fs->bytes_per_sector || !src) {
			chunk = fs->bytes_per_sector - off;
			if (chunk > run)
				chunk = run;
			if (chunk < fs->bytes_per_sector) {
				err = fat32_io_read(fs, sector, 1, fs->tmp_buf);
				if (err)
					return done ? (int64_t)done : err;
			}
			if (src)
				memcpy(fs->tmp_buf + off, src + done, chunk);
			else
				memset(fs->tmp_buf + off, 0, chunk);
			err = fat32_io_write(fs, sector, 1, fs->tmp_buf);
		} else {
			uint32_t n = run >> fs->sector_shift;

			chunk = n << fs->sector_shift;
			err = fat32_io_write(fs, sector, n, src + done);
		}
		if (err)
			return done ? (int64_t)done : err;
		done += chunk;
	}
	return done;
}

/* Grow the chain to cover `bytes`; stops early (no error) on ENOSPC. */
static int file_extend(struct fat32_file *f, uint64_t bytes)
{
	struct fat32_fs *fs = f->fs;
	uint64_t need = (bytes + fs->cluster_size - 1) >> fs->cluster_shift;
	uint32_t c;
	int err;

	while (f->chain_len < need) {
		err = fat32_cluster_alloc(fs, f->last_cluster, &c);
		if (err == FAT32_ENOSPC)
			return 0;
		if (err)
			return err;
		if (!f->first_cluster)
			f->first_cluster = c;
		f->last_cluster = c;
		f->chain_len++;
		f->dirty = true;
	}
	return 0;
}

static uint64_t chain_bytes(const struct fat32_file *f)
{
	return (uint64_t)f->chain_len << f->fs->cluster_shift;
}

/* Shrink the chain to what `length` bytes need. */
static int file_shrink(struct fat32_file *f, uint32_t length)
{
	struct fat32_fs *fs = f->fs;
	uint32_t keep = (uint32_t)(((uint64_t)length + fs->cluster_size - 1) >> fs->cluster_shift);
	uint32_t c, next;
	int err;

	if (keep >= f->chain_len)
		return 0;
	f->dirty = true;
	if (keep == 0) {
		c = f->first_cluster;
		f->first_cluster = 0;
		f->last_cluster = 0;
		f->chain_len = 0;
		f->cur_cluster = 0;
		return fat32_chain_free(fs, c);
	}
	f->cur_cluster = 0;
	err = file_cluster_at(f, keep - 1, &c);
	if (err)
		return err;
	err = fat32_fat_next(fs, c, &next);
	if (err)
		return err;
	err = fat32_fat_set(fs, c, FAT_EOC);
	if (err)
		return err;
	f->last_cluster = c;
	f->chain_len = keep;
	return fat32_chain_free(fs, next);
}

int fat32_file_resize(struct fat32_file *f, uint32_t length)
{
	uint32_t old = f->size;
	int64_t n;
	int err;

	if (length <= f->size) {
		err = file_shrink(f, length);
		if (err)
			return err;
		if (f->size != length)
			f->dirty = true;
		f->size = length;
		return 0;
	}
	err = file_extend(f, length);
	if (err)
		return err;
	if (chain_bytes(f) < length) {
		file_shrink(f, old); /* give the partial growth back */
		return FAT32_ENOSPC;
	}
	n = file_write_at(f, old, NULL, length - old);
	if (n < 0)
		return (int)n;
	if ((uint32_t)n != length - old)
		return FAT32_EIO;
	f->size = length;
	f->dirty = true;
	return 0;
}

int fat32_open(struct fat32_fs *fs, struct fat32_file *f, const char *path, uint32_t flags)
{
	struct fat32_node node;
	uint32_t acc = flags & FAT32_O_ACCMODE;
	bool writes = acc != FAT32_O_RDONLY || (flags & FAT32_O_TRUNC);
	int err;

	if (!fs || !fs->mounted || !f || acc == FAT32_O_ACCMODE ||
	    ((flags & FAT32_O_TRUNC) && acc == FAT32_O_RDONLY))
		return FAT32_EINVAL;
	f->open = false;
	if (writes && fs->readonly)
		return FAT32_EROFS;
	err = fat32_path_lookup(fs, path, &node);
	if (err == FAT32_ENOENT && (flags & FAT32_O_CREAT)) {
		uint16_t name[LFN_MAX_UNITS];
		uint16_t date, time;
		uint8_t tenth;
		size_t n;

		if (fs->readonly)
			return FAT32_EROFS;
		err = fat32_path_parent(fs, path, &node.parent, name, &n);
		if (err)
			return err;
		memset(node.rec.ent, 0, DIR_ENTRY_SIZE);
		node.rec.ent[DIR_ATTR] = FAT32_ATTR_ARCHIVE;
		fat32_now(fs, &date, &time, &tenth);
		node.rec.ent[DIR_CRTTIMETENTH] = tenth;
		put_le16(node.rec.ent + DIR_CRTTIME, time);
		put_le16(node.rec.ent + DIR_CRTDATE, date);
		put_le16(node.rec.ent + DIR_LSTACCDATE, date);
		put_le16(node.rec.ent + DIR_WRTTIME, time);
		put_le16(node.rec.ent + DIR_WRTDATE, date);
		err = fat32_dir_add(fs, node.parent, name, n, node.rec.ent, &node.rec);
		if (err)
			return err;
		node.is_root = false;
		err = fat32_fat_flush(fs);
		if (err)
			return err;
	} else if (err) {
		return err;
	} else if ((flags & FAT32_O_CREAT) && (flags & FAT32_O_EXCL)) {
		return FAT32_EEXIST;
	}
	if (node.is_root || (node.rec.ent[DIR_ATTR] & FAT32_ATTR_DIRECTORY))
		return FAT32_EISDIR;

	memset(f, 0, sizeof(*f));
	f->fs = fs;
	f->flags = flags;
	f->first_cluster = dirent_cluster(node.rec.ent);
	f->size = le32(node.rec.ent + DIR_FILESIZE);
	f->ent_sector = node.rec.sector;
	f->ent_offset = node.rec.offset;
	err = fat32_chain_walk(fs, f->first_cluster, &f->chain_len, &f->last_cluster);
	if (err)
		return err;
	f->open = true;
	if ((flags & FAT32_O_TRUNC) && f->size) {
		err = fat32_file_resize(f, 0);
		if (err) {
			f->open = false;
			return err;
		}
	}
	return 0;
}

int64_t fat32_read(struct fat32_file *f, void *buf, size_t len)
{
	int64_t n;

	if (!f || !f->open || !can_read(f))
		return FAT32_EBADF;
	if (f->pos >= f->size || len == 0)
		return 0;
	if (len > f->size - f->pos)
		len = f->size - f->pos;
	n = file_read_at(f, f->pos, buf, (uint32_t)len);
	if (n > 0)
		f->pos += (uint32_t)n;
	return n;
}

int64_t fat32_write(struct fat32_file *f, const void *buf, size_t len)
{
	struct fat32_fs *fs;
	uint64_t end;
	int64_t n;
	int err;

	if (!f || !f->open || !can_write(f))
		return FAT32_EBADF;
	fs = f->fs;
	if (fs->readonly)
		return FAT32_EROFS;
	if (f->flags & FAT32_O_APPEND)
		f->pos = f->size;
	if (len == 0)
		return 0;
	if (len > FAT32_FILE_MAX - f->pos)
		len = FAT32_FILE_MAX - f->pos;
	if (len == 0)
		return FAT32_EFBIG;
	end = (uint64_t)f->pos + len;
	err = file_extend(f, end);
	if (err)
		return err;
	if (f->pos > f->size) {
		/* Zero the gap, as far as the chain reaches. */
		uint32_t zend = chain_bytes(f) < f->pos ? (uint32_t)chain_bytes(f) : f->pos;

		if (zend > f->size) {
			n = file_write_at(f, f->size, NULL, zend - f->size);
			if (n < 0)
				return n;
			f->size += (uint32_t)n;
			f->dirty = true;
		}
		if (f->size < f->pos)
			return FAT32_ENOSPC;
	}
	if (chain_bytes(f) <= f->pos)
		return FAT32_ENOSPC;
	if (chain_bytes(f) < end)
		len = (size_t)(chain_bytes(f) - f->pos);
	n = file_write_at(f, f->pos, buf, (uint32_t)len);
	if (n <= 0)
		return n;
	f->pos += (uint32_t)n;
	if (f->pos > f->size)
		f->size = f->pos;
	f->dirty = true;
	return n;
}

int64_t fat32_lseek(struct fat32_file *f, int64_t offset, int whence)
{
	int64_t base;

	if (!f || !f->open)
		return FAT32_EBADF;
	switch (whence) {
	case FAT32_SEEK_SET:
		base = 0;
		break;
	case FAT32_SEEK_CUR:
		base = f->pos;
		break;
	case FAT32_SEEK_END:
		base = f->size;
		break;
	default:
		return FAT32_EINVAL;
	}
	if (offset < -base || offset > (int64_t)FAT32_FILE_MAX - base)
		return FAT32_EINVAL;
	f->pos = (uint32_t)(base + offset);
	return f->pos;
}

int fat32_ftruncate(struct fat32_file *f, uint32_t length)
{
	if (!f || !f->open || !can_write(f))
		return FAT32_EBADF;
	if (f->fs->readonly)
		return FAT32_EROFS;
	return fat32_file_resize(f, length);
}

/* Write size, first cluster and times back to the directory entry. */
static int file_writeback(struct fat32_file *f)
{
	struct fat32_fs *fs = f->fs;
	uint16_t date, time;
	uint8_t tenth, *buf, *e;
	int err;

	if (f->dirty) {
		err = fat32_meta_get(fs, f->ent_sector, &buf);
		if (err)
			return err;
		e = buf + f->ent_offset;
		fat32_now(fs, &date, &time, &tenth);
		dirent_set_cluster(e, f->first_cluster);
		put_le32(e + DIR_FILESIZE, f->size);
		put_le16(e + DIR_WRTTIME, time);
		put_le16(e + DIR_WRTDATE, date);
		put_le16(e + DIR_LSTACCDATE, date);
		e[DIR_ATTR] |= FAT32_ATTR_ARCHIVE;
		err = fat32_meta_put(fs);
		if (err)
			return err;
		f->dirty = false;
	}
	err = fat32_fat_flush(fs);
	if (!err)
		err = fat32_fsinfo_store(fs);
	return err;
}

int fat32_fsync(struct fat32_file *f)
{
	int err;

	if (!f || !f->open)
		return FAT32_EBADF;
	if (!can_write(f) || f->fs->readonly)
		return 0;
	err = file_writeback(f);
	if (!err && f->fs->dev->flush && f->fs->dev->flush(f->fs->dev->ctx) < 0)
		err = FAT32_EIO;
	return err;
}

int fat32_close(struct fat32_file *f)
{
	int err = 0;

	if (!f || !f->open)
		return FAT32_EBADF;
	if (can_write(f) && !f->fs->readonly)
		err = file_writeback(f);
	f->open = false;
	return err;
}

int fat32_truncate(struct fat32_fs *fs, const char *path, uint32_t length)
{
	struct fat32_file f;
	int err, err2;

	err = fat32_open(fs, &f, path, FAT32_O_WRONLY);
	if (err)
		return err;
	err = fat32_ftruncate(&f, length);
	err2 = fat32_close(&f);
	return err ? err : err2;
}
