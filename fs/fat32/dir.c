/* SPDX-License-Identifier: MIT */
/*
 * FAT32 directories.
 *
 * A directory (the root included, on FAT32) is a cluster chain of 32-byte
 * entries, at most 65536 of them. An entry whose first byte is 0xE5 is
 * free; one starting with 0x00 ends the directory. A file is a run of
 * LFN entries (highest ordinal first, flagged 0x40) followed by its short
 * entry; the run is accepted only when the ordinals count down to 1 with
 * no gap and every checksum matches the short name. Anything else is
 * ignored and the file is shown under its 8.3 name.
 *
 * Iteration reads one sector at a time through the metadata cache and
 * stops with FAT32_ECORRUPT if the chain is longer than 65536 entries
 * (which also catches loops) or points outside the volume.
 */
#include "fat32_internal.h"

static uint32_t entries_per_cluster(const struct fat32_fs *fs)
{
	return fs->cluster_size / DIR_ENTRY_SIZE;
}

void fat32_dir_iter_init(struct fat32_fs *fs, struct fat32_dir_iter *it, uint32_t first)
{
	(void)fs;
	it->first = first;
	it->cluster = first;
	it->index = 0;
}

/* Raw entry it->index: 1 with *ent in meta_buf, 0 at the end of chain. */
static int iter_raw(struct fat32_fs *fs, struct fat32_dir_iter *it, uint8_t **ent, uint32_t *sector,
		    uint32_t *offset)
{
	uint32_t epc = entries_per_cluster(fs), byte, s;
	uint8_t *buf;
	int err;

	if (it->cluster == 0)
		return 0;
	if (it->index >= DIR_MAX_ENTRIES || !fat32_cluster_valid(fs, it->cluster))
		return FAT32_ECORRUPT;
	byte = (it->index % epc) * DIR_ENTRY_SIZE;
	s = fat32_cluster_sector(fs, it->cluster) + (byte >> fs->sector_shift);
	err = fat32_meta_get(fs, s, &buf);
	if (err)
		return err;
	*sector = s;
	*offset = byte & (fs->bytes_per_sector - 1);
	*ent = buf + *offset;
	return 1;
}

static int iter_advance(struct fat32_fs *fs, struct fat32_dir_iter *it)
{
	uint32_t next;
	int err;

	it->index++;
	if (it->index % entries_per_cluster(fs))
		return 0;
	err = fat32_fat_next(fs, it->cluster, &next);
	if (err)
		return err;
	it->cluster = next; /* 0: end of the chain */
	return 0;
}

static void short_name_utf16(const uint8_t *ent, uint16_t *out, uint32_t *n)
{
	char s[13];
	size_t len = fat32_short_to_str(ent, ent[DIR_NTRES], s), i;

	/* OEM bytes above 0x7F are shown as the Latin-1 code point. */
	for (i = 0; i < len; i++)
		out[i] = (uint8_t)s[i];
	*n = (uint32_t)len;
}

