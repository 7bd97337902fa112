/* SPDX-License-Identifier: MIT */
/*
 * Helpers shared by the FAT32 host tests: a block device over an image
 * file (with call counters and fault injection), shell helpers for
 * mkfs.fat / mtools / fsck.vfat, a reproducible byte pattern, hashes.
 */
#ifndef AVATAR_TEST_FAT32_UTIL_H
#define AVATAR_TEST_FAT32_UTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <fs/fat32.h>

struct tdev {
	struct fat32_blockdev bd;
	int fd;
	uint64_t reads, writes; /* calls */
	uint64_t read_sectors, write_sectors;
	int64_t fail_read_after; /* <0: never fail */
};

/* Create and enter a fresh scratch directory; returns its path. */
const char *tu_scratch_enter(void);
/* Leave and remove it. */
void tu_scratch_leave(void);

/* Run a shell command (printf-style); returns its exit status. */
int tu_sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Make an empty FAT32 image of size_mib MiB (mkfs.fat -F 32). */
void tu_mkimg(const char *img, unsigned size_mib, const char *extra_opts);
/* fsck.vfat -n: true when clean; prints its output otherwise. */
bool tu_fsck_clean(const char *img);

void tu_dev_open(struct tdev *d, const char *img, bool ro);
void tu_dev_close(struct tdev *d);

/* Pattern byte stream: byte i of stream `seed`. */
void tu_pattern(uint8_t *buf, uint64_t off, size_t len, uint64_t seed);
bool tu_pattern_check(const uint8_t *buf, uint64_t off, size_t len, uint64_t seed);
/* Write a host file of `len` pattern bytes. */
void tu_write_pattern_file(const char *path, uint64_t len, uint64_t seed);
/* Does the host file hold exactly `len` pattern bytes? */
bool tu_file_is_pattern(const char *path, uint64_t len, uint64_t seed);

uint64_t tu_hash_file(const char *path);
/* Read a whole file through Avatar; returns malloc'd buffer, *len set. */
uint8_t *tu_fat_slurp(struct fat32_fs *fs, const char *path, size_t *len);
/* Read a whole host file. */
uint8_t *tu_host_slurp(const char *path, size_t *len);

#endif
