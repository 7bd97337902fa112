/* SPDX-License-Identifier: MIT */
/*
 * FAT32 on corrupt images: every corruption gives its documented error
 * (or the documented fallback), never a crash, a hang or an access
 * outside the image. Built with -fsanitize=address,undefined.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <fs/fat32.h>
#include "../../fs/fat32/fat32_internal.h"
#include "fat32/fat32_test_util.h"
#include "fat32/tinyimg.h"

#define BASE	 "base.img"
#define WORK	 "work.img"
#define LONGNAME "A long name.txt"

/* Facts about the base image, found through Avatar itself. */
static struct {
	uint32_t fat_start[2]; /* byte offset of each FAT */
	uint64_t file_ent;     /* byte offset of file.bin's short entry */
	uint32_t file_cluster;
	uint64_t dir_ent; /* byte offset of dir's short entry */
	uint32_t dir_cluster;
	uint64_t lfn_ent[2]; /* LFN entries of LONGNAME, in disk order */
	uint32_t cluster_count;
} g;

static struct tdev dev;
static struct fat32_fs fs;

static uint64_t byte_off(uint32_t sector, uint32_t offset)
{
	return (uint64_t)sector * 512 + offset;
}

static int group_setup(void **state)
{
	struct fat32_node node;
	uint32_t s, o;
	int i;

	(void)state;
	tu_scratch_enter();
	tu_mkimg(BASE, 40, NULL);
	tu_write_pattern_file("file.bin", 5 * 512 - 10, 1);
	tu_write_pattern_file("sub.txt", 100, 2);
	tu_write_pattern_file(LONGNAME, 200, 3);
	assert_int_equal(tu_sh("mcopy -i " BASE " file.bin '" LONGNAME "' ::/ && "
			       "mmd -i " BASE " ::/dir && mcopy -i " BASE " sub.txt ::/dir/"),
			 0);
	/* Fill the first cluster of dir (16 entries) so that a loop in its
	 * chain never meets an end marker. */
	for (i = 0; i < 20; i++)
		assert_int_equal(tu_sh("mcopy -i " BASE " sub.txt ::/dir/F%d.TXT", i), 0);

	tu_dev_open(&dev, BASE, true);
	assert_int_equal(
		fat32_mount(&fs, &dev.bd, &(struct fat32_mount_opts){.flags = FAT32_MOUNT_RDONLY}),
		0);
	for (i = 0; i < 2; i++)
		g.fat_start[i] = (fs.reserved_sectors + i * fs.fat_sectors) * 512;
	g.cluster_count = fs.cluster_count;
	assert_int_equal(fat32_path_lookup(&fs, "/file.bin", &node), 0);
	g.file_ent = byte_off(node.rec.sector, node.rec.offset);
	g.file_cluster = node.cluster;
	assert_int_equal(fat32_path_lookup(&fs, "/dir", &node), 0);
	g.dir_ent = byte_off(node.rec.sector, node.rec.offset);
	g.dir_cluster = node.cluster;
	assert_int_equal(fat32_path_lookup(&fs, "/" LONGNAME, &node), 0);
	assert_true(node.rec.has_lfn);
	assert_int_equal(node.rec.index - node.rec.first_index, 2);
	for (i = 0; i < 2; i++) {
		assert_int_equal(fat32_dir_slot_loc(&fs, fs.root_cluster,
						    node.rec.first_index + (uint32_t)i, &s, &o),
				 0);
		g.lfn_ent[i] = byte_off(s, o);
	}
	fat32_unmount(&fs);
	tu_dev_close(&dev);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	tu_scratch_leave();
	return 0;
}

static void fresh(void)
{
	assert_int_equal(tu_sh("cp " BASE " " WORK), 0);
}

static void patch(uint64_t off, const void *data, size_t len)
{
	int fd = open(WORK, O_RDWR);

	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, data, len, (off_t)off), (ssize_t)len);
	close(fd);
}

static void patch8(uint64_t off, uint8_t v)
{
	patch(off, &v, 1);
}

static void patch16(uint64_t off, uint16_t v)
{
	uint8_t b[2] = {(uint8_t)v, (uint8_t)(v >> 8)};

	patch(off, b, 2);
}

static void patch32(uint64_t off, uint32_t v)
{
	uint8_t b[4] = {(uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16), (uint8_t)(v >> 24)};

	patch(off, b, 4);
}

/* Set FAT entry c in both copies. */
static void patch_fat(uint32_t c, uint32_t v)
{
	patch32(g.fat_start[0] + c * 4, v);
	patch32(g.fat_start[1] + c * 4, v);
}