int fat32_dir_next(struct fat32_fs *fs, struct fat32_dir_iter *it, struct fat32_dirrec *rec)
{
	uint32_t expect = 0, slots = 0, first_index = 0, sector = 0, offset = 0;
	bool complete = false;
	uint8_t sum = 0;
	uint8_t *e = NULL;
	int err;

	for (;;) {
		err = iter_raw(fs, it, &e, &sector, &offset);
		if (err <= 0)
			return err;
		if (e[0] == DIRENT_END) {
			it->cluster = 0; /* nothing follows */
			return 0;
		}
		if (e[0] == DIRENT_FREE) {
			expect = 0;
			complete = false;
		} else if ((e[DIR_ATTR] & ATTR_LFN_MASK) == ATTR_LFN) {
			uint32_t ord = e[LDIR_ORD] & LFN_ORD_MASK;
			uint16_t part[LFN_CHARS];

			if (e[LDIR_ORD] & LFN_LAST) {
				if (ord == 0 || ord > LFN_MAX_SLOTS) {
					expect = 0;
					complete = false;
				} else {
					slots = ord;
					sum = e[LDIR_CHKSUM];
					first_index = it->index;
					expect = ord;
				}
			}
			if (expect && ord == expect && e[LDIR_CHKSUM] == sum &&
			    (ord == slots || !(e[LDIR_ORD] & LFN_LAST))) {
				fat32_lfn_extract(e, part);
				memcpy(rec->name + (ord - 1) * LFN_CHARS, part,
				       (ord == LFN_MAX_SLOTS
						? LFN_MAX_UNITS - (LFN_MAX_SLOTS - 1) * LFN_CHARS
						: LFN_CHARS) *
					       sizeof(uint16_t));
				expect--;
				complete = expect == 0;
			} else {
				expect = 0;
				complete = false;
			}
		} else if (e[DIR_ATTR] & FAT32_ATTR_VOLUME_ID) {
			expect = 0;
			complete = false;
		} else {
			break;
		}
		err = iter_advance(fs, it);
		if (err)
			return err;
	}

	memcpy(rec->ent, e, DIR_ENTRY_SIZE);
	rec->sector = sector;
	rec->offset = offset;
	rec->index = it->index;
	rec->has_lfn = false;
	if (complete && fat32_lfn_checksum(e) == sum) {
		uint32_t n = 0, max = slots * LFN_CHARS;

		if (max > LFN_MAX_UNITS)
			max = LFN_MAX_UNITS;
		while (n < max && rec->name[n] != 0x0000)
			n++;
		if (n > 0) {
			rec->name_len = n;
			rec->has_lfn = true;
			rec->first_index = first_index;
		}
	}
	if (!rec->has_lfn) {
		short_name_utf16(e, rec->name, &rec->name_len);
		rec->first_index = it->index;
	}
	err = iter_advance(fs, it);
	return err ? err : 1;
}

int fat32_dir_lookup(struct fat32_fs *fs, uint32_t dir, const uint16_t *name, size_t n,
		     struct fat32_dirrec *rec)
{
	struct fat32_dir_iter it;
	uint16_t sn[13];
	uint32_t sn_len;
	int r;

	fat32_dir_iter_init(fs, &it, dir);
	while ((r = fat32_dir_next(fs, &it, rec)) > 0) {
		if (fat32_name_equal(rec->name, rec->name_len, name, n))
			return 0;
		if (rec->has_lfn) {
			short_name_utf16(rec->ent, sn, &sn_len);
			if (fat32_name_equal(sn, sn_len, name, n))
				return 0;
		}
	}
	return r < 0 ? r : FAT32_ENOENT;
}

/* Is an 8.3 name already used in the directory? 1 yes, 0 no, <0 error. */
static int short_exists(struct fat32_fs *fs, uint32_t dir, const uint8_t name11[11])
{
	struct fat32_dir_iter it;
	uint32_t sector, offset;
	uint8_t *e = NULL;
	int r;

	fat32_dir_iter_init(fs, &it, dir);
	for (;;) {
		r = iter_raw(fs, &it, &e, &sector, &offset);
		if (r <= 0)
			return r;
		if (e[0] == DIRENT_END)
			return 0;
		if (e[0] != DIRENT_FREE && (e[DIR_ATTR] & ATTR_LFN_MASK) != ATTR_LFN &&
		    memcmp(e, name11, 11) == 0)
			return 1;
		r = iter_advance(fs, &it);
		if (r)
			return r;
	}
}

/*
 * Choose the numeric tail for basis: one directory scan marks which of
 * ~1..~1023 are taken; only when all are does it fall back to probing
 * (each probe is a scan), so the cost stays linear for sane directories.
 */
