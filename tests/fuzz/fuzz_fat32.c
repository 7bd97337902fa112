/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer target for fs/fat32: the input is a whole volume image on an
 * in-memory block device. It is mounted read-only and every directory is
 * walked and every file read; then a private copy is mounted read-write
 * and changed (create, write, mkdir, rename, truncate, unlink), so the
 * write paths meet corrupt metadata too. Build and run: tests/fuzz/run.sh.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <fs/fat32.h>
#include "../unit/fat32/tinyimg.h"

#define MAX_IMAGE   (4u << 20)
#define MAX_DEPTH   8
#define MAX_ENTRIES 512

static uint8_t scratch[65536];
/* Work budget per input: a corrupt directory may contain itself, so an
 * unbounded walk would be exponential in the harness, not in fs/fat32. */
static unsigned budget;

static void read_file(struct fat32_fs *fs, const char *path)
{
	struct fat32_file f;
	int rounds = 0;

	if (fat32_open(fs, &f, path, FAT32_O_RDONLY))
		return;
	while (fat32_read(&f, scratch, sizeof(scratch)) > 0 && ++rounds < 128)
		;
	fat32_lseek(&f, 1, FAT32_SEEK_SET);
	fat32_read(&f, scratch, 700);
	fat32_close(&f);
}

static void walk(struct fat32_fs *fs, const char *path, int depth)
{
	struct fat32_dirent *de;
	struct fat32_dir d;
	char child[1024];
	int n = 0;

	if (depth > MAX_DEPTH || budget == 0 || fat32_opendir(fs, &d, path))
		return;
	de = malloc(sizeof(*de));
	while (de && n++ < MAX_ENTRIES && budget && fat32_readdir(&d, de) == 1) {
		struct fat32_stat st;

		budget--;
		if (strchr(de->name, '/') ||
		    snprintf(child, sizeof(child), "%s/%s", path, de->name) >= (int)sizeof(child))
			continue;
		fat32_stat(fs, child, &st);
		if (de->st.is_dir)
			walk(fs, child, depth + 1);
		else
			read_file(fs, child);
	}
	free(de);
	fat32_closedir(&d);
}

static void mutate(struct fat32_fs *fs)
{
	struct fat32_file f;
	struct fat32_statfs sf;
	char label[12];

	memset(scratch, 0xA5, 5000);
	if (!fat32_open(fs, &f, "/fuzz file.txt", FAT32_O_RDWR | FAT32_O_CREAT)) {
		fat32_write(&f, scratch, 5000);
		fat32_lseek(&f, 10000, FAT32_SEEK_SET);
		fat32_write(&f, scratch, 10);
		fat32_ftruncate(&f, 700);
		fat32_close(&f);
	}
	fat32_mkdir(fs, "/fz");
	fat32_rename(fs, "/fuzz file.txt", "/fz/moved.txt");
	fat32_truncate(fs, "/fz/moved.txt", 3000);
	fat32_unlink(fs, "/fz/moved.txt");
	fat32_unlink(fs, "/fz");
	fat32_statfs(fs, &sf);
	fat32_get_label(fs, label);
	fat32_set_label(fs, "FUZZ");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fat32_fs fs;
	struct memdev m;
	size_t len = (size + 511) & ~(size_t)511;
	uint8_t *img;

	if (size < 512 || size > MAX_IMAGE)
		return 0;
	img = calloc(1, len);
	if (!img)
		return 0;
	memcpy(img, data, size);

	memdev_init(&m, img, len, 512);
	budget = 1000;
	if (fat32_mount(&fs, &m.bd, &(struct fat32_mount_opts){.flags = FAT32_MOUNT_RDONLY}) == 0) {
		walk(&fs, "", 0);
		fat32_unmount(&fs);
		if (fat32_mount(&fs, &m.bd, NULL) == 0) {
			mutate(&fs);
			budget = 1000;
			walk(&fs, "", 0);
			fat32_unmount(&fs);
		}
	}
	free(img);
	return 0;
}
