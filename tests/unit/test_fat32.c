/* SPDX-License-Identifier: MIT */
/*
 * FAT32 against real tools: images made by mkfs.fat and filled by
 * mtools are read back byte-identical; what Avatar writes is read back by
 * mtools and every write test ends with a clean `fsck.vfat -n`.
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
#include "../../fs/fat32/fat32_internal.h"
#include "fat32/fat32_test_util.h"

#define IMG "t.img"

struct ctx {
	struct tdev dev;
	struct fat32_fs fs;
};

static int setup(void **state)
{
	struct ctx *c = calloc(1, sizeof(*c));

	tu_scratch_enter();
	*state = c;
	return c ? 0 : -1;
}

static int teardown(void **state)
{
	free(*state);
	tu_scratch_leave();
	return 0;
}

static void mount_img(struct ctx *c, const char *img, bool ro, const struct fat32_mount_opts *o)
{
	struct fat32_mount_opts def = {.flags = ro ? FAT32_MOUNT_RDONLY : 0};

	tu_dev_open(&c->dev, img, ro);
	assert_int_equal(fat32_mount(&c->fs, &c->dev.bd, o ? o : &def), 0);
}

static void unmount_img(struct ctx *c)
{
	assert_int_equal(fat32_unmount(&c->fs), 0);
	tu_dev_close(&c->dev);
}

static void write_file(struct fat32_fs *fs, const char *path, const void *data, size_t len)
{
	struct fat32_file f;

	assert_int_equal(fat32_open(fs, &f, path, FAT32_O_WRONLY | FAT32_O_CREAT | FAT32_O_TRUNC),
			 0);
	assert_int_equal(fat32_write(&f, data, len), (int64_t)len);
	assert_int_equal(fat32_close(&f), 0);
}

static void check_same(struct fat32_fs *fs, const char *fatpath, const char *host)
{
	size_t a, b;
	uint8_t *x = tu_fat_slurp(fs, fatpath, &a);
	uint8_t *y = tu_host_slurp(host, &b);

	assert_int_equal(a, b);
	assert_memory_equal(x, y, a);
	free(x);
	free(y);
}

/* Is the chain of `path` split into at least two runs? */
static bool fragmented(struct fat32_fs *fs, const char *path)
{
	struct fat32_stat st;
	uint32_t c, next;

	assert_int_equal(fat32_stat(fs, path, &st), 0);
	for (c = st.first_cluster;; c = next) {
		assert_int_equal(fat32_fat_next(fs, c, &next), 0);
		if (!next)
			return false;
		if (next != c + 1)
			return true;
	}
}

/* mtools 4.0.32 drops characters outside the BMP, so the name shared
 * with mtools stays in the BMP; emoji_name is checked Avatar-to-Avatar. */
static const char *uni_name = "\xc3\x9cn\xc3\xaf\x63\xc3\xb8\x64\xc3\xa9-"
			      "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e.txt";
static const char *emoji_name = "smile \xf0\x9f\x98\x80 \xf0\x9f\x8e\x89.txt";

/* ---- mtools writes, Avatar reads --------------------------------------- */

