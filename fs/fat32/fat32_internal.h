/* SPDX-License-Identifier: MIT */
/*
 * FAT32 internals shared by the files of fs/fat32/.
 *
 * On-disk fields are read and written only through the byte-wise
 * little-endian helpers below, never by casting packed structs, so the
 * code is safe with -mstrict-align and independent of host byte order.
 * Offsets carry the names of Microsoft's FAT specification.
 */
#ifndef AVATAR_FS_FAT32_INTERNAL_H
#define AVATAR_FS_FAT32_INTERNAL_H

#include <fs/fat32.h>

/* The kernel's lib provides these; on the host they come from libc. */
void *memcpy(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* Boot sector / BPB field offsets. */
#define BS_JMPBOOT     0
#define BPB_BYTSPERSEC 11  /* 2 */
#define BPB_SECPERCLUS 13  /* 1 */
#define BPB_RSVDSECCNT 14  /* 2 */
#define BPB_NUMFATS    16  /* 1 */
#define BPB_ROOTENTCNT 17  /* 2 */
#define BPB_TOTSEC16   19  /* 2 */
#define BPB_FATSZ16    22  /* 2 */
#define BPB_TOTSEC32   32  /* 4 */
#define BPB_FATSZ32    36  /* 4 */
#define BPB_EXTFLAGS   40  /* 2 */
#define BPB_ROOTCLUS   44  /* 4 */
#define BPB_FSINFO     48  /* 2 */
#define BPB_BKBOOTSEC  50  /* 2 */
#define BS_BOOTSIG     66  /* 1: 0x29 when the next three fields exist */
#define BS_VOLLAB      71  /* 11 */
#define BS_SIGNATURE   510 /* 0x55 0xAA */

#define EXTFLAGS_NOMIRROR 0x80
#define EXTFLAGS_ACTIVE	  0x0F

/* FSInfo sector. */
#define FSI_LEADSIG	 0
#define FSI_STRUCSIG	 484
#define FSI_FREE_COUNT	 488
#define FSI_NXT_FREE	 492
#define FSI_TRAILSIG	 508
#define FSI_LEADSIG_VAL	 0x41615252u
#define FSI_STRUCSIG_VAL 0x61417272u
#define FSI_TRAILSIG_VAL 0xAA550000u

/* FAT entries (28 bits used). */
#define FAT_MASK	   0x0FFFFFFFu
#define FAT_FREE	   0x00000000u
#define FAT_BAD		   0x0FFFFFF7u
#define FAT_EOC_MIN	   0x0FFFFFF8u
#define FAT_EOC		   0x0FFFFFFFu
#define FAT32_MAX_CLUSTERS 0x0FFFFFF5u /* highest cluster is 0x0FFFFFF6 */

/* Directory entries. */
#define DIR_ENTRY_SIZE	 32
#define DIR_NAME	 0 /* 11 */
#define DIR_ATTR	 11
#define DIR_NTRES	 12
#define DIR_CRTTIMETENTH 13
#define DIR_CRTTIME	 14
#define DIR_CRTDATE	 16
#define DIR_LSTACCDATE	 18
#define DIR_FSTCLUSHI	 20
#define DIR_WRTTIME	 22
#define DIR_WRTDATE	 24
#define DIR_FSTCLUSLO	 26
#define DIR_FILESIZE	 28
#define DIR_MAX_ENTRIES	 65536 /* a directory is at most 2 MiB */

#define NTRES_LOWER_BASE 0x08
#define NTRES_LOWER_EXT	 0x10

#define DIRENT_FREE	0xE5 /* deleted entry */
#define DIRENT_END	0x00 /* this and all later entries are free */
#define DIRENT_KANJI_E5 0x05 /* first byte really is 0xE5 */

#define ATTR_LFN      0x0F
#define ATTR_LFN_MASK 0x3F

/* VFAT long-name entries. */
#define LDIR_ORD       0
#define LDIR_NAME1     1 /* 5 UTF-16 units */
#define LDIR_ATTR      11
#define LDIR_TYPE      12
#define LDIR_CHKSUM    13
#define LDIR_NAME2     14 /* 6 units */
#define LDIR_FSTCLUSLO 26
#define LDIR_NAME3     28 /* 2 units */
#define LFN_LAST       0x40
#define LFN_ORD_MASK   0x1F
#define LFN_CHARS      13
#define LFN_MAX_UNITS  255
#define LFN_MAX_SLOTS  20

static inline uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) |
	       ((uint32_t)p[3] << 24);
}

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

