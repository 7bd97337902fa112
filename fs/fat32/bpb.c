/* SPDX-License-Identifier: MIT */
/*
 * FAT32 boot sector (BPB) and FSInfo.
 *
 * A volume is FAT32 when BPB_FATSz16 and BPB_RootEntCnt are zero and
 * BPB_FATSz32 is not (Linux decides the same way). The specification
 * also requires at least 65525 clusters; like Linux we accept fewer when
 * the rest of the BPB is consistent, which lets the fuzzer and the unit
 * tests use tiny images. Every field the driver relies on is checked
 * here, so the rest of the code can trust the geometry in struct
 * fat32_fs: a value that would make a later computation overflow or
 * reach past the device is rejected with FAT32_ECORRUPT.
 */
#include "fat32_internal.h"

static int log2_exact(uint32_t v)
{
	int n = 0;

	if (v == 0 || (v & (v - 1)))
		return -1;
	while (v > 1) {
		v >>= 1;
		n++;
	}
	return n;
}

int fat32_bpb_parse(struct fat32_fs *fs, const uint8_t *bs)
{
	uint32_t bps, spc, rsvd, nfats, fatsz, total, meta, clusters;
	uint32_t dev_ss = fs->dev->sector_size;
	uint16_t extflags;
	uint64_t fat_bytes;
	int shift, dshift;

	if (bs[BS_SIGNATURE] != 0x55 || bs[BS_SIGNATURE + 1] != 0xAA)
		return FAT32_ENODEV;
	/* Not FAT32: FAT12/16 keep a fixed root and a 16-bit FAT size. */
	if (le16(bs + BPB_FATSZ16) != 0 || le16(bs + BPB_ROOTENTCNT) != 0 ||
	    le32(bs + BPB_FATSZ32) == 0)
		return FAT32_ENODEV;

	bps = le16(bs + BPB_BYTSPERSEC);
	shift = log2_exact(bps);
	if (shift < 9 || shift > 12)
		return FAT32_ECORRUPT;
	spc = bs[BPB_SECPERCLUS];
	if (log2_exact(spc) < 0 || (uint64_t)spc * bps > 65536)
		return FAT32_ECORRUPT;
	dshift = log2_exact(dev_ss);
	if (dshift < 9 || dshift > shift)
		return FAT32_ECORRUPT;

	rsvd = le16(bs + BPB_RSVDSECCNT);
	nfats = bs[BPB_NUMFATS];
	fatsz = le32(bs + BPB_FATSZ32);
	total = le16(bs + BPB_TOTSEC16);
	if (total == 0)
		total = le32(bs + BPB_TOTSEC32);
	if (rsvd == 0 || nfats == 0)
		return FAT32_ECORRUPT;

	meta = 0;
	if ((uint64_t)rsvd + (uint64_t)nfats * fatsz >= total)
		return FAT32_ECORRUPT;
	meta = rsvd + nfats * fatsz;
	clusters = (total - meta) / spc;
	if (clusters == 0 || clusters > FAT32_MAX_CLUSTERS)
		return FAT32_ECORRUPT;
	/* The FAT must have an entry for every cluster (and the 2 reserved). */
	fat_bytes = (uint64_t)fatsz * bps;
	if (fat_bytes / 4 < (uint64_t)clusters + 2)
		return FAT32_ECORRUPT;
	/* The volume must fit on the device. */
	if (((uint64_t)total << (shift - dshift)) > fs->dev->sector_count)
		return FAT32_ECORRUPT;

	extflags = le16(bs + BPB_EXTFLAGS);
	fs->bytes_per_sector = bps;
	fs->sector_shift = (uint32_t)shift;
	fs->dev_shift = (uint32_t)(shift - dshift);
	fs->sectors_per_cluster = spc;
	fs->cluster_size = spc * bps;
	fs->cluster_shift = (uint32_t)log2_exact(fs->cluster_size);
	fs->reserved_sectors = rsvd;
	fs->num_fats = nfats;
	fs->fat_sectors = fatsz;
	fs->data_start = meta;
	fs->total_sectors = total;
	fs->cluster_count = clusters;
	fs->fat_mirror = !(extflags & EXTFLAGS_NOMIRROR);
	fs->active_fat = fs->fat_mirror ? 0 : (extflags & EXTFLAGS_ACTIVE);
	if (fs->active_fat >= nfats)
		return FAT32_ECORRUPT;

	fs->root_cluster = le32(bs + BPB_ROOTCLUS);
	if (!fat32_cluster_valid(fs, fs->root_cluster))
		return FAT32_ECORRUPT;

	fs->fsinfo_sector = le16(bs + BPB_FSINFO);
	if (fs->fsinfo_sector == 0 || fs->fsinfo_sector >= rsvd)
		fs->fsinfo_sector = 0;
	fs->backup_boot = le16(bs + BPB_BKBOOTSEC);
	if (fs->backup_boot == 0 || fs->backup_boot >= rsvd)
		fs->backup_boot = 0;
	return 0;
}

/* FSInfo is only a hint: a missing or bad one means "unknown". */
int fat32_fsinfo_load(struct fat32_fs *fs)
{
	uint8_t *b;
	uint32_t fc, nf;
	int err;

	fs->free_count = FAT32_UNKNOWN;
	fs->next_free = 2;
	if (!fs->fsinfo_sector)
		return 0;
	err = fat32_meta_get(fs, fs->fsinfo_sector, &b);
	if (err)
		return err;
	if (le32(b + FSI_LEADSIG) != FSI_LEADSIG_VAL ||
	    le32(b + FSI_STRUCSIG) != FSI_STRUCSIG_VAL ||
	    le32(b + FSI_TRAILSIG) != FSI_TRAILSIG_VAL) {
		fs->fsinfo_sector = 0;
		return 0;
	}
	fc = le32(b + FSI_FREE_COUNT);
	nf = le32(b + FSI_NXT_FREE);
	if (fc <= fs->cluster_count)
		fs->free_count = fc;
	if (fat32_cluster_valid(fs, nf))
		fs->next_free = nf;
	return 0;
}

int fat32_fsinfo_store(struct fat32_fs *fs)
{
	uint8_t *b;
	int err;

	if (!fs->fsinfo_dirty || !fs->fsinfo_sector || fs->readonly)
		return 0;
	err = fat32_meta_get(fs, fs->fsinfo_sector, &b);
	if (err)
		return err;
	put_le32(b + FSI_FREE_COUNT, fs->free_count);
	put_le32(b + FSI_NXT_FREE, fs->next_free);
	err = fat32_meta_put(fs);
	if (!err)
		fs->fsinfo_dirty = false;
	return err;
}