static int try_mount(bool ro)
{
	int err;

	tu_dev_open(&dev, WORK, ro);
	err = fat32_mount(&fs, &dev.bd,
			  &(struct fat32_mount_opts){.flags = ro ? FAT32_MOUNT_RDONLY : 0});
	if (err)
		tu_dev_close(&dev);
	return err;
}

static void done(void)
{
	fat32_unmount(&fs);
	tu_dev_close(&dev);
}

static void expect_mount(int want)
{
	assert_int_equal(try_mount(true), want);
	if (!want)
		done();
}

/* ---- boot sector ------------------------------------------------------- */

static void test_bad_boot_sector(void **state)
{
	(void)state;
	fresh();
	expect_mount(0);

	fresh();
	patch8(510, 0);
	expect_mount(FAT32_ENODEV);
	fresh();
	patch16(BPB_BYTSPERSEC, 256);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch16(BPB_BYTSPERSEC, 8192);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch16(BPB_BYTSPERSEC, 1000);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch16(BPB_BYTSPERSEC, 0);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch8(BPB_SECPERCLUS, 3);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch8(BPB_SECPERCLUS, 0);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch8(BPB_NUMFATS, 0);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch16(BPB_RSVDSECCNT, 0);
	expect_mount(FAT32_ECORRUPT);
	/* FAT too small for the clusters, FAT larger than the volume. */
	fresh();
	patch32(BPB_FATSZ32, 1);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch32(BPB_FATSZ32, 0x7FFFFFFF);
	expect_mount(FAT32_ECORRUPT);
	/* Volume larger than the device. */
	fresh();
	patch32(BPB_TOTSEC32, 40 * 2048 + 1);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch32(BPB_TOTSEC32, 0xFFFFFFFF);
	expect_mount(FAT32_ECORRUPT);
	/* Not FAT32: FAT12/16 layout. */
	fresh();
	patch16(BPB_FATSZ16, 100);
	expect_mount(FAT32_ENODEV);
	fresh();
	patch16(BPB_ROOTENTCNT, 512);
	expect_mount(FAT32_ENODEV);
	fresh();
	patch32(BPB_FATSZ32, 0);
	expect_mount(FAT32_ENODEV);
	/* Root cluster out of range. */
	fresh();
	patch32(BPB_ROOTCLUS, 0);
	expect_mount(FAT32_ECORRUPT);
	fresh();
	patch32(BPB_ROOTCLUS, 0x0FFFFFF0);
	expect_mount(FAT32_ECORRUPT);
	/* Active FAT beyond the number of FATs (mirroring off). */
	fresh();
	patch16(BPB_EXTFLAGS, 0x80 | 5);
	expect_mount(FAT32_ECORRUPT);
}

/* A bad FSInfo is only a hint: the free count is recomputed. */
static void test_bad_fsinfo(void **state)
{
	struct fat32_statfs a, b;

	(void)state;
	fresh();
	assert_int_equal(try_mount(true), 0);
	assert_int_equal(fat32_statfs(&fs, &a), 0);
	done();
	patch32(512 + 488, 0x7FFFFFF0); /* beyond the cluster count */
	assert_int_equal(try_mount(true), 0);
	assert_int_equal(fat32_statfs(&fs, &b), 0);
	assert_int_equal(a.free_clusters, b.free_clusters);
	done();
	fresh();
	patch32(512, 0); /* lead signature */
	assert_int_equal(try_mount(true), 0);
	assert_int_equal(fat32_statfs(&fs, &b), 0);
	assert_int_equal(a.free_clusters, b.free_clusters);
	done();
}

/* ---- cluster chains ---------------------------------------------------- */

static void expect_open(const char *path, int want)
{
	struct fat32_file f;
	int err;

	assert_int_equal(try_mount(true), 0);
	err = fat32_open(&fs, &f, path, FAT32_O_RDONLY);
	assert_int_equal(err, want);
	if (!err)
		fat32_close(&f);
	done();
}

static void test_chain_loop(void **state)
{
	struct fat32_file f;

	(void)state;
	fresh();
	patch_fat(g.file_cluster + 2, g.file_cluster);
	expect_open("/file.bin", FAT32_ECORRUPT);
	/* Unlinking it must terminate too (read-write mount). */
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(fat32_unlink(&fs, "/file.bin"), FAT32_ECORRUPT);
	done();
	/* Self loop. */
	fresh();
	patch_fat(g.file_cluster, g.file_cluster);
	expect_open("/file.bin", FAT32_ECORRUPT);
	/* Writing to it: open fails before anything is written. */
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(fat32_open(&fs, &f, "/file.bin", FAT32_O_WRONLY), FAT32_ECORRUPT);
	done();
}