static inline bool fat32_cluster_valid(const struct fat32_fs *fs, uint32_t c)
{
	return c >= 2 && c - 2 < fs->cluster_count;
}

static inline uint32_t fat32_cluster_sector(const struct fat32_fs *fs, uint32_t c)
{
	return fs->data_start + ((c - 2) * fs->sectors_per_cluster);
}

/* Short directory entry helpers. */
static inline uint32_t dirent_cluster(const uint8_t *e)
{
	return ((uint32_t)le16(e + DIR_FSTCLUSHI) << 16) | le16(e + DIR_FSTCLUSLO);
}

static inline void dirent_set_cluster(uint8_t *e, uint32_t c)
{
	put_le16(e + DIR_FSTCLUSHI, (uint16_t)(c >> 16));
	put_le16(e + DIR_FSTCLUSLO, (uint16_t)c);
}

/* io.c: sector I/O in volume sectors, bounds-checked against the volume. */
int fat32_io_read(struct fat32_fs *fs, uint32_t sector, uint32_t count, void *buf);
int fat32_io_write(struct fat32_fs *fs, uint32_t sector, uint32_t count, const void *buf);
/* Metadata sector cache (one sector, write-through). */
int fat32_meta_get(struct fat32_fs *fs, uint32_t sector, uint8_t **buf);
int fat32_meta_put(struct fat32_fs *fs); /* write the cached sector back */
void fat32_meta_invalidate(struct fat32_fs *fs);

/* bpb.c */
int fat32_bpb_parse(struct fat32_fs *fs, const uint8_t *bs);
int fat32_fsinfo_load(struct fat32_fs *fs);
int fat32_fsinfo_store(struct fat32_fs *fs);

/* fat.c */
int fat32_fat_get(struct fat32_fs *fs, uint32_t c, uint32_t *val);
int fat32_fat_set(struct fat32_fs *fs, uint32_t c, uint32_t val);
int fat32_fat_flush(struct fat32_fs *fs);
/* Next cluster of a chain: *next = 0 at the end of the chain. */
int fat32_fat_next(struct fat32_fs *fs, uint32_t c, uint32_t *next);
/* Walk a whole chain; returns its length and last cluster, bounded. */
/*
 * Length *n (1..max) of the contiguous run of the chain from cluster c:
 * clusters c .. c + *n - 1, each entry but the last holding the next
 * number. Reads the entries straight from the cached FAT sector (the
 * sequential-read fast path); the run ends at the first other entry.
 */
int fat32_fat_run(struct fat32_fs *fs, uint32_t c, uint32_t max, uint32_t *n);
int fat32_chain_walk(struct fat32_fs *fs, uint32_t first, uint32_t *len, uint32_t *last);
/* Allocate one cluster (marked end of chain), linked after prev if !0. */
int fat32_cluster_alloc(struct fat32_fs *fs, uint32_t prev, uint32_t *out);
/* Free a chain starting at first (first may be 0: nothing to do). */
int fat32_chain_free(struct fat32_fs *fs, uint32_t first);
int fat32_count_free(struct fat32_fs *fs);
int fat32_cluster_zero(struct fat32_fs *fs, uint32_t c);

/* time.c */
void fat32_now(struct fat32_fs *fs, uint16_t *date, uint16_t *time, uint8_t *tenth);
uint64_t fat32_time_to_unix(uint16_t date, uint16_t time);