static int pick_tail(struct fat32_fs *fs, uint32_t dir, const uint8_t basis[11], uint8_t out[11])
{
	uint8_t used[128], cand[11], *e = NULL;
	struct fat32_dir_iter it;
	uint32_t sector, offset, num, p;
	int r;

	memset(used, 0, sizeof(used));
	fat32_dir_iter_init(fs, &it, dir);
	for (;;) {
		r = iter_raw(fs, &it, &e, &sector, &offset);
		if (r < 0)
			return r;
		if (r == 0 || e[0] == DIRENT_END)
			break;
		if (e[0] != DIRENT_FREE && (e[DIR_ATTR] & ATTR_LFN_MASK) != ATTR_LFN) {
			for (p = 0; p < 8 && e[p] != '~'; p++)
				;
			for (num = 0, p++; p < 8 && e[p] >= '0' && e[p] <= '9'; p++)
				num = num * 10 + (e[p] - '0');
			if (num > 0 && num < 1024) {
				fat32_short_tail(basis, num, cand);
				if (memcmp(cand, e, 11) == 0)
					used[num / 8] |= (uint8_t)(1u << (num % 8));
			}
		}
		r = iter_advance(fs, &it);
		if (r)
			return r;
	}
	for (num = 1; num < 1024; num++) {
		if (!(used[num / 8] & (1u << (num % 8)))) {
			fat32_short_tail(basis, num, out);
			return 0;
		}
	}
	for (; num <= 999999; num++) {
		fat32_short_tail(basis, num, out);
		r = short_exists(fs, dir, out);
		if (r <= 0)
			return r;
	}
	return FAT32_EEXIST;
}

int fat32_dir_slot_loc(struct fat32_fs *fs, uint32_t dir, uint32_t index, uint32_t *sector,
		       uint32_t *offset)
{
	uint32_t epc = entries_per_cluster(fs), c = dir, i, byte;
	int err;

	if (index >= DIR_MAX_ENTRIES || !fat32_cluster_valid(fs, dir))
		return FAT32_ECORRUPT;
	for (i = 0; i < index / epc; i++) {
		err = fat32_fat_next(fs, c, &c);
		if (err)
			return err;
		if (!c)
			return FAT32_ECORRUPT;
	}
	byte = (index % epc) * DIR_ENTRY_SIZE;
	*sector = fat32_cluster_sector(fs, c) + (byte >> fs->sector_shift);
	*offset = byte & (fs->bytes_per_sector - 1);
	return 0;
}

int fat32_dirent_write(struct fat32_fs *fs, uint32_t sector, uint32_t offset,
		       const uint8_t ent[DIR_ENTRY_SIZE])
{
	uint8_t *buf;
	int err = fat32_meta_get(fs, sector, &buf);

	if (err)
		return err;
	memcpy(buf + offset, ent, DIR_ENTRY_SIZE);
	return fat32_meta_put(fs);
}

/* Find `slots` consecutive free entries, growing the directory if needed. */
int fat32_dir_alloc_slots(struct fat32_fs *fs, uint32_t dir, uint32_t slots, uint32_t *first_index)
{
	struct fat32_dir_iter it;
	uint32_t run = 0, start = 0, last = dir, sector, offset, c;
	bool at_end = false;
	uint8_t *e = NULL;
	int r;

	fat32_dir_iter_init(fs, &it, dir);
	for (;;) {
		if (it.cluster)
			last = it.cluster;
		r = iter_raw(fs, &it, &e, &sector, &offset);
		if (r < 0)
			return r;
		if (r == 0)
			break;
		if (at_end || e[0] == DIRENT_END || e[0] == DIRENT_FREE) {
			at_end = at_end || e[0] == DIRENT_END;
			if (run++ == 0)
				start = it.index;
			if (run == slots) {
				*first_index = start;
				return 0;
			}
		} else {
			run = 0;
		}
		r = iter_advance(fs, &it);
		if (r)
			return r;
	}
	/* Grow: append zeroed clusters until the run is long enough. */
	if (run == 0)
		start = it.index;
	while (run < slots) {
		if (it.index + entries_per_cluster(fs) > DIR_MAX_ENTRIES)
			return FAT32_ENOSPC;
		r = fat32_cluster_alloc(fs, last, &c);
		if (r)
			return r;
		r = fat32_cluster_zero(fs, c);
		if (r)
			return r;
		last = c;
		it.index += entries_per_cluster(fs);
		run += entries_per_cluster(fs);
	}
	*first_index = start;
	return 0;
}