static void test_chain_bad_links(void **state)
{
	(void)state;
	/* Out of range, reserved, bad-cluster marker, free, cluster 1. */
	fresh();
	patch_fat(g.file_cluster + 1, g.cluster_count + 2);
	expect_open("/file.bin", FAT32_ECORRUPT);
	fresh();
	patch_fat(g.file_cluster + 1, 0x0FFFFFF0);
	expect_open("/file.bin", FAT32_ECORRUPT);
	fresh();
	patch_fat(g.file_cluster + 1, 0x0FFFFFF7);
	expect_open("/file.bin", FAT32_ECORRUPT);
	fresh();
	patch_fat(g.file_cluster + 1, 0);
	expect_open("/file.bin", FAT32_ECORRUPT);
	fresh();
	patch_fat(g.file_cluster + 1, 1);
	expect_open("/file.bin", FAT32_ECORRUPT);
	/* The top four bits are reserved: an end marker with them set is
	 * still an end marker. */
	fresh();
	patch_fat(g.file_cluster + 4, 0xFFFFFFFF);
	expect_open("/file.bin", 0);
}

static void test_dirent_beyond_volume(void **state)
{
	struct fat32_stat st;
	struct fat32_dir d;

	(void)state;
	fresh();
	patch16(g.file_ent + DIR_FSTCLUSHI, 0x0FFF);
	patch16(g.dir_ent + DIR_FSTCLUSHI, 0x0FFF);
	expect_open("/file.bin", FAT32_ECORRUPT);
	assert_int_equal(try_mount(true), 0);
	assert_int_equal(fat32_stat(&fs, "/file.bin", &st), 0);
	assert_int_equal(fat32_opendir(&fs, &d, "/dir"), FAT32_ECORRUPT);
	assert_int_equal(fat32_stat(&fs, "/dir/sub.txt", &st), FAT32_ECORRUPT);
	done();
	/* Directory with first cluster 0. */
	fresh();
	patch16(g.dir_ent + DIR_FSTCLUSHI, 0);
	patch16(g.dir_ent + DIR_FSTCLUSLO, 0);
	assert_int_equal(try_mount(false), 0);
	assert_int_equal(fat32_opendir(&fs, &d, "/dir"), FAT32_ECORRUPT);
	assert_int_equal(fat32_mkdir(&fs, "/dir/x"), FAT32_ECORRUPT);
	done();
}

static void test_size_larger_than_chain(void **state)
{
	static uint8_t buf[100000];
	struct fat32_file f;

	(void)state;
	fresh();
	patch32(g.file_ent + DIR_FILESIZE, 100000);
	assert_int_equal(try_mount(true), 0);
	assert_int_equal(fat32_open(&fs, &f, "/file.bin", FAT32_O_RDONLY), 0);
	/* The chain's data comes back, then the error. */
	assert_int_equal(fat32_read(&f, buf, sizeof(buf)), 5 * 512);
	assert_true(tu_pattern_check(buf, 0, 5 * 512 - 10, 1));
	assert_int_equal(fat32_read(&f, buf, sizeof(buf)), FAT32_ECORRUPT);
	assert_int_equal(fat32_lseek(&f, 4000, FAT32_SEEK_SET), 4000);
	assert_int_equal(fat32_read(&f, buf, 10), FAT32_ECORRUPT);
	fat32_close(&f);
	done();
}

/* ---- directories ------------------------------------------------------- */

static int count_entries(const char *path, int *err)
{
	struct fat32_dirent de;
	struct fat32_dir d;
	int n = 0, r;

	assert_int_equal(fat32_opendir(&fs, &d, path), 0);
	while ((r = fat32_readdir(&d, &de)) == 1)
		n++;
	*err = r;
	return n;
}

static void test_directory_loop(void **state)
{
	struct fat32_stat st;
	int err;

	(void)state;
	fresh();
	patch_fat(g.dir_cluster, g.dir_cluster);
	assert_int_equal(try_mount(false), 0);
	count_entries("/dir", &err);
	assert_int_equal(err, FAT32_ECORRUPT);
	assert_int_equal(fat32_stat(&fs, "/dir/nothere", &st), FAT32_ECORRUPT);
	assert_int_equal(fat32_mkdir(&fs, "/dir/new"), FAT32_ECORRUPT);
	assert_int_equal(fat32_unlink(&fs, "/dir"), FAT32_ENOTEMPTY);
	done();
}

static bool has_name(const char *want)
{
	struct fat32_dirent de;
	struct fat32_dir d;
	bool found = false;

	assert_int_equal(fat32_opendir(&fs, &d, "/"), 0);
	while (fat32_readdir(&d, &de) == 1)
		found |= !strcmp(de.name, want);
	return found;
}