static void test_read_mtools_image(void **state)
{
	struct ctx *c = *state;
	char path[512], fat[1024];
	struct fat32_dirent de;
	struct fat32_dir d;
	int i, seen = 0;

	tu_mkimg(IMG, 40, "-n AVATARTEST");
	tu_write_pattern_file("small.txt", 37, 1);
	tu_write_pattern_file("Long File Name With Spaces.data", 100000, 2);
	tu_write_pattern_file(uni_name, 5000, 3);
	tu_write_pattern_file("UPPER.TXT", 512, 4);
	tu_write_pattern_file("empty", 0, 5);
	tu_write_pattern_file("deep.bin", 12345, 6);
	assert_int_equal(tu_sh("mcopy -i " IMG " small.txt 'Long File Name With Spaces.data' "
			       "'%s' UPPER.TXT empty ::/",
			       uni_name),
			 0);
	/* 12 levels of directories. */
	strcpy(path, "::");
	for (i = 0; i < 12; i++) {
		size_t l = strlen(path);

		snprintf(path + l, sizeof(path) - l, "/level%02d directory", i);
		assert_int_equal(tu_sh("mmd -i " IMG " '%s'", path), 0);
	}
	assert_int_equal(tu_sh("mcopy -i " IMG " deep.bin '%s/'", path), 0);
	/* Fragmentation: interleaved files, delete every other, then a big one. */
	for (i = 0; i < 20; i++) {
		snprintf(fat, sizeof(fat), "frag%02d", i);
		tu_write_pattern_file(fat, 3 * 512 + 100, 100 + (uint64_t)i);
		assert_int_equal(tu_sh("mcopy -i " IMG " %s ::/", fat), 0);
	}
	for (i = 0; i < 20; i += 2)
		assert_int_equal(tu_sh("mdel -i " IMG " ::/frag%02d", i), 0);
	/* mtools allocates from the FSInfo next-free hint: point it back at
	 * cluster 2 so the next file fills the holes. */
	assert_int_equal(tu_sh("printf '\\002\\000\\000\\000' | dd of=" IMG
			       " bs=1 seek=%d conv=notrunc status=none",
			       512 + 492),
			 0);
	tu_write_pattern_file("fragmented.bin", 60 * 512 + 7, 7);
	assert_int_equal(tu_sh("mcopy -i " IMG " fragmented.bin ::/"), 0);

	mount_img(c, IMG, true, NULL);
	check_same(&c->fs, "/small.txt", "small.txt");
	check_same(&c->fs, "/Long File Name With Spaces.data", "Long File Name With Spaces.data");
	check_same(&c->fs, "/long file name with spaces.DATA", "Long File Name With Spaces.data");
	snprintf(fat, sizeof(fat), "/%s", uni_name);
	check_same(&c->fs, fat, uni_name);
	check_same(&c->fs, "UPPER.TXT", "UPPER.TXT");
	check_same(&c->fs, "/upper.txt", "UPPER.TXT");
	check_same(&c->fs, "/empty", "empty");
	snprintf(fat, sizeof(fat), "%s/deep.bin", path + 2);
	check_same(&c->fs, fat, "deep.bin");
	check_same(&c->fs, "/fragmented.bin", "fragmented.bin");
	assert_true(fragmented(&c->fs, "/fragmented.bin"));
	for (i = 1; i < 20; i += 2) {
		snprintf(fat, sizeof(fat), "frag%02d", i);
		check_same(&c->fs, fat, fat);
	}

	/* readdir gives the long names. */
	assert_int_equal(fat32_opendir(&c->fs, &d, "/"), 0);
	while (fat32_readdir(&d, &de) == 1) {
		if (!strcmp(de.name, "Long File Name With Spaces.data") ||
		    !strcmp(de.name, uni_name) || !strcmp(de.name, "level00 directory"))
			seen++;
		if (!strcmp(de.name, "level00 directory"))
			assert_true(de.st.is_dir);
	}
	assert_int_equal(fat32_closedir(&d), 0);
	assert_int_equal(seen, 3);

	{
		char label[12];

		assert_int_equal(fat32_get_label(&c->fs, label), 0);
		assert_string_equal(label, "AVATARTEST");
	}
	unmount_img(c);
}

/* Sequential reads of a contiguous file use few, large device reads. */
static void test_sequential_read_is_cheap(void **state)
{
	struct ctx *c = *state;
	static uint8_t buf[65536];
	struct fat32_file f;
	uint64_t reads, off = 0;
	int64_t n;

	tu_mkimg(IMG, 40, NULL);
	tu_write_pattern_file("big.bin", 8 << 20, 9);
	assert_int_equal(tu_sh("mcopy -i " IMG " big.bin ::/"), 0);
	mount_img(c, IMG, true, NULL);
	assert_int_equal(fat32_open(&c->fs, &f, "/big.bin", FAT32_O_RDONLY), 0);
	reads = c->dev.reads;
	while ((n = fat32_read(&f, buf, sizeof(buf))) > 0) {
		assert_true(tu_pattern_check(buf, off, (size_t)n, 9));
		off += (uint64_t)n;
	}
	assert_int_equal(n, 0);
	assert_int_equal(off, 8 << 20);
	/* 128 data reads plus FAT sectors: 8 MiB / 512 B clusters = 16384
	 * entries = 128 FAT sectors. Re-walking the chain would need far more. */
	assert_true(c->dev.reads - reads <= 128 + 128 + 8);
	assert_int_equal(fat32_close(&f), 0);
	unmount_img(c);
}

