/* SPDX-License-Identifier: MIT */
/*
 * FAT32 name-space operations: stat, mkdir, unlink, rename, readdir.
 *
 * Each operation that changes the volume ends by flushing the FAT cache
 * and the FSInfo sector, so a volume is consistent between calls (open
 * files excepted: their size is written back at fsync/close).
 */
#include "fat32_internal.h"

static int finish(struct fat32_fs *fs, int err)
{
	int e2 = fat32_fat_flush(fs);

	if (!e2)
		e2 = fat32_fsinfo_store(fs);
	return err ? err : e2;
}

static void stamp_new(struct fat32_fs *fs, uint8_t *ent, uint8_t attr)
{
	uint16_t date, time;
	uint8_t tenth;

	memset(ent, 0, DIR_ENTRY_SIZE);
	fat32_now(fs, &date, &time, &tenth);
	ent[DIR_ATTR] = attr;
	ent[DIR_CRTTIMETENTH] = tenth;
	put_le16(ent + DIR_CRTTIME, time);
	put_le16(ent + DIR_CRTDATE, date);
	put_le16(ent + DIR_LSTACCDATE, date);
	put_le16(ent + DIR_WRTTIME, time);
	put_le16(ent + DIR_WRTDATE, date);
}

int fat32_stat(struct fat32_fs *fs, const char *path, struct fat32_stat *st)
{
	struct fat32_node node;
	int err;

	if (!fs || !fs->mounted || !st)
		return FAT32_EINVAL;
	err = fat32_path_lookup(fs, path, &node);
	if (err)
		return err;
	if (node.is_root) {
		memset(st, 0, sizeof(*st));
		st->attr = FAT32_ATTR_DIRECTORY;
		st->is_dir = true;
		st->first_cluster = fs->root_cluster;
		st->ctime = st->mtime = st->atime = fat32_time_to_unix(0, 0);
		return 0;
	}
	fat32_dirent_stat(fs, node.rec.ent, st);
	return 0;
}

/* ".." of a directory whose parent is `parent` (0 stands for the root). */
static uint32_t dotdot_cluster(struct fat32_fs *fs, uint32_t parent)
{
	return parent == fs->root_cluster ? 0 : parent;
}

int fat32_mkdir(struct fat32_fs *fs, const char *path)
{
	uint16_t name[LFN_MAX_UNITS];
	struct fat32_dirrec rec;
	uint8_t ent[DIR_ENTRY_SIZE], *buf;
	uint32_t dir, c;
	size_t n;
	int err;

	err = fat32_check_rw(fs);
	if (err)
		return err;
	err = fat32_path_parent(fs, path, &dir, name, &n);
	if (err)
		return err;
	err = fat32_dir_lookup(fs, dir, name, n, &rec);
	if (err != FAT32_ENOENT)
		return err ? err : FAT32_EEXIST;
	err = fat32_cluster_alloc(fs, 0, &c);
	if (err)
		return finish(fs, err);
	err = fat32_cluster_zero(fs, c);
	if (err)
		goto fail;

	/* "." and ".." open the new directory. */
	stamp_new(fs, ent, FAT32_ATTR_DIRECTORY);
	err = fat32_meta_get(fs, fat32_cluster_sector(fs, c), &buf);
	if (err)
		goto fail;
	memcpy(buf, ent, DIR_ENTRY_SIZE);
	memcpy(buf, ".          ", 11);
	dirent_set_cluster(buf, c);
	memcpy(buf + DIR_ENTRY_SIZE, ent, DIR_ENTRY_SIZE);
	memcpy(buf + DIR_ENTRY_SIZE, "..         ", 11);
	dirent_set_cluster(buf + DIR_ENTRY_SIZE, dotdot_cluster(fs, dir));
	err = fat32_meta_put(fs);
	if (err)
		goto fail;

	dirent_set_cluster(ent, c);
	err = fat32_dir_add(fs, dir, name, n, ent, NULL);
	if (err)
		goto fail;
	return finish(fs, 0);
fail:
	fat32_chain_free(fs, c);
	return finish(fs, err);
}

/* Free the clusters of a removed entry (a bad cluster number is left). */
static int free_entry_chain(struct fat32_fs *fs, const uint8_t *ent)
{
	uint32_t c = dirent_cluster(ent);

	if (c == 0 || !fat32_cluster_valid(fs, c))
		return 0;
	return fat32_chain_free(fs, c);
}

