/* SPDX-License-Identifier: MIT */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fat32/fat32_test_util.h"

static char scratch[PATH_MAX];
static char prev_cwd[PATH_MAX];

const char *tu_scratch_enter(void)
{
	char tmpl[] = "fat32test.XXXXXX";

	setenv("MTOOLS_SKIP_CHECK", "1", 1);
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_non_null(getcwd(prev_cwd, sizeof(prev_cwd)));
	assert_non_null(mkdtemp(tmpl));
	assert_non_null(realpath(tmpl, scratch));
	assert_int_equal(chdir(scratch), 0);
	return scratch;
}

void tu_scratch_leave(void)
{
	assert_int_equal(chdir(prev_cwd), 0);
	if (scratch[0])
		tu_sh("rm -rf '%s'", scratch);
	scratch[0] = '\0';
}

int tu_sh(const char *fmt, ...)
{
	char cmd[8192];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	if (st == -1 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

void tu_mkimg(const char *img, unsigned size_mib, const char *extra_opts)
{
	assert_int_equal(tu_sh("rm -f '%s' && truncate -s %uM '%s' && "
			       "mkfs.fat -F 32 %s '%s' >/dev/null",
			       img, size_mib, img, extra_opts ? extra_opts : "", img),
			 0);
}

bool tu_fsck_clean(const char *img)
{
	int st = tu_sh("fsck.vfat -n '%s' >fsck.log 2>&1", img);

	if (st != 0) {
		tu_sh("cat fsck.log");
		return false;
	}
	return true;
}

static int dev_read(void *ctx, uint64_t lba, uint32_t count, void *buf)
{
	struct tdev *d = ctx;
	size_t len = (size_t)count * d->bd.sector_size;

	if (lba + count > d->bd.sector_count)
		return -1;
	if (d->fail_read_after >= 0 && d->reads >= (uint64_t)d->fail_read_after)
		return -1;
	d->reads++;
	d->read_sectors += count;
	if (pread(d->fd, buf, len, (off_t)(lba * d->bd.sector_size)) != (ssize_t)len)
		return -1;
	return 0;
}

static int dev_write(void *ctx, uint64_t lba, uint32_t count, const void *buf)
{
	struct tdev *d = ctx;
	size_t len = (size_t)count * d->bd.sector_size;

	if (lba + count > d->bd.sector_count)
		return -1;
	d->writes++;
	d->write_sectors += count;
	if (pwrite(d->fd, buf, len, (off_t)(lba * d->bd.sector_size)) != (ssize_t)len)
		return -1;
	return 0;
}

static int dev_flush(void *ctx)
{
	struct tdev *d = ctx;

	return fdatasync(d->fd) == 0 || errno == EINVAL ? 0 : -1;
}

void tu_dev_open(struct tdev *d, const char *img, bool ro)
{
	struct stat st;

	memset(d, 0, sizeof(*d));
	d->fd = open(img, ro ? O_RDONLY : O_RDWR);
	assert_true(d->fd >= 0);
	assert_int_equal(fstat(d->fd, &st), 0);
	d->fail_read_after = -1;
	d->bd.ctx = d;
	d->bd.sector_size = 512;
	d->bd.sector_count = (uint64_t)st.st_size / 512;
	d->bd.read = dev_read;
	d->bd.write = ro ? NULL : dev_write;
	d->bd.flush = dev_flush;
}

void tu_dev_close(struct tdev *d)
{
	if (d->fd >= 0)
		close(d->fd);
	d->fd = -1;
}

static uint64_t mix(uint64_t x)
{
	x += 0x9E3779B97F4A7C15ull;
	x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
	x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
	return x ^ (x >> 31);
}

void tu_pattern(uint8_t *buf, uint64_t off, size_t len, uint64_t seed)
{
	size_t i = 0;

	while (i < len && ((off + i) & 7)) {
		buf[i] = (uint8_t)(mix(((off + i) >> 3) ^ seed) >> (((off + i) & 7) * 8));
		i++;
	}
	for (; i + 8 <= len; i += 8) {
		uint64_t w = mix(((off + i) >> 3) ^ seed);

		memcpy(buf + i, &w, 8);
	}
	for (; i < len; i++)
		buf[i] = (uint8_t)(mix(((off + i) >> 3) ^ seed) >> (((off + i) & 7) * 8));
}

bool tu_pattern_check(const uint8_t *buf, uint64_t off, size_t len, uint64_t seed)
{
	static uint8_t tmp[1 << 16];
	size_t done = 0;

	while (done < len) {
		size_t n = len - done < sizeof(tmp) ? len - done : sizeof(tmp);

		tu_pattern(tmp, off + done, n, seed);
		if (memcmp(tmp, buf + done, n))
			return false;
		done += n;
	}
	return true;
}

void tu_write_pattern_file(const char *path, uint64_t len, uint64_t seed)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "wb");
	uint64_t done = 0;

	assert_non_null(f);
	while (done < len) {
		size_t n = len - done < sizeof(buf) ? (size_t)(len - done) : sizeof(buf);

		tu_pattern(buf, done, n, seed);
		assert_int_equal(fwrite(buf, 1, n, f), n);
		done += n;
	}
	assert_int_equal(fclose(f), 0);
}

bool tu_file_is_pattern(const char *path, uint64_t len, uint64_t seed)
{
	static uint8_t buf[1 << 20];
	FILE *f = fopen(path, "rb");
	uint64_t done = 0;
	bool ok = true;

	if (!f)
		return false;
	while (ok) {
		size_t n = fread(buf, 1, sizeof(buf), f);

		if (n == 0)
			break;
		if (done + n > len || !tu_pattern_check(buf, done, n, seed))
			ok = false;
		done += n;
	}
	fclose(f);
	return ok && done == len;
}

uint64_t tu_hash_file(const char *path)
{
	static uint8_t buf[1 << 16];
	uint64_t h = 0xCBF29CE484222325ull;
	FILE *f = fopen(path, "rb");
	size_t n, i;

	assert_non_null(f);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		for (i = 0; i < n; i++)
			h = (h ^ buf[i]) * 0x100000001B3ull;
	fclose(f);
	return h;
}

uint8_t *tu_fat_slurp(struct fat32_fs *fs, const char *path, size_t *len)
{
	struct fat32_file f;
	struct fat32_stat st;
	uint8_t *buf;
	int64_t n;

	assert_int_equal(fat32_stat(fs, path, &st), 0);
	assert_int_equal(fat32_open(fs, &f, path, FAT32_O_RDONLY), 0);
	buf = malloc(st.size + 1);
	assert_non_null(buf);
	n = fat32_read(&f, buf, st.size + 1);
	assert_int_equal(n, st.size);
	assert_int_equal(fat32_read(&f, buf, 1), 0);
	assert_int_equal(fat32_close(&f), 0);
	*len = st.size;
	return buf;
}

uint8_t *tu_host_slurp(const char *path, size_t *len)
{
	struct stat st;
	uint8_t *buf;
	FILE *f;

	assert_int_equal(stat(path, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	f = fopen(path, "rb");
	assert_non_null(f);
	assert_int_equal(fread(buf, 1, (size_t)st.st_size, f), (size_t)st.st_size);
	fclose(f);
	*len = (size_t)st.st_size;
	return buf;
}