/* ---- Avatar writes, mtools reads --------------------------------------- */

static void test_write_read_by_mtools(void **state)
{
	struct ctx *c = *state;
	static uint8_t buf[1 << 20];
	struct fat32_file f;
	size_t done = 0, step = 1000;
	char fat[1024];

	tu_mkimg(IMG, 40, NULL);
	mount_img(c, IMG, false, NULL);
	assert_int_equal(fat32_mkdir(&c->fs, "/sub"), 0);
	assert_int_equal(fat32_mkdir(&c->fs, "/sub/Nested Directory"), 0);

	/* 1 MiB written with uneven chunk sizes. */
	tu_pattern(buf, 0, sizeof(buf), 11);
	assert_int_equal(fat32_open(&c->fs, &f, "/sub/Nested Directory/pattern.bin",
				    FAT32_O_RDWR | FAT32_O_CREAT),
			 0);
	while (done < sizeof(buf)) {
		size_t n = sizeof(buf) - done < step ? sizeof(buf) - done : step;

		assert_int_equal(fat32_write(&f, buf + done, n), (int64_t)n);
		done += n;
		step = step == 1000 ? 70001 : 1000;
	}
	assert_int_equal(fat32_close(&f), 0);

	write_file(&c->fs, "/hello.txt", "hello, world\n", 13);
	write_file(&c->fs, "/A file with a rather long name.text", buf, 3000);
	snprintf(fat, sizeof(fat), "/sub/%s", uni_name);
	write_file(&c->fs, fat, buf + 5, 777);
	write_file(&c->fs, "/empty", "", 0);
	snprintf(fat, sizeof(fat), "/%s", emoji_name);
	write_file(&c->fs, fat, "surrogates", 10);

	/* Seek past the end: the gap reads as zeros. Overwrite in the middle. */
	assert_int_equal(fat32_open(&c->fs, &f, "/gap.bin", FAT32_O_RDWR | FAT32_O_CREAT), 0);
	assert_int_equal(fat32_write(&f, "head", 4), 4);
	assert_int_equal(fat32_lseek(&f, 5000, FAT32_SEEK_SET), 5000);
	assert_int_equal(fat32_write(&f, "tail", 4), 4);
	assert_int_equal(fat32_lseek(&f, 2, FAT32_SEEK_SET), 2);
	assert_int_equal(fat32_write(&f, "XY", 2), 2);
	assert_int_equal(fat32_lseek(&f, 0, FAT32_SEEK_END), 5004);
	assert_int_equal(fat32_close(&f), 0);
	unmount_img(c);

	/* Names outside the BMP survive a remount (readdir and lookup). */
	mount_img(c, IMG, true, NULL);
	{
		struct fat32_dir d;
		struct fat32_dirent de;
		bool found = false;
		size_t len;
		uint8_t *x;

		assert_int_equal(fat32_opendir(&c->fs, &d, "/"), 0);
		while (fat32_readdir(&d, &de) == 1)
			found |= !strcmp(de.name, emoji_name);
		assert_true(found);
		x = tu_fat_slurp(&c->fs, fat, &len);
		assert_int_equal(len, 10);
		assert_memory_equal(x, "surrogates", 10);
		free(x);
	}
	unmount_img(c);

	assert_true(tu_fsck_clean(IMG));
	assert_int_equal(tu_sh("mcopy -i " IMG " '::/sub/Nested Directory/pattern.bin' out1"), 0);
	assert_true(tu_file_is_pattern("out1", sizeof(buf), 11));
	assert_int_equal(tu_sh("mtype -i " IMG " ::/hello.txt > out2 && "
			       "printf 'hello, world\\n' | cmp - out2"),
			 0);
	assert_int_equal(tu_sh("mcopy -i " IMG " '::/A file with a rather long name.text' out3"),
			 0);
	assert_true(tu_file_is_pattern("out3", 3000, 11));
	assert_int_equal(tu_sh("mcopy -i " IMG " '::/sub/%s' out4", uni_name), 0);
	{
		size_t len;
		uint8_t *x = tu_host_slurp("out4", &len);

		assert_int_equal(len, 777);
		assert_memory_equal(x, buf + 5, 777);
		free(x);
		x = tu_host_slurp("out4", &len);
		free(x);
	}
	assert_int_equal(tu_sh("mcopy -i " IMG " ::/gap.bin out5"), 0);
	{
		size_t len, i;
		uint8_t *x = tu_host_slurp("out5", &len);

		assert_int_equal(len, 5004);
		assert_memory_equal(x, "heXY", 4);
		for (i = 4; i < 5000; i++)
			assert_int_equal(x[i], 0);
		assert_memory_equal(x + 5000, "tail", 4);
		free(x);
	}
	assert_int_equal(tu_sh("mdir -i " IMG " -b ::/empty | grep -q empty"), 0);
}

