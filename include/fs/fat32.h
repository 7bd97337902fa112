/* SPDX-License-Identifier: MIT */
/*
 * FAT32 file system: public interface.
 *
 * The implementation (fs/fat32/) is freestanding: it uses only <stdint.h>,
 * <stddef.h>, <stdbool.h> and memcpy/memset/memcmp/strlen, never allocates,
 * and reaches the disk only through a caller-supplied struct fat32_blockdev.
 * The caller owns every structure (struct fat32_fs, struct fat32_file,
 * struct fat32_dir); the file system keeps its scratch sector buffers
 * inside struct fat32_fs. One struct fat32_fs is not re-entrant: callers
 * that share a volume between threads serialise calls with their own lock.
 *
 * Every function returning int returns 0 (or a byte count / a position)
 * on success and a negative FAT32_E* code on failure. See docs/fat32.md.
 */
#ifndef AVATAR_FS_FAT32_H
#define AVATAR_FS_FAT32_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Error codes (negative errno values where an errno exists). */
#define FAT32_EIO	   (-5)	  /* block device reported an error */
#define FAT32_ENOENT	   (-2)	  /* no such file or directory */
#define FAT32_EBADF	   (-9)	  /* handle not open, or not open for that */
#define FAT32_EEXIST	   (-17)  /* name already exists */
#define FAT32_ENODEV	   (-19)  /* not a FAT32 volume (no boot signature, FAT12/16) */
#define FAT32_ENOTDIR	   (-20)  /* a path component is not a directory */
#define FAT32_EISDIR	   (-21)  /* operation needs a file, got a directory */
#define FAT32_EINVAL	   (-22)  /* bad argument (name, flags, whence, ...) */
#define FAT32_EFBIG	   (-27)  /* file would exceed 4 GiB - 1 */
#define FAT32_ENOSPC	   (-28)  /* no free cluster, or directory full */
#define FAT32_EROFS	   (-30)  /* volume mounted read-only */
#define FAT32_ENAMETOOLONG (-36)  /* name over 255 UTF-16 units, path too long */
#define FAT32_ENOTEMPTY	   (-39)  /* directory not empty */
#define FAT32_ECORRUPT	   (-117) /* on-disk structures inconsistent */

/* Limits. */
#define FAT32_NAME_MAX	 765  /* bytes of UTF-8 for 255 UTF-16 units */
#define FAT32_PATH_MAX	 4096 /* bytes, including the terminator */
#define FAT32_MAX_SECTOR 4096 /* largest logical sector supported */
#define FAT32_FILE_MAX	 0xFFFFFFFFu

/* Attribute bits (struct fat32_stat.attr, struct fat32_dirent.attr). */
#define FAT32_ATTR_READ_ONLY 0x01
#define FAT32_ATTR_HIDDEN    0x02
#define FAT32_ATTR_SYSTEM    0x04
#define FAT32_ATTR_VOLUME_ID 0x08
#define FAT32_ATTR_DIRECTORY 0x10
#define FAT32_ATTR_ARCHIVE   0x20

/* fat32_open() flags (values are Avatar's own, not the host's). */
#define FAT32_O_RDONLY	0x0000
#define FAT32_O_WRONLY	0x0001
#define FAT32_O_RDWR	0x0002
#define FAT32_O_ACCMODE 0x0003
#define FAT32_O_CREAT	0x0100
#define FAT32_O_EXCL	0x0200
#define FAT32_O_TRUNC	0x0400
#define FAT32_O_APPEND	0x0800

/* fat32_lseek() whence. */
#define FAT32_SEEK_SET 0
#define FAT32_SEEK_CUR 1
#define FAT32_SEEK_END 2

/* fat32_mount() flags. */
#define FAT32_MOUNT_RDONLY 0x1

/*
 * Block device. Sectors are sector_size bytes (a power of two, 512..4096,
 * not larger than the volume's logical sector size). read/write transfer
 * count consecutive sectors starting at lba and return 0 or a negative
 * error (any negative value becomes FAT32_EIO). flush may be NULL.
 */
struct fat32_blockdev {
	void *ctx;
	uint32_t sector_size;
	uint64_t sector_count;
	int (*read)(void *ctx, uint64_t lba, uint32_t count, void *buf);
	int (*write)(void *ctx, uint64_t lba, uint32_t count, const void *buf);
	int (*flush)(void *ctx);
};

/*
 * Clock: returns the current time as seconds since 1970-01-01 UTC. A NULL
 * callback, or one that returns 0, stamps files with the FAT epoch
 * (1980-01-01 00:00:00), which keeps images reproducible.
 */
typedef uint64_t (*fat32_clock_fn)(void *ctx);

struct fat32_mount_opts {
	uint32_t flags;	      /* FAT32_MOUNT_* */
	fat32_clock_fn clock; /* may be NULL */
	void *clock_ctx;
};

