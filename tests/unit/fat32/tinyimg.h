/* SPDX-License-Identifier: MIT */
/*
 * Tiny FAT32 images built in memory, for the fuzzer's seed corpus and
 * the unit tests. They have far fewer than the 65525 clusters the FAT
 * specification asks of FAT32, which Avatar accepts (like Linux) as long
 * as the BPB is otherwise consistent; see docs/fat32.md.
 */
#ifndef AVATAR_TEST_FAT32_TINYIMG_H
#define AVATAR_TEST_FAT32_TINYIMG_H

#include <stddef.h>
#include <stdint.h>

#include <fs/fat32.h>

struct memdev {
	struct fat32_blockdev bd;
	uint8_t *data;
	size_t size;
};

void memdev_init(struct memdev *m, uint8_t *data, size_t size, uint32_t sector_size);

/* Format `clusters` clusters of `spc` 512-byte sectors into img (zeroed
 * first); returns the image size in bytes, 0 if cap is too small. */
size_t tiny_format(uint8_t *img, size_t cap, uint32_t clusters, uint32_t spc);

/* Format and fill with a sample tree (directories, long and unicode
 * names, a fragmented file) through Avatar itself. variant picks the
 * geometry and content. Returns the size or 0. */
size_t tiny_build(uint8_t *img, size_t cap, unsigned variant);

#endif