/* Many names sharing a prefix get distinct ~N short names. */
static void test_short_name_tails(void **state)
{
	struct ctx *c = *state;
	char name[64];
	int i;

	tu_mkimg(IMG, 40, NULL);
	mount_img(c, IMG, false, NULL);
	for (i = 0; i < 15; i++) {
		snprintf(name, sizeof(name), "/Quarterly report %d.document", i);
		write_file(&c->fs, name, name, strlen(name));
	}
	write_file(&c->fs, "/README.TXT", "x", 1);
	write_file(&c->fs, "/readme.txt.bak", "y", 1);
	{
		struct fat32_dir d;
		struct fat32_dirent de;
		int tails = 0;

		assert_int_equal(fat32_opendir(&c->fs, &d, "/"), 0);
		while (fat32_readdir(&d, &de) == 1) {
			if (!strncmp(de.short_name, "QUARTE~", 7) ||
			    !strncmp(de.short_name, "QUART~", 6))
				tails++;
			if (!strcmp(de.name, "README.TXT"))
				assert_string_equal(de.short_name, "README.TXT");
		}
		assert_int_equal(tails, 15);
	}
	unmount_img(c);
	assert_true(tu_fsck_clean(IMG));
	for (i = 0; i < 15; i++) {
		assert_int_equal(tu_sh("mtype -i " IMG " '::/Quarterly report %d.document' > o", i),
				 0);
		snprintf(name, sizeof(name), "/Quarterly report %d.document", i);
		assert_int_equal(tu_sh("printf '%%s' '%s' | cmp - o", name), 0);
	}
}

/* ---- name-space operations -------------------------------------------- */