/* lfn.c */
uint8_t fat32_lfn_checksum(const uint8_t name11[11]);
/* UTF-8 -> UTF-16; returns unit count or FAT32_EINVAL/ENAMETOOLONG. */
int fat32_utf8_to_utf16(const char *s, size_t len, uint16_t *out, size_t max);
/* UTF-16 -> UTF-8, NUL-terminated; returns bytes written (without NUL). */
size_t fat32_utf16_to_utf8(const uint16_t *in, size_t n, char *out, size_t max);
/* Validate a long name (already UTF-16): FAT32_EINVAL if not allowed. */
int fat32_name_check(const uint16_t *u, size_t n);
/* Is the name a plain upper-case 8.3 name? If so, fill name11. */
bool fat32_name_is_short(const uint16_t *u, size_t n, uint8_t name11[11]);
/* Short-name basis (no tail); *lossy set if the tail is required. */
void fat32_short_basis(const uint16_t *u, size_t n, uint8_t name11[11], bool *lossy);
/* Apply numeric tail ~N to a basis. */
void fat32_short_tail(const uint8_t basis[11], uint32_t num, uint8_t out[11]);
/* 8.3 on-disk name -> "NAME.EXT" (honours the NT lower-case bits). */
size_t fat32_short_to_str(const uint8_t name11[11], uint8_t ntres, char *out);
bool fat32_name_equal(const uint16_t *a, size_t an, const uint16_t *b, size_t bn);
void fat32_lfn_fill(uint8_t *ent, const uint16_t *u, size_t n, uint32_t ord, bool last,
		    uint8_t sum);
void fat32_lfn_extract(const uint8_t *ent, uint16_t out[LFN_CHARS]);

/* dir.c */
struct fat32_dir_iter {
	uint32_t first;	  /* first cluster of the directory */
	uint32_t cluster; /* cluster holding entry index */
	uint32_t index;	  /* next entry number */
};

struct fat32_dirrec {
	uint8_t ent[DIR_ENTRY_SIZE]; /* copy of the short entry */
	uint32_t sector;	     /* location of the short entry */
	uint32_t offset;
	uint32_t index;	      /* entry number of the short entry */
	uint32_t first_index; /* first slot (LFN) belonging to it */
	uint16_t name[LFN_MAX_UNITS + 1];
	uint32_t name_len; /* UTF-16 units; long name or 8.3 */
	bool has_lfn;
};

void fat32_dir_iter_init(struct fat32_fs *fs, struct fat32_dir_iter *it, uint32_t first);
/* Next used entry (LFN assembled); 1 found, 0 end, <0 error. */
int fat32_dir_next(struct fat32_fs *fs, struct fat32_dir_iter *it, struct fat32_dirrec *rec);
int fat32_dir_lookup(struct fat32_fs *fs, uint32_t dir, const uint16_t *name, size_t n,
		     struct fat32_dirrec *rec);
/* Create entries for name; ent holds attr, cluster, size and times. */
int fat32_dir_add(struct fat32_fs *fs, uint32_t dir, const uint16_t *name, size_t n,
		  uint8_t ent[DIR_ENTRY_SIZE], struct fat32_dirrec *rec);
int fat32_dir_remove(struct fat32_fs *fs, uint32_t dir, const struct fat32_dirrec *rec);
int fat32_dir_is_empty(struct fat32_fs *fs, uint32_t dir);
/* Rewrite the short entry at (sector, offset). */
int fat32_dirent_write(struct fat32_fs *fs, uint32_t sector, uint32_t offset,
		       const uint8_t ent[DIR_ENTRY_SIZE]);
int fat32_dir_find_label(struct fat32_fs *fs, uint32_t *sector, uint32_t *offset);
int fat32_dir_alloc_slots(struct fat32_fs *fs, uint32_t dir, uint32_t slots, uint32_t *first_index);
int fat32_dir_slot_loc(struct fat32_fs *fs, uint32_t dir, uint32_t index, uint32_t *sector,
		       uint32_t *offset);
void fat32_dirent_stat(struct fat32_fs *fs, const uint8_t *ent, struct fat32_stat *st);

/* path.c */
struct fat32_node {
	bool is_root;
	uint32_t parent;  /* first cluster of the containing directory */
	uint32_t cluster; /* first cluster (root_cluster for the root) */
	struct fat32_dirrec rec;
};

int fat32_path_lookup(struct fat32_fs *fs, const char *path, struct fat32_node *node);
/* Resolve everything but the last component; name and n receive the last one. */
int fat32_path_parent(struct fat32_fs *fs, const char *path, uint32_t *dir, uint16_t *name,
		      size_t *n);

/* file.c */
int fat32_file_resize(struct fat32_file *f, uint32_t length);

static inline int fat32_check_rw(struct fat32_fs *fs)
{
	if (!fs || !fs->mounted)
		return FAT32_EINVAL;
	return fs->readonly ? FAT32_EROFS : 0;
}

#endif /* AVATAR_FS_FAT32_INTERNAL_H */