int fat32_dir_add(struct fat32_fs *fs, uint32_t dir, const uint16_t *name, size_t n,
		  uint8_t ent[DIR_ENTRY_SIZE], struct fat32_dirrec *rec)
{
	uint8_t basis[11], sname[11], lfn[DIR_ENTRY_SIZE], sum;
	uint32_t slots = 1, first, i, sector, offset;
	bool lossy, need_lfn;
	int err;

	err = fat32_name_check(name, n);
	if (err)
		return err;
	need_lfn = !fat32_name_is_short(name, n, sname);
	if (need_lfn) {
		fat32_short_basis(name, n, basis, &lossy);
		memcpy(sname, basis, 11);
		err = lossy ? 1 : short_exists(fs, dir, sname);
		if (err == 1)
			err = pick_tail(fs, dir, basis, sname);
		if (err < 0)
			return err;
		slots += (uint32_t)(n + LFN_CHARS - 1) / LFN_CHARS;
	} else {
		err = short_exists(fs, dir, sname);
		if (err)
			return err < 0 ? err : FAT32_EEXIST;
	}
	err = fat32_dir_alloc_slots(fs, dir, slots, &first);
	if (err)
		return err;

	memcpy(ent + DIR_NAME, sname, 11);
	ent[DIR_NTRES] = 0;
	sum = fat32_lfn_checksum(sname);
	for (i = 0; i + 1 < slots; i++) {
		uint32_t ord = slots - 1 - i;

		fat32_lfn_fill(lfn, name, n, ord, i == 0, sum);
		err = fat32_dir_slot_loc(fs, dir, first + i, &sector, &offset);
		if (!err)
			err = fat32_dirent_write(fs, sector, offset, lfn);
		if (err)
			return err;
	}
	err = fat32_dir_slot_loc(fs, dir, first + slots - 1, &sector, &offset);
	if (!err)
		err = fat32_dirent_write(fs, sector, offset, ent);
	if (err)
		return err;
	if (rec) {
		memcpy(rec->ent, ent, DIR_ENTRY_SIZE);
		rec->sector = sector;
		rec->offset = offset;
		rec->index = first + slots - 1;
		rec->first_index = first;
		rec->has_lfn = need_lfn;
	}
	return 0;
}

int fat32_dir_remove(struct fat32_fs *fs, uint32_t dir, const struct fat32_dirrec *rec)
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
		buf[offset] = DIRENT_FREE;
		err = fat32_meta_put(fs);
		if (err)
			return err;
	}
	return 0;
}

int fat32_dir_is_empty(struct fat32_fs *fs, uint32_t dir)
{
	struct fat32_dirrec rec;
	struct fat32_dir_iter it;
	int r;

	fat32_dir_iter_init(fs, &it, dir);
	while ((r = fat32_dir_next(fs, &it, &rec)) > 0) {
		if (rec.ent[0] == '.' && (memcmp(rec.ent, ".          ", 11) == 0 ||
					  memcmp(rec.ent, "..         ", 11) == 0))
			continue;
		return 0;
	}
	return r < 0 ? r : 1;
}

int fat32_dir_find_label(struct fat32_fs *fs, uint32_t *sector, uint32_t *offset)
{
	struct fat32_dir_iter it;
	uint8_t *e = NULL;
	int r;

	fat32_dir_iter_init(fs, &it, fs->root_cluster);
	for (;;) {
		r = iter_raw(fs, &it, &e, sector, offset);
		if (r <= 0)
			return r;
		if (e[0] == DIRENT_END)
			return 0;
		if (e[0] != DIRENT_FREE && (e[DIR_ATTR] & ATTR_LFN_MASK) != ATTR_LFN &&
		    (e[DIR_ATTR] & FAT32_ATTR_VOLUME_ID))
			return 1;
		r = iter_advance(fs, &it);
		if (r)
			return r;
	}
}

void fat32_dirent_stat(struct fat32_fs *fs, const uint8_t *ent, struct fat32_stat *st)
{
	(void)fs;
	st->attr = ent[DIR_ATTR];
	st->is_dir = (ent[DIR_ATTR] & FAT32_ATTR_DIRECTORY) != 0;
	st->size = st->is_dir ? 0 : le32(ent + DIR_FILESIZE);
	st->first_cluster = dirent_cluster(ent);
	st->ctime = fat32_time_to_unix(le16(ent + DIR_CRTDATE), le16(ent + DIR_CRTTIME)) +
		    ent[DIR_CRTTIMETENTH] / 100;
	st->mtime = fat32_time_to_unix(le16(ent + DIR_WRTDATE), le16(ent + DIR_WRTTIME));
	st->atime = fat32_time_to_unix(le16(ent + DIR_LSTACCDATE), 0);
}