static void test_lfn_fallback(void **state)
{
	struct fat32_stat st;

	(void)state;
	fresh();
	assert_int_equal(try_mount(true), 0);
	assert_true(has_name(LONGNAME));
	done();

	/* Bad checksum in one LFN entry: the 8.3 name is shown. */
	fresh();
	patch8(g.lfn_ent[1] + LDIR_CHKSUM, 0x5A);
	assert_int_equal(try_mount(true), 0);
	assert_false(has_name(LONGNAME));
	assert_true(has_name("ALONGN~1.TXT"));
	assert_int_equal(fat32_stat(&fs, "/" LONGNAME, &st), FAT32_ENOENT);
	assert_int_equal(fat32_stat(&fs, "/alongn~1.txt", &st), 0);
	assert_int_equal(st.size, 200);
	done();

	/* All LFN entries agree on a checksum that is not the 8.3 name's
	 * (an orphaned run left in front of another file). */
	fresh();
	patch8(g.lfn_ent[0] + LDIR_CHKSUM, 0x5A);
	patch8(g.lfn_ent[1] + LDIR_CHKSUM, 0x5A);
	assert_int_equal(try_mount(true), 0);
	assert_false(has_name(LONGNAME));
	assert_true(has_name("ALONGN~1.TXT"));
	done();

	/* Wrong order: the entry with ordinal 1 claims 3. */
	fresh();
	patch8(g.lfn_ent[1] + LDIR_ORD, 3);
	assert_int_equal(try_mount(true), 0);
	assert_false(has_name(LONGNAME));
	assert_true(has_name("ALONGN~1.TXT"));
	done();

	/* First entry claims 31 parts (more than 20 possible). */
	fresh();
	patch8(g.lfn_ent[0] + LDIR_ORD, 0x40 | 31);
	assert_int_equal(try_mount(true), 0);
	assert_true(has_name("ALONGN~1.TXT"));
	done();

	/* Missing "last" flag. */
	fresh();
	patch8(g.lfn_ent[0] + LDIR_ORD, 2);
	assert_int_equal(try_mount(true), 0);
	assert_true(has_name("ALONGN~1.TXT"));
	done();
}

static void test_io_error(void **state)
{
	struct fat32_stat st;
	struct fat32_file f;
	uint8_t buf[16];

	(void)state;
	fresh();
	assert_int_equal(try_mount(true), 0);
	assert_int_equal(fat32_open(&fs, &f, "/file.bin", FAT32_O_RDONLY), 0);
	dev.fail_read_after = (int64_t)dev.reads;
	assert_int_equal(fat32_read(&f, buf, sizeof(buf)), FAT32_EIO);
	assert_int_equal(fat32_stat(&fs, "/dir/sub.txt", &st), FAT32_EIO);
	dev.fail_read_after = -1;
	assert_int_equal(fat32_read(&f, buf, sizeof(buf)), sizeof(buf));
	fat32_close(&f);
	done();
}

/* ---- tiny images (fewer clusters than the specification's minimum) ---- */

static void test_tiny_image(void **state)
{
	static uint8_t img[1 << 20];
	struct fat32_statfs sf;
	struct memdev m;
	size_t size, len;
	uint8_t *x;
	unsigned v;

	(void)state;
	for (v = 0; v < 8; v++) {
		size = tiny_build(img, sizeof(img), v);
		assert_true(size > 0 && size < 128 * 1024);
		memdev_init(&m, img, size, 512);
		assert_int_equal(fat32_mount(&fs, &m.bd, NULL), 0);
		assert_int_equal(fat32_statfs(&fs, &sf), 0);
		assert_true(sf.total_clusters < 65525);
		x = tu_fat_slurp(&fs, "/fragmented", &len);
		assert_int_equal(len, 3000);
		assert_int_equal(x[0], 6);
		free(x);
		x = tu_fat_slurp(&fs, "/dir/Sub Directory/\xc3\xbcnicode \xe6\x97\xa5.bin", &len);
		assert_int_equal(len, 700);
		free(x);
		assert_int_equal(fat32_unmount(&fs), 0);
	}
	/* The same images are consistent for fsck.vfat, too. */
	size = tiny_build(img, sizeof(img), 4);
	{
		FILE *f = fopen("tiny.img", "wb");

		assert_non_null(f);
		assert_int_equal(fwrite(img, 1, size, f), size);
		fclose(f);
	}
	assert_true(tu_fsck_clean("tiny.img"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bad_boot_sector),
		cmocka_unit_test(test_bad_fsinfo),
		cmocka_unit_test(test_chain_loop),
		cmocka_unit_test(test_chain_bad_links),
		cmocka_unit_test(test_dirent_beyond_volume),
		cmocka_unit_test(test_size_larger_than_chain),
		cmocka_unit_test(test_directory_loop),
		cmocka_unit_test(test_lfn_fallback),
		cmocka_unit_test(test_io_error),
		cmocka_unit_test(test_tiny_image),
	};

	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
