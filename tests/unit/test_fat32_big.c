/* SPDX-License-Identifier: MIT */
/*
 * FAT32 at scale: a 300 MiB file written through Avatar on a sparse
 * 320 MiB image, checked by fsck.vfat, by mtools and by reading it back
 * through Avatar with few, large block-device calls.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fs/fat32.h>
#include "fat32/fat32_test_util.h"

#define IMG   "big.img"
#define SIZE  (300ull << 20)
#define CHUNK (1u << 20)
#define SEED  77

static void test_300mib_file(void **state)
{
	struct fat32_statfs sf;
	struct fat32_file f;
	struct tdev dev;
	struct fat32_fs *fs = malloc(sizeof(*fs));
	uint8_t *buf = malloc(CHUNK + 3);
	uint64_t done = 0, writes, reads;
	int64_t n;

	(void)state;
	assert_non_null(fs);
	assert_non_null(buf);
	tu_scratch_enter();
	tu_mkimg(IMG, 320, NULL);

	tu_dev_open(&dev, IMG, false);
	assert_int_equal(fat32_mount(fs, &dev.bd, NULL), 0);
	assert_int_equal(fat32_open(fs, &f, "/A big file.bin", FAT32_O_WRONLY | FAT32_O_CREAT), 0);
	/* An odd first write so the rest is not sector-aligned. */
	tu_pattern(buf, 0, 3, SEED);
	assert_int_equal(fat32_write(&f, buf, 3), 3);
	done = 3;
	writes = dev.writes;
	while (done < SIZE) {
		uint32_t len = SIZE - done < CHUNK ? (uint32_t)(SIZE - done) : CHUNK;

		tu_pattern(buf, done, len, SEED);
		assert_int_equal(fat32_write(&f, buf, len), len);
		done += len;
	}
	/* Contiguous allocation and run-sized writes: about 9 device writes
	 * per MiB (data head/body/tail, two FAT sectors in two copies), where
	 * writing cluster by cluster would take 256. */
	print_message("device writes for 300 MiB: %llu\n",
		      (unsigned long long)(dev.writes - writes));
	assert_true(dev.writes - writes < 300 * 10 + 200); /* ~9 per MiB */
	assert_int_equal(fat32_close(&f), 0);
	assert_int_equal(fat32_statfs(fs, &sf), 0);
	assert_int_equal(fat32_unmount(fs), 0);
	tu_dev_close(&dev);

	assert_true(tu_fsck_clean(IMG));
	assert_int_equal(
		tu_sh("minfo -i " IMG " :: | grep -q 'free clusters=%u'", sf.free_clusters), 0);

	/* Read back through Avatar. */
	tu_dev_open(&dev, IMG, true);
	assert_int_equal(
		fat32_mount(fs, &dev.bd, &(struct fat32_mount_opts){.flags = FAT32_MOUNT_RDONLY}),
		0);
	assert_int_equal(fat32_open(fs, &f, "/a big file.BIN", FAT32_O_RDONLY), 0);
	reads = dev.reads;
	done = 0;
	while ((n = fat32_read(&f, buf, CHUNK)) > 0) {
		assert_true(tu_pattern_check(buf, done, (size_t)n, SEED));
		done += (uint64_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(done, SIZE);
	/* 300 large reads plus FAT sectors (76800 clusters * 4 B / 512 B). */
	print_message("device reads for 300 MiB: %llu\n", (unsigned long long)(dev.reads - reads));
	assert_true(dev.reads - reads < 300 * 3 + 700);
	assert_int_equal(fat32_close(&f), 0);
	assert_int_equal(fat32_unmount(fs), 0);
	tu_dev_close(&dev);

	/* And through mtools. */
	assert_int_equal(tu_sh("mcopy -i " IMG " '::/A big file.bin' out.bin"), 0);
	assert_true(tu_file_is_pattern("out.bin", SIZE, SEED));

	free(buf);
	free(fs);
	tu_scratch_leave();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_300mib_file),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