static void test_mkdir_unlink_rename_truncate(void **state)
{
	struct ctx *c = *state;
	static uint8_t buf[20000];
	struct fat32_stat st;

	tu_mkimg(IMG, 40, NULL);
	tu_write_pattern_file("keep.bin", 20000, 21);
	tu_write_pattern_file("victim.txt", 3000, 22);
	tu_write_pattern_file("moveme.dat", 4096, 23);
	assert_int_equal(tu_sh("mcopy -i " IMG " keep.bin victim.txt moveme.dat ::/"), 0);
	assert_int_equal(tu_sh("mmd -i " IMG " ::/olddir ::/olddir/inner"), 0);
	assert_int_equal(tu_sh("mcopy -i " IMG " victim.txt ::/olddir/inner/f.txt"), 0);

	mount_img(c, IMG, false, NULL);
	assert_int_equal(fat32_mkdir(&c->fs, "/d1"), 0);
	assert_int_equal(fat32_mkdir(&c->fs, "/d1/d2"), 0);
	assert_int_equal(fat32_mkdir(&c->fs, "/d1"), FAT32_EEXIST);
	assert_int_equal(fat32_mkdir(&c->fs, "/emptydir"), 0);
	/* Move a file across directories with a new long name. */
	assert_int_equal(fat32_rename(&c->fs, "/moveme.dat", "/d1/d2/Moved File.dat"), 0);
	assert_int_equal(fat32_stat(&c->fs, "/moveme.dat", &st), FAT32_ENOENT);
	/* Move a directory: its ".." must follow (fsck checks it). */
	assert_int_equal(fat32_rename(&c->fs, "/olddir/inner", "/d1/inner2"), 0);
	assert_int_equal(fat32_rename(&c->fs, "/olddir", "/renamed dir"), 0);
	/* A directory cannot move below itself. */
	assert_int_equal(fat32_rename(&c->fs, "/d1", "/d1/d2/x"), FAT32_EINVAL);
	/* Case-only rename of the same entry. */
	assert_int_equal(fat32_rename(&c->fs, "/emptydir", "/EmptyDir"), 0);
	/* Replace an existing file. */
	write_file(&c->fs, "/replaced.txt", "old", 3);
	write_file(&c->fs, "/newer.txt", "new!", 4);
	assert_int_equal(fat32_rename(&c->fs, "/newer.txt", "/replaced.txt"), 0);
	assert_int_equal(fat32_stat(&c->fs, "/replaced.txt", &st), 0);
	assert_int_equal(st.size, 4);
	/* Unlink: file, empty directory, non-empty directory refused. */
	assert_int_equal(fat32_unlink(&c->fs, "/victim.txt"), 0);
	assert_int_equal(fat32_unlink(&c->fs, "/victim.txt"), FAT32_ENOENT);
	assert_int_equal(fat32_unlink(&c->fs, "/d1"), FAT32_ENOTEMPTY);
	assert_int_equal(fat32_unlink(&c->fs, "/EmptyDir"), 0);
	assert_int_equal(fat32_unlink(&c->fs, "/"), FAT32_EINVAL);
	/* Truncate: shrink, then grow with zeros. */
	assert_int_equal(fat32_truncate(&c->fs, "/keep.bin", 1000), 0);
	assert_int_equal(fat32_truncate(&c->fs, "/keep.bin", 5000), 0);
	assert_int_equal(fat32_stat(&c->fs, "/keep.bin", &st), 0);
	assert_int_equal(st.size, 5000);
	assert_int_equal(fat32_truncate(&c->fs, "/d1", 0), FAT32_EISDIR);
	unmount_img(c);

	assert_true(tu_fsck_clean(IMG));
	assert_int_equal(tu_sh("mdir -i " IMG " -b -/ :: | sed 's|^::/||' | sort > listing"), 0);
	assert_int_equal(tu_sh("printf '%%s\\n' 'd1/' 'd1/d2/' 'd1/d2/Moved File.dat' "
			       "'d1/inner2/' 'd1/inner2/f.txt' 'keep.bin' 'renamed dir/' "
			       "'replaced.txt' | sort | diff - listing"),
			 0);
	assert_int_equal(tu_sh("mcopy -i " IMG " '::/d1/d2/Moved File.dat' o1"), 0);
	assert_true(tu_file_is_pattern("o1", 4096, 23));
	assert_int_equal(tu_sh("mcopy -i " IMG " ::/keep.bin o2"), 0);
	{
		size_t len, i;
		uint8_t *x = tu_host_slurp("o2", &len);

		assert_int_equal(len, 5000);
		assert_true(tu_pattern_check(x, 0, 1000, 21));
		for (i = 1000; i < 5000; i++)
			assert_int_equal(x[i], 0);
		free(x);
	}
	(void)buf;
}