int fat32_unlink(struct fat32_fs *fs, const char *path)
{
	uint16_t name[LFN_MAX_UNITS];
	struct fat32_dirrec rec;
	uint32_t dir;
	size_t n;
	int err;

	err = fat32_check_rw(fs);
	if (err)
		return err;
	err = fat32_path_parent(fs, path, &dir, name, &n);
	if (err)
		return err;
	err = fat32_dir_lookup(fs, dir, name, n, &rec);
	if (err)
		return err;
	if (rec.ent[DIR_ATTR] & FAT32_ATTR_DIRECTORY) {
		uint32_t c = dirent_cluster(rec.ent);

		if (!fat32_cluster_valid(fs, c))
			return FAT32_ECORRUPT;
		err = fat32_dir_is_empty(fs, c);
		if (err <= 0)
			return err < 0 ? err : FAT32_ENOTEMPTY;
	}
	err = fat32_dir_remove(fs, dir, &rec);
	if (err)
		return finish(fs, err);
	return finish(fs, free_entry_chain(fs, rec.ent));
}

/* Undo fat32_dir_remove(): give every slot its first byte back. */
static int restore_entry(struct fat32_fs *fs, uint32_t dir, const struct fat32_dirrec *rec)
{
	uint32_t i, sector, offset;
	uint8_t *buf;
	int err;

	for (i = rec->first_index; i <= rec->index; i++) {
		err = fat32_dir_slot_loc(fs, dir, i, &sector, &offset);
		if (!err)
			err = fat32_meta_get(fs, sector, &buf);
		if (err)
			return err;
		if (i == rec->index)
			buf[offset] = rec->ent[0];
		else
			buf[offset] = (uint8_t)((rec->index - i) |
						(i == rec->first_index ? LFN_LAST : 0));
		err = fat32_meta_put(fs);
		if (err)
			return err;
	}
	return 0;
}

/* Is directory `dir` the directory `anc` or below it? 1 yes, 0 no. */
static int is_below(struct fat32_fs *fs, uint32_t dir, uint32_t anc)
{
	static const uint16_t dotdot[2] = {'.', '.'};
	struct fat32_dirrec rec;
	uint32_t steps = 0;
	int err;

	while (dir != fs->root_cluster) {
		if (dir == anc)
			return 1;
		if (++steps > fs->cluster_count)
			return FAT32_ECORRUPT;
		err = fat32_dir_lookup(fs, dir, dotdot, 2, &rec);
		if (err)
			return err == FAT32_ENOENT ? FAT32_ECORRUPT : err;
		dir = dirent_cluster(rec.ent);
		if (dir == 0)
			dir = fs->root_cluster;
		else if (!fat32_cluster_valid(fs, dir))
			return FAT32_ECORRUPT;
	}
	return dir == anc;
}

