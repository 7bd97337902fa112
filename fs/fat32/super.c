/* SPDX-License-Identifier: MIT */
/*
 * FAT32 volume: mount, unmount, sync, statfs, label, error strings.
 */
#include "fat32_internal.h"

int fat32_mount(struct fat32_fs *fs, struct fat32_blockdev *dev,
		const struct fat32_mount_opts *opts)
{
	uint32_t ss;
	bool ro = opts && (opts->flags & FAT32_MOUNT_RDONLY);
	int err;

	if (!fs || !dev || !dev->read || (!ro && !dev->write))
		return FAT32_EINVAL;
	ss = dev->sector_size;
	if (ss < 512 || ss > FAT32_MAX_SECTOR || (ss & (ss - 1)) || dev->sector_count == 0)
		return FAT32_EINVAL;
	memset(fs, 0, sizeof(*fs));
	fs->dev = dev;
	fs->fat_cached[0] = fs->fat_cached[1] = FAT32_UNKNOWN;
	fs->meta_cached = FAT32_UNKNOWN;
	fs->readonly = ro;
	if (opts) {
		fs->clock = opts->clock;
		fs->clock_ctx = opts->clock_ctx;
	}
	if (dev->read(dev->ctx, 0, 1, fs->tmp_buf) < 0)
		return FAT32_EIO;
	err = fat32_bpb_parse(fs, fs->tmp_buf);
	if (err)
		return err;
	err = fat32_fsinfo_load(fs);
	if (err)
		return err;
	fs->mounted = true;
	return 0;
}

int fat32_sync(struct fat32_fs *fs)
{
	int err;

	if (!fs || !fs->mounted)
		return FAT32_EINVAL;
	if (fs->readonly)
		return 0;
	err = fat32_fat_flush(fs);
	if (!err)
		err = fat32_fsinfo_store(fs);
	if (!err && fs->dev->flush && fs->dev->flush(fs->dev->ctx) < 0)
		err = FAT32_EIO;
	return err;
}

int fat32_unmount(struct fat32_fs *fs)
{
	int err = fat32_sync(fs);

	if (fs)
		fs->mounted = false;
	return err;
}

int fat32_statfs(struct fat32_fs *fs, struct fat32_statfs *out)
{
	int err;

	if (!fs || !fs->mounted || !out)
		return FAT32_EINVAL;
	if (fs->free_count == FAT32_UNKNOWN) {
		err = fat32_count_free(fs);
		if (err)
			return err;
	}
	out->sector_size = fs->bytes_per_sector;
	out->cluster_size = fs->cluster_size;
	out->total_clusters = fs->cluster_count;
	out->free_clusters = fs->free_count;
	return 0;
}

static void label_trim(const uint8_t *src, char out[12])
{
	int n = 11;

	memcpy(out, src, 11);
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

int fat32_get_label(struct fat32_fs *fs, char out[12])
{
	uint32_t sector, offset;
	uint8_t *buf;
	int r;

	if (!fs || !fs->mounted || !out)
		return FAT32_EINVAL;
	r = fat32_dir_find_label(fs, &sector, &offset);
	if (r < 0)
		return r;
	if (r) {
		r = fat32_meta_get(fs, sector, &buf);
		if (r)
			return r;
		label_trim(buf + offset, out);
		return 0;
	}
	r = fat32_meta_get(fs, 0, &buf);
	if (r)
		return r;
	if (buf[BS_BOOTSIG] != 0x29 || memcmp(buf + BS_VOLLAB, "NO NAME    ", 11) == 0) {
		out[0] = '\0';
		return 0;
	}
	label_trim(buf + BS_VOLLAB, out);
	return 0;
}

/* Label characters: those of 8.3 names plus space; letters upper-cased. */
static int label_make(const char *label, uint8_t out[11])
{
	static const char extra[] = "$%'-_@~`!(){}^#& ";
	size_t n = strlen(label), i, k;

	if (n > 11)
		return FAT32_ENAMETOOLONG;
	memset(out, ' ', 11);
	for (i = 0; i < n; i++) {
		char c = label[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

		if (c >= 'a' && c <= 'z') {
			c = (char)(c - 'a' + 'A');
			ok = true;
		}
		for (k = 0; !ok && extra[k]; k++)
			ok = c == extra[k];
		if (!ok)
			return FAT32_EINVAL;
		out[i] = (uint8_t)c;
	}
	return 0;
}

static int boot_label(struct fat32_fs *fs, uint32_t sector, const uint8_t l[11])
{
	uint8_t *buf;
	int err = fat32_meta_get(fs, sector, &buf);

	if (err)
		return err;
	if (buf[BS_BOOTSIG] != 0x29)
		return 0;
	memcpy(buf + BS_VOLLAB, l, 11);
	return fat32_meta_put(fs);
}

int fat32_set_label(struct fat32_fs *fs, const char *label)
{
	uint8_t l[11], ent[DIR_ENTRY_SIZE], *buf;
	uint32_t sector, offset, idx;
	bool empty;
	int r;

	r = fat32_check_rw(fs);
	if (r)
		return r;
	if (!label)
		return FAT32_EINVAL;
	r = label_make(label, l);
	if (r)
		return r;
	empty = memcmp(l, "           ", 11) == 0;
	r = fat32_dir_find_label(fs, &sector, &offset);
	if (r < 0)
		return r;
	if (r) {
		r = fat32_meta_get(fs, sector, &buf);
		if (r)
			return r;
		if (empty)
			buf[offset] = DIRENT_FREE;
		else
			memcpy(buf + offset, l, 11);
		r = fat32_meta_put(fs);
	} else if (!empty) {
		uint16_t date, time;
		uint8_t tenth;

		r = fat32_dir_alloc_slots(fs, fs->root_cluster, 1, &idx);
		if (!r)
			r = fat32_dir_slot_loc(fs, fs->root_cluster, idx, &sector, &offset);
		if (!r) {
			memset(ent, 0, sizeof(ent));
			memcpy(ent, l, 11);
			ent[DIR_ATTR] = FAT32_ATTR_VOLUME_ID;
			fat32_now(fs, &date, &time, &tenth);
			put_le16(ent + DIR_WRTTIME, time);
			put_le16(ent + DIR_WRTDATE, date);
			r = fat32_dirent_write(fs, sector, offset, ent);
		}
	}
	if (r)
		return r;
	if (empty)
		memcpy(l, "NO NAME    ", 11);
	r = boot_label(fs, 0, l);
	if (!r && fs->backup_boot)
		r = boot_label(fs, fs->backup_boot, l);
	if (!r)
		r = fat32_fat_flush(fs);
	return r;
}

const char *fat32_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case FAT32_EIO:
		return "I/O error";
	case FAT32_ENOENT:
		return "no such file or directory";
	case FAT32_EBADF:
		return "bad file handle";
	case FAT32_EEXIST:
		return "file exists";
	case FAT32_ENODEV:
		return "not a FAT32 volume";
	case FAT32_ENOTDIR:
		return "not a directory";
	case FAT32_EISDIR:
		return "is a directory";
	case FAT32_EINVAL:
		return "invalid argument";
	case FAT32_EFBIG:
		return "file too large";
	case FAT32_ENOSPC:
		return "no space left on volume";
	case FAT32_EROFS:
		return "read-only volume";
	case FAT32_ENAMETOOLONG:
		return "name too long";
	case FAT32_ENOTEMPTY:
		return "directory not empty";
	case FAT32_ECORRUPT:
		return "file system corrupt";
	default:
		return "unknown error";
	}
}