static void test_errors(void **state)
{
	struct ctx *c = *state;
	char longname[300];
	struct fat32_file f;
	struct fat32_stat st;
	struct fat32_dir d;

	tu_mkimg(IMG, 40, NULL);
	mount_img(c, IMG, false, NULL);
	write_file(&c->fs, "/file", "abc", 3);
	assert_int_equal(fat32_stat(&c->fs, "/nope", &st), FAT32_ENOENT);
	assert_int_equal(fat32_stat(&c->fs, "/file/x", &st), FAT32_ENOTDIR);
	assert_int_equal(fat32_opendir(&c->fs, &d, "/file"), FAT32_ENOTDIR);
	assert_int_equal(fat32_mkdir(&c->fs, "/file/x"), FAT32_ENOTDIR);
	assert_int_equal(fat32_mkdir(&c->fs, "/no/such"), FAT32_ENOENT);
	assert_int_equal(fat32_open(&c->fs, &f, "/", FAT32_O_RDONLY), FAT32_EISDIR);
	assert_int_equal(
		fat32_open(&c->fs, &f, "/file", FAT32_O_CREAT | FAT32_O_EXCL | FAT32_O_WRONLY),
		FAT32_EEXIST);
	memset(longname, 'n', sizeof(longname));
	longname[0] = '/';
	longname[257] = '\0';
	assert_int_equal(fat32_mkdir(&c->fs, longname), FAT32_ENAMETOOLONG);
	longname[256] = '\0';
	assert_int_equal(fat32_mkdir(&c->fs, longname), 0); /* 255 is fine */
	assert_int_equal(fat32_mkdir(&c->fs, "/bad:name"), FAT32_EINVAL);
	assert_int_equal(fat32_mkdir(&c->fs, "/trailing."), FAT32_EINVAL);
	assert_int_equal(fat32_mkdir(&c->fs, "/bad\xff"), FAT32_EINVAL);
	assert_int_equal(fat32_open(&c->fs, &f, "/file", FAT32_O_RDONLY), 0);
	assert_int_equal(fat32_write(&f, "x", 1), FAT32_EBADF);
	assert_int_equal(fat32_lseek(&f, -1, FAT32_SEEK_SET), FAT32_EINVAL);
	assert_int_equal(fat32_close(&f), 0);
	assert_int_equal(fat32_close(&f), FAT32_EBADF);
	assert_string_equal(fat32_strerror(FAT32_ENOSPC), "no space left on volume");
	assert_string_equal(fat32_strerror(FAT32_ECORRUPT), "file system corrupt");
	unmount_img(c);
	assert_true(tu_fsck_clean(IMG));
	assert_int_equal(tu_sh("mdir -i " IMG " -b :: | grep -q nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn"),
			 0);
}

/* ---- read-only mount ---------------------------------------------------- */

static void test_readonly(void **state)
{
	struct ctx *c = *state;
	struct fat32_file f;
	uint64_t before;
	size_t len;
	uint8_t *x;

	tu_mkimg(IMG, 40, NULL);
	tu_write_pattern_file("data.bin", 10000, 31);
	assert_int_equal(tu_sh("mcopy -i " IMG " data.bin ::/ && mmd -i " IMG " ::/dir"), 0);
	before = tu_hash_file(IMG);

	mount_img(c, IMG, true, NULL);
	x = tu_fat_slurp(&c->fs, "/data.bin", &len);
	assert_true(tu_pattern_check(x, 0, len, 31));
	free(x);
	assert_int_equal(fat32_open(&c->fs, &f, "/data.bin", FAT32_O_WRONLY), FAT32_EROFS);
	assert_int_equal(fat32_open(&c->fs, &f, "/data.bin", FAT32_O_RDWR), FAT32_EROFS);
	assert_int_equal(fat32_open(&c->fs, &f, "/new", FAT32_O_RDONLY | FAT32_O_CREAT),
			 FAT32_EROFS);
	assert_int_equal(fat32_mkdir(&c->fs, "/x"), FAT32_EROFS);
	assert_int_equal(fat32_unlink(&c->fs, "/data.bin"), FAT32_EROFS);
	assert_int_equal(fat32_unlink(&c->fs, "/dir"), FAT32_EROFS);
	assert_int_equal(fat32_rename(&c->fs, "/data.bin", "/y"), FAT32_EROFS);
	assert_int_equal(fat32_truncate(&c->fs, "/data.bin", 0), FAT32_EROFS);
	assert_int_equal(fat32_set_label(&c->fs, "RO"), FAT32_EROFS);
	unmount_img(c);
	assert_int_equal(tu_hash_file(IMG), before);
}

/* ---- full disk ---------------------------------------------------------- */