int fat32_rename(struct fat32_fs *fs, const char *from, const char *to)
{
	uint16_t sname[LFN_MAX_UNITS], dname[LFN_MAX_UNITS];
	struct fat32_dirrec src, dst;
	uint8_t ent[DIR_ENTRY_SIZE], victim[DIR_ENTRY_SIZE];
	uint32_t sdir, ddir, c;
	size_t sn, dn;
	bool is_dir, replace = false;
	int err;

	err = fat32_check_rw(fs);
	if (err)
		return err;
	err = fat32_path_parent(fs, from, &sdir, sname, &sn);
	if (err)
		return err;
	err = fat32_dir_lookup(fs, sdir, sname, sn, &src);
	if (err)
		return err;
	err = fat32_path_parent(fs, to, &ddir, dname, &dn);
	if (err)
		return err;
	err = fat32_name_check(dname, dn);
	if (err)
		return err;
	is_dir = (src.ent[DIR_ATTR] & FAT32_ATTR_DIRECTORY) != 0;
	c = dirent_cluster(src.ent);

	err = fat32_dir_lookup(fs, ddir, dname, dn, &dst);
	if (err && err != FAT32_ENOENT)
		return err;
	if (!err && !(ddir == sdir && dst.index == src.index)) {
		bool ddst = (dst.ent[DIR_ATTR] & FAT32_ATTR_DIRECTORY) != 0;

		if (ddst && !is_dir)
			return FAT32_EISDIR;
		if (!ddst && is_dir)
			return FAT32_ENOTDIR;
		if (ddst) {
			uint32_t dc = dirent_cluster(dst.ent);

			if (dc == c)
				return FAT32_EINVAL;
			if (!fat32_cluster_valid(fs, dc))
				return FAT32_ECORRUPT;
			err = fat32_dir_is_empty(fs, dc);
			if (err <= 0)
				return err < 0 ? err : FAT32_ENOTEMPTY;
		}
		replace = true;
	}
	if (is_dir) {
		if (!fat32_cluster_valid(fs, c))
			return FAT32_ECORRUPT;
		err = is_below(fs, ddir, c);
		if (err)
			return err < 0 ? err : FAT32_EINVAL;
	}

	if (replace) {
		memcpy(victim, dst.ent, DIR_ENTRY_SIZE);
		err = fat32_dir_remove(fs, ddir, &dst);
		if (err)
			return finish(fs, err);
	}
	/* Free the old slots first so a same-directory rename can reuse
	 * its 8.3 name; put them back if the new entry cannot be made. */
	err = fat32_dir_remove(fs, sdir, &src);
	if (err)
		return finish(fs, err);
	memcpy(ent, src.ent, DIR_ENTRY_SIZE);
	err = fat32_dir_add(fs, ddir, dname, dn, ent, NULL);
	if (err) {
		restore_entry(fs, sdir, &src);
		if (replace)
			restore_entry(fs, ddir, &dst);
		return finish(fs, err);
	}
	if (is_dir && sdir != ddir) {
		uint8_t *buf;

		err = fat32_meta_get(fs, fat32_cluster_sector(fs, c), &buf);
		if (err)
			return finish(fs, err);
		if (memcmp(buf + DIR_ENTRY_SIZE, "..         ", 11) == 0) {
			dirent_set_cluster(buf + DIR_ENTRY_SIZE, dotdot_cluster(fs, ddir));
			err = fat32_meta_put(fs);
			if (err)
				return finish(fs, err);
		}
	}
	if (replace)
		err = free_entry_chain(fs, victim);
	return finish(fs, err);
}

int fat32_opendir(struct fat32_fs *fs, struct fat32_dir *d, const char *path)
{
	struct fat32_node node;
	int err;

	if (!fs || !fs->mounted || !d)
		return FAT32_EINVAL;
	d->open = false;
	err = fat32_path_lookup(fs, path, &node);
	if (err)
		return err;
	if (!node.is_root && !(node.rec.ent[DIR_ATTR] & FAT32_ATTR_DIRECTORY))
		return FAT32_ENOTDIR;
	if (!fat32_cluster_valid(fs, node.cluster))
		return FAT32_ECORRUPT;
	d->fs = fs;
	d->first_cluster = node.cluster;
	d->cluster = node.cluster;
	d->index = 0;
	d->end = false;
	d->open = true;
	return 0;
}

int fat32_readdir(struct fat32_dir *d, struct fat32_dirent *out)
{
	struct fat32_dir_iter it;
	struct fat32_dirrec rec;
	int r;

	if (!d || !d->open || !out)
		return FAT32_EBADF;
	if (d->end)
		return 0;
	it.first = d->first_cluster;
	it.cluster = d->cluster;
	it.index = d->index;
	for (;;) {
		r = fat32_dir_next(d->fs, &it, &rec);
		if (r <= 0)
			break;
		if (memcmp(rec.ent, ".          ", 11) == 0 ||
		    memcmp(rec.ent, "..         ", 11) == 0)
			continue;
		break;
	}
	d->cluster = it.cluster;
	d->index = it.index;
	if (r <= 0) {
		d->end = true;
		return r;
	}
	fat32_utf16_to_utf8(rec.name, rec.name_len, out->name, sizeof(out->name));
	fat32_short_to_str(rec.ent, 0, out->short_name);
	fat32_dirent_stat(d->fs, rec.ent, &out->st);
	return 1;
}

int fat32_closedir(struct fat32_dir *d)
{
	if (!d || !d->open)
		return FAT32_EBADF;
	d->open = false;
	return 0;
}