/* Mounted volume. Fields are private to fs/fat32/. */
struct fat32_fs {
	struct fat32_blockdev *dev;
	uint32_t dev_shift; /* log2(bytes_per_sector / dev sector size) */
	uint32_t bytes_per_sector;
	uint32_t sector_shift; /* log2(bytes_per_sector) */
	uint32_t sectors_per_cluster;
	uint32_t cluster_size;	/* bytes */
	uint32_t cluster_shift; /* log2(cluster_size) */
	uint32_t reserved_sectors;
	uint32_t num_fats;
	uint32_t active_fat;  /* FAT read from */
	bool fat_mirror;      /* write every FAT copy */
	uint32_t fat_sectors; /* sectors per FAT copy */
	uint32_t data_start;  /* first sector of cluster 2 */
	uint32_t total_sectors;
	uint32_t cluster_count; /* data clusters: 2 .. cluster_count + 1 */
	uint32_t root_cluster;
	uint32_t fsinfo_sector; /* 0: none usable */
	uint32_t backup_boot;	/* 0: none */
	uint32_t free_count;	/* FAT32_UNKNOWN when not known */
	uint32_t next_free;	/* allocation hint */
	bool fsinfo_dirty;
	bool readonly;
	bool mounted;
	fat32_clock_fn clock;
	void *clock_ctx;

	/* FAT sector cache: two sectors (a chain often crosses a sector
	 * boundary), write-back, flushed to every FAT copy. */
	uint32_t fat_cached[2]; /* sector index within one FAT, or ~0 */
	bool fat_dirty[2];
	uint32_t fat_lru; /* slot to evict next */
	/* Directory/metadata sector cache (write-through). */
	uint32_t meta_cached; /* absolute sector, or ~0 */

	uint8_t fat_buf[2][FAT32_MAX_SECTOR];
	uint8_t meta_buf[FAT32_MAX_SECTOR];
	uint8_t tmp_buf[FAT32_MAX_SECTOR];
};

#define FAT32_UNKNOWN 0xFFFFFFFFu

struct fat32_file {
	struct fat32_fs *fs;
	uint32_t first_cluster; /* 0 for an empty file */
	uint32_t size;
	uint32_t pos;
	uint32_t chain_len;    /* clusters in the chain (validated at open) */
	uint32_t last_cluster; /* last cluster of the chain, 0 if empty */
	uint32_t cur_cluster;  /* cluster number cur_index of the chain */
	uint32_t cur_index;
	uint32_t ent_sector; /* where the short directory entry lives */
	uint32_t ent_offset;
	uint32_t flags; /* FAT32_O_* */
	bool dirty;	/* size/cluster/mtime to write back */
	bool open;
};

struct fat32_dir {
	struct fat32_fs *fs;
	uint32_t first_cluster;
	uint32_t cluster; /* cluster holding entry number index */
	uint32_t index;	  /* next entry number */
	bool end;
	bool open;
};

struct fat32_stat {
	uint32_t size;
	uint32_t first_cluster;
	uint8_t attr; /* FAT32_ATTR_* */
	bool is_dir;
	uint64_t ctime; /* seconds since 1970 (creation) */
	uint64_t mtime; /* seconds since 1970 (last write) */
	uint64_t atime; /* seconds since 1970 (access date, 00:00) */
};

struct fat32_dirent {
	char name[FAT32_NAME_MAX + 1]; /* UTF-8; long name when valid, else 8.3 */
	char short_name[13];	       /* 8.3 form, e.g. "README.TXT" */
	struct fat32_stat st;
};

struct fat32_statfs {
	uint32_t sector_size;
	uint32_t cluster_size;
	uint32_t total_clusters;
	uint32_t free_clusters;
};

int fat32_mount(struct fat32_fs *fs, struct fat32_blockdev *dev,
		const struct fat32_mount_opts *opts);
int fat32_unmount(struct fat32_fs *fs);
int fat32_sync(struct fat32_fs *fs);
int fat32_statfs(struct fat32_fs *fs, struct fat32_statfs *out);
/* Label: up to 11 characters, trailing spaces removed; "" if none. */
int fat32_get_label(struct fat32_fs *fs, char out[12]);
int fat32_set_label(struct fat32_fs *fs, const char *label);

int fat32_stat(struct fat32_fs *fs, const char *path, struct fat32_stat *st);
int fat32_mkdir(struct fat32_fs *fs, const char *path);
int fat32_unlink(struct fat32_fs *fs, const char *path);
int fat32_rename(struct fat32_fs *fs, const char *from, const char *to);
int fat32_truncate(struct fat32_fs *fs, const char *path, uint32_t length);

int fat32_open(struct fat32_fs *fs, struct fat32_file *f, const char *path, uint32_t flags);
int64_t fat32_read(struct fat32_file *f, void *buf, size_t len);
int64_t fat32_write(struct fat32_file *f, const void *buf, size_t len);
int64_t fat32_lseek(struct fat32_file *f, int64_t offset, int whence);
int fat32_ftruncate(struct fat32_file *f, uint32_t length);
int fat32_fsync(struct fat32_file *f);
int fat32_close(struct fat32_file *f);

int fat32_opendir(struct fat32_fs *fs, struct fat32_dir *d, const char *path);
/* Returns 1 with *out filled, 0 at the end, or a negative error. */
int fat32_readdir(struct fat32_dir *d, struct fat32_dirent *out);
int fat32_closedir(struct fat32_dir *d);

const char *fat32_strerror(int err);

#endif /* AVATAR_FS_FAT32_H */