static void test_enospc(void **state)
{
	struct ctx *c = *state;
	static uint8_t buf[1 << 20];
	struct fat32_statfs sf;
	struct fat32_file f;
	uint64_t total = 0;
	int64_t n;
	int i;

	tu_mkimg(IMG, 34, NULL);
	mount_img(c, IMG, false, NULL);
	write_file(&c->fs, "/small", "abc", 3);
	assert_int_equal(fat32_open(&c->fs, &f, "/fill.bin", FAT32_O_WRONLY | FAT32_O_CREAT), 0);
	for (i = 0; i < 100; i++) {
		tu_pattern(buf, total, sizeof(buf) - 7, 41);
		n = fat32_write(&f, buf, sizeof(buf) - 7);
		if (n < 0) {
			assert_int_equal(n, FAT32_ENOSPC);
			break;
		}
		total += (uint64_t)n;
	}
	assert_true(i < 100);
	assert_true(total > 30 << 20);
	assert_int_equal(fat32_write(&f, "x", 1), FAT32_ENOSPC);
	assert_int_equal(fat32_close(&f), 0);
	assert_int_equal(fat32_statfs(&c->fs, &sf), 0);
	assert_int_equal(sf.free_clusters, 0);
	assert_int_equal(fat32_mkdir(&c->fs, "/nodir"), FAT32_ENOSPC);
	assert_int_equal(fat32_truncate(&c->fs, "/small", 100000), FAT32_ENOSPC);
	unmount_img(c);

	assert_true(tu_fsck_clean(IMG));
	assert_int_equal(tu_sh("mcopy -i " IMG " ::/fill.bin out"), 0);
	assert_true(tu_file_is_pattern("out", total, 41));
	assert_int_equal(tu_sh("mtype -i " IMG " ::/small | grep -qx abc"), 0);

	/* Freeing space makes it usable again. */
	mount_img(c, IMG, false, NULL);
	assert_int_equal(fat32_unlink(&c->fs, "/fill.bin"), 0);
	assert_int_equal(fat32_statfs(&c->fs, &sf), 0);
	assert_true(sf.free_clusters * (uint64_t)sf.cluster_size >= total);
	assert_int_equal(fat32_mkdir(&c->fs, "/nowdir"), 0);
	unmount_img(c);
	assert_true(tu_fsck_clean(IMG));
}

/* ---- label, time stamps, statfs ---------------------------------------- */

static uint64_t fixed_clock(void *ctx)
{
	return *(uint64_t *)ctx;
}

static void test_label_time_statfs(void **state)
{
	struct ctx *c = *state;
	uint64_t now = 1714979290; /* 2024-05-06 07:08:10 UTC */
	struct fat32_mount_opts o = {.clock = fixed_clock, .clock_ctx = &now};
	struct fat32_statfs a, b;
	struct fat32_stat st;
	static uint8_t buf[100000];
	char label[12];

	tu_mkimg(IMG, 40, NULL);
	mount_img(c, IMG, false, &o);
	assert_int_equal(fat32_get_label(&c->fs, label), 0);
	assert_string_equal(label, "");
	assert_int_equal(fat32_statfs(&c->fs, &a), 0);
	assert_int_equal(a.cluster_size, 512);
	write_file(&c->fs, "/t.bin", buf, sizeof(buf));
	assert_int_equal(fat32_statfs(&c->fs, &b), 0);
	assert_int_equal(a.free_clusters - b.free_clusters, (sizeof(buf) + 511) / 512);
	assert_int_equal(fat32_stat(&c->fs, "/t.bin", &st), 0);
	assert_int_equal(st.mtime, now);
	assert_int_equal(st.ctime, now);
	assert_int_equal(st.atime, now - now % 86400);
	assert_int_equal(fat32_set_label(&c->fs, "Avatar Vol"), 0);
	assert_int_equal(fat32_get_label(&c->fs, label), 0);
	assert_string_equal(label, "AVATAR VOL");
	assert_int_equal(fat32_set_label(&c->fs, "bad/label"), FAT32_EINVAL);
	unmount_img(c);
	assert_true(tu_fsck_clean(IMG));
	assert_int_equal(tu_sh("mlabel -i " IMG " -s :: | grep -q 'AVATAR VOL'"), 0);
	assert_int_equal(tu_sh("mdir -i " IMG " :: | grep t.bin | grep -q '2024-05-06   7:08'"), 0);
	assert_int_equal(tu_sh("minfo -i " IMG " :: | grep -q 'free clusters=%u'", b.free_clusters),
			 0);

	/* Clock 0 (or none): the FAT epoch. */
	now = 0;
	mount_img(c, IMG, false, &o);
	write_file(&c->fs, "/epoch", "e", 1);
	assert_int_equal(fat32_stat(&c->fs, "/epoch", &st), 0);
	assert_int_equal(st.mtime, 315532800);
	unmount_img(c);
	assert_true(tu_fsck_clean(IMG));
}

/* ---- pure helpers ------------------------------------------------------- */

static void test_names(void **state)
{
	uint16_t u[300];
	uint8_t n11[11], basis[11];
	char out[800];
	bool lossy;
	int n;

	(void)state;
	n = fat32_utf8_to_utf16(uni_name, strlen(uni_name), u, 255);
	assert_true(n > 0);
	fat32_utf16_to_utf8(u, (size_t)n, out, sizeof(out));
	assert_string_equal(out, uni_name);
	assert_int_equal(fat32_utf8_to_utf16("\xc0\xaf", 2, u, 255), FAT32_EINVAL);
	assert_int_equal(fat32_utf8_to_utf16("\xed\xa0\x80", 3, u, 255), FAT32_EINVAL);
	assert_int_equal(fat32_utf8_to_utf16("\xe6\x97", 2, u, 255), FAT32_EINVAL);

	memcpy(n11, "README  TXT", 11);
	assert_int_equal(fat32_lfn_checksum(n11), 0x73);
	n = fat32_utf8_to_utf16("My Document.html", 16, u, 255);
	fat32_short_basis(u, (size_t)n, basis, &lossy);
	assert_memory_equal(basis, "MYDOCUMEHTM", 11);
	assert_true(lossy);
	fat32_short_tail(basis, 1, n11);
	assert_memory_equal(n11, "MYDOCU~1HTM", 11);
	fat32_short_tail(basis, 12345, n11);
	assert_memory_equal(n11, "MY~12345HTM", 11);
	n = fat32_utf8_to_utf16(".bashrc", 7, u, 255);
	fat32_short_basis(u, (size_t)n, basis, &lossy);
	assert_memory_equal(basis, "BASHRC     ", 11);
	n = fat32_utf8_to_utf16("ABC.TXT", 7, u, 255);
	assert_true(fat32_name_is_short(u, (size_t)n, n11));
	n = fat32_utf8_to_utf16("abc.txt", 7, u, 255);
	assert_false(fat32_name_is_short(u, (size_t)n, n11));
	fat32_short_basis(u, (size_t)n, basis, &lossy);
	assert_false(lossy);
	assert_memory_equal(basis, "ABC     TXT", 11);
}

static void test_time_conversion(void **state)
{
	uint64_t t = 1714979290, now;
	struct fat32_fs fs;
	uint16_t date, time;
	uint8_t tenth;

	(void)state;
	memset(&fs, 0, sizeof(fs));
	fs.clock = fixed_clock;
	fs.clock_ctx = &now;
	now = t;
	fat32_now(&fs, &date, &time, &tenth);
	assert_int_equal(date, ((2024 - 1980) << 9) | (5 << 5) | 6);
	assert_int_equal(time, (7 << 11) | (8 << 5) | 5);
	assert_int_equal(fat32_time_to_unix(date, time), t);
	now = 4102444800ull; /* 2100-01-01 */
	fat32_now(&fs, &date, &time, &tenth);
	assert_int_equal(fat32_time_to_unix(date, time), now);
	now = 100; /* before 1980 clamps */
	fat32_now(&fs, &date, &time, &tenth);
	assert_int_equal(fat32_time_to_unix(date, time), 315532800);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_time_conversion),
		cmocka_unit_test_setup_teardown(test_read_mtools_image, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sequential_read_is_cheap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_write_read_by_mtools, setup, teardown),
		cmocka_unit_test_setup_teardown(test_short_name_tails, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mkdir_unlink_rename_truncate, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enospc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_label_time_statfs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
