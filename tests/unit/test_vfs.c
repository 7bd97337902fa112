// SPDX-License-Identifier: GPL-2.0
/*
 * The VFS (fs/vfs/), ramfs (fs/ramfs/) and the FAT32 adapter
 * (fs/fat32_vfs.c) on the host: path normalization and its limits, the
 * mount table (longest prefix, nesting, busy mounts), every file and
 * path operation on ramfs with its errors and ENOSPC, descriptor tables
 * and shared file references, mount points in directory listings, devfs
 * registration and device files, and
 * FAT32 through the VFS on an mkfs.fat image checked with mtools and
 * fsck.vfat, read-only mounts included.
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <avatar/string.h>
#include <avatar/vfs.h>
#include <fs/devfs.h>
#include <fs/fat32_vfs.h>
#include <fs/ramfs.h>
#include <uapi/avatar/errno.h>

#include "fat32/fat32_test_util.h"
#include "vfs/kernel_shim.h"

#define KIB 1024

static struct ramfs *root_fs, *tmp_fs;

/* "/" and "/tmp" are ramfs (1 MiB, 64 nodes each) unless a test mounts others. */
static int setup(void **state)
{
	(void)state;
	vfs_mount_reset();
	shim_mutex_errors = 0;
	shim_kmalloc_fail_after = -1;
	root_fs = ramfs_create(1024 * KIB, 64);
	tmp_fs = ramfs_create(1024 * KIB, 64);
	if (!root_fs || !tmp_fs || vfs_mount("/", &ramfs_ops, root_fs, 0, NULL) ||
	    vfs_mount("/tmp", &ramfs_ops, tmp_fs, 0, NULL))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	vfs_mount_reset();
	ramfs_destroy(root_fs);
	ramfs_destroy(tmp_fs);
	return shim_mutex_errors ? -1 : 0;
}

static struct vfs_file *open_ok(const char *path, int flags)
{
	struct vfs_file *f;

	assert_int_equal(vfs_open(path, flags, &f), 0);
	assert_non_null(f);
	return f;
}

static void write_str(const char *path, const char *s)
{
	struct vfs_file *f = open_ok(path, O_WRONLY | O_CREAT | O_TRUNC);

	assert_int_equal(vfs_write(f, s, strlen(s)), (s64)strlen(s));
	assert_int_equal(vfs_close(f), 0);
}

/* The whole file as a NUL-terminated malloc'd string. */
static char *read_all(const char *path)
{
	struct vfs_file *f = open_ok(path, O_RDONLY);
	struct vfs_stat st;
	char *buf;

	assert_int_equal(vfs_fstat(f, &st), 0);
	buf = calloc(1, st.size + 1);
	assert_int_equal(vfs_read(f, buf, st.size + 10), (s64)st.size);
	assert_int_equal(vfs_read(f, buf + st.size, 10), 0);
	assert_int_equal(vfs_close(f), 0);
	return buf;
}

static void test_normalize(void **state)
{
	static const struct {
		const char *in, *out;
	} cases[] = {
		{"/", "/"},
		{"/a/b", "/a/b"},
		{"/a//b///c/", "/a/b/c"},
		{"/a/./b/.", "/a/b"},
		{"/a/b/../c", "/a/c"},
		{"/a/b/../../..", "/"},
		{"/..", "/"},
		{"/../../x", "/x"},
		{"a/b", "/a/b"},
		{".", "/"},
		{"/.hidden/..x/...", "/.hidden/..x/..."},
	};
	char out[VFS_PATH_MAX], in[VFS_PATH_MAX + 8];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(vfs_path_normalize(cases[i].in, out), 0);
		assert_string_equal(out, cases[i].out);
	}
	assert_int_equal(vfs_path_normalize("", out), -ENOENT);
	/* A component of VFS_NAME_MAX bytes is fine, one more is not. */
	in[0] = '/';
	memset(in + 1, 'n', VFS_NAME_MAX);
	in[1 + VFS_NAME_MAX] = '\0';
	assert_int_equal(vfs_path_normalize(in, out), -ENAMETOOLONG);
	in[VFS_NAME_MAX] = '\0';
	assert_int_equal(vfs_path_normalize(in, out), 0);
	assert_int_equal(strlen(out), VFS_NAME_MAX);
	/* A path of VFS_PATH_MAX bytes (no room for the terminator) is too long. */
	for (int i = 0; i < VFS_PATH_MAX; i += 2)
		memcpy(in + i, "/a", 2);
	in[VFS_PATH_MAX] = '\0';
	assert_int_equal(vfs_path_normalize(in, out), -ENAMETOOLONG);
	in[VFS_PATH_MAX - 2] = '\0';
	assert_int_equal(vfs_path_normalize(in, out), 0);
	assert_string_equal(vfs_path_basename("/a/bc"), "bc");
	assert_string_equal(vfs_path_basename("/"), "");
}

static void test_mount_resolve(void **state)
{
	struct ramfs *sub = ramfs_create(64 * KIB, 8);
	struct vfs_mount *m;
	char rel[VFS_PATH_MAX];
	char long_path[VFS_PATH_MAX + 1];

	(void)state;
	assert_int_equal(vfs_mount("/tmp/sub/", &ramfs_ops, sub, 0, NULL), 0);
	assert_int_equal(vfs_mount("/tmp//sub", &ramfs_ops, sub, 0, NULL), -EBUSY);

	assert_int_equal(vfs_resolve("/tmp/sub/x/y", &m, rel), 0);
	assert_ptr_equal(m->priv, sub);
	assert_string_equal(rel, "/x/y");
	assert_int_equal(vfs_resolve("/tmp/sub", &m, rel), 0);
	assert_ptr_equal(m->priv, sub);
	assert_string_equal(rel, "/");
	assert_int_equal(vfs_resolve("/tmp/subway", &m, rel), 0);
	assert_ptr_equal(m->priv, tmp_fs);
	assert_string_equal(rel, "/subway");
	assert_int_equal(vfs_resolve("/tmpfile", &m, rel), 0);
	assert_ptr_equal(m->priv, root_fs);
	assert_string_equal(rel, "/tmpfile");
	/* ".." crosses mount points back up. */
	assert_int_equal(vfs_resolve("/tmp/sub/../../etc", &m, rel), 0);
	assert_ptr_equal(m->priv, root_fs);
	assert_string_equal(rel, "/etc");
	memset(long_path, 'x', VFS_PATH_MAX);
	long_path[0] = '/';
	long_path[VFS_PATH_MAX] = '\0';
	assert_int_equal(vfs_resolve(long_path, &m, rel), -ENAMETOOLONG);
	assert_null(m);

	/* Files on a mount keep it busy. */
	write_str("/tmp/sub/f", "x");
	struct vfs_file *f = open_ok("/tmp/sub/f", O_RDONLY);
	assert_int_equal(vfs_umount("/tmp/sub"), -EBUSY);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_umount("/tmp/sub"), 0);
	assert_int_equal(vfs_umount("/tmp/sub"), -EINVAL);
	assert_int_equal(vfs_stat("/tmp/sub/f", &(struct vfs_stat){0}), -ENOENT);

	/* The table has VFS_MAX_MOUNTS slots. */
	for (int i = 2; i < VFS_MAX_MOUNTS; i++) {
		char p[16];

		snprintf(p, sizeof(p), "/m%d", i);
		assert_int_equal(vfs_mount(p, &ramfs_ops, sub, 0, NULL), 0);
	}
	assert_int_equal(vfs_mount("/one-too-many", &ramfs_ops, sub, 0, NULL), -ENOSPC);
	vfs_mount_reset();
	assert_int_equal(vfs_resolve("/x", &m, rel), -ENODEV);
	ramfs_destroy(sub);
}

static void test_ramfs_files(void **state)
{
	struct vfs_file *f, *g;
	struct vfs_stat st;
	char buf[64];
	char *s;

	(void)state;
	assert_int_equal(vfs_open("/tmp/none", O_RDONLY, &f), -ENOENT);
	assert_null(f);
	assert_int_equal(vfs_open("/tmp/x", O_ACCMODE, &f), -EINVAL);
	assert_int_equal(vfs_open("/tmp/x", 0x8000, &f), -EINVAL);

	f = open_ok("/tmp/a.txt", O_RDWR | O_CREAT | O_EXCL);
	assert_int_equal(vfs_write(f, "hello world", 11), 11);
	assert_int_equal(vfs_lseek(f, 6, SEEK_SET), 6);
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), 5);
	assert_memory_equal(buf, "world", 5);
	assert_int_equal(vfs_lseek(f, -5, SEEK_END), 6);
	assert_int_equal(vfs_write(f, "there", 5), 5);
	assert_int_equal(vfs_lseek(f, -1, SEEK_SET), -EINVAL);
	assert_int_equal(vfs_lseek(f, 0, 7), -EINVAL);
	assert_int_equal(vfs_lseek(f, 0, SEEK_CUR), 11);
	assert_int_equal(vfs_close(f), 0);
	s = read_all("/tmp/a.txt");
	assert_string_equal(s, "hello there");
	free(s);

	assert_int_equal(vfs_open("/tmp/a.txt", O_WRONLY | O_CREAT | O_EXCL, &f), -EEXIST);
	/* Access modes are enforced. */
	f = open_ok("/tmp/a.txt", O_RDONLY);
	assert_int_equal(vfs_write(f, "x", 1), -EBADF);
	assert_int_equal(vfs_ftruncate(f, 0), -EBADF);
	assert_int_equal(vfs_close(f), 0);
	f = open_ok("/tmp/a.txt", O_WRONLY);
	assert_int_equal(vfs_read(f, buf, 1), -EBADF);
	assert_int_equal(vfs_readdir(f, &(struct vfs_dirent){0}), -ENOTDIR);
	assert_int_equal(vfs_close(f), 0);

	/* O_APPEND writes at the end whatever the position; O_TRUNC empties. */
	f = open_ok("/tmp/a.txt", O_WRONLY | O_APPEND);
	assert_int_equal(vfs_lseek(f, 0, SEEK_SET), 0);
	assert_int_equal(vfs_write(f, "!", 1), 1);
	assert_int_equal(vfs_close(f), 0);
	s = read_all("/tmp/a.txt");
	assert_string_equal(s, "hello there!");
	free(s);
	f = open_ok("/tmp/a.txt", O_WRONLY | O_TRUNC);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.size, 0);
	assert_int_equal(st.type, VFS_T_FILE);
	assert_int_equal(vfs_close(f), 0);

	/* Sparse: a hole reads as zeros and takes no block. */
	f = open_ok("/tmp/sparse", O_RDWR | O_CREAT);
	assert_int_equal(vfs_lseek(f, 3 * RAMFS_BLOCK_SIZE + 10, SEEK_SET),
			 3 * RAMFS_BLOCK_SIZE + 10);
	assert_int_equal(vfs_write(f, "end", 3), 3);
	assert_int_equal(ramfs_used_bytes(tmp_fs), RAMFS_BLOCK_SIZE);
	assert_int_equal(vfs_lseek(f, RAMFS_BLOCK_SIZE - 2, SEEK_SET), RAMFS_BLOCK_SIZE - 2);
	memset(buf, 0x55, sizeof(buf));
	assert_int_equal(vfs_read(f, buf, 4), 4);
	assert_memory_equal(buf, "\0\0\0\0", 4);
	/* Shrink then grow: the cut tail reads as zeros again. */
	assert_int_equal(vfs_ftruncate(f, 3 * RAMFS_BLOCK_SIZE + 11), 0);
	assert_int_equal(vfs_ftruncate(f, 3 * RAMFS_BLOCK_SIZE + 13), 0);
	assert_int_equal(vfs_lseek(f, 3 * RAMFS_BLOCK_SIZE + 10, SEEK_SET),
			 3 * RAMFS_BLOCK_SIZE + 10);
	assert_int_equal(vfs_read(f, buf, 10), 3);
	assert_memory_equal(buf, "e\0\0", 3);
	assert_int_equal(vfs_ftruncate(f, 0), 0);
	assert_int_equal(ramfs_used_bytes(tmp_fs), 0);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_truncate("/tmp/sparse", 5), 0);
	assert_int_equal(vfs_stat("/tmp/sparse", &st), 0);
	assert_int_equal(st.size, 5);

	/* An unlinked file stays readable through an open file. */
	write_str("/tmp/gone", "still here");
	f = open_ok("/tmp/gone", O_RDONLY);
	g = vfs_file_get(f);
	assert_int_equal(vfs_unlink("/tmp/gone"), 0);
	assert_int_equal(vfs_stat("/tmp/gone", &st), -ENOENT);
	assert_int_equal(vfs_close(g), 0);
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), 10);
	assert_memory_equal(buf, "still here", 10);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_unlink("/tmp/gone"), -ENOENT);
}

static void test_ramfs_dirs(void **state)
{
	struct vfs_file *f;
	struct vfs_dirent ent;
	struct vfs_stat st;
	int seen = 0, n;
	char *s;

	(void)state;
	assert_int_equal(vfs_mkdir("/tmp/d"), 0);
	assert_int_equal(vfs_mkdir("/tmp/d"), -EEXIST);
	assert_int_equal(vfs_mkdir("/tmp/d/e"), 0);
	assert_int_equal(vfs_mkdir("/tmp/no/e"), -ENOENT);
	write_str("/tmp/d/file", "abc");
	assert_int_equal(vfs_mkdir("/tmp/d/file/x"), -ENOTDIR);
	assert_int_equal(vfs_open("/tmp/d/file/x", O_RDONLY, &f), -ENOTDIR);
	assert_int_equal(vfs_stat("/tmp/d/e", &st), 0);
	assert_int_equal(st.type, VFS_T_DIR);

	f = open_ok("/tmp/d", O_RDONLY);
	assert_int_equal(vfs_read(f, &ent, 1), -EISDIR);
	assert_int_equal(vfs_lseek(f, 0, SEEK_SET), -EISDIR);
	while ((n = vfs_readdir(f, &ent)) > 0) {
		if (!strcmp(ent.name, "e") && ent.type == VFS_T_DIR)
			seen |= 1;
		else if (!strcmp(ent.name, "file") && ent.type == VFS_T_FILE && ent.size == 3)
			seen |= 2;
		else
			fail_msg("unexpected entry %s", ent.name);
	}
	assert_int_equal(n, 0);
	assert_int_equal(seen, 3);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_open("/tmp/d", O_WRONLY, &f), -EISDIR);
	assert_int_equal(vfs_open("/tmp/d", O_RDONLY | O_TRUNC, &f), -EISDIR);

	/* rmdir and unlink check the kind; rmdir needs an empty directory. */
	assert_int_equal(vfs_rmdir("/tmp/d"), -ENOTEMPTY);
	assert_int_equal(vfs_rmdir("/tmp/d/file"), -ENOTDIR);
	assert_int_equal(vfs_unlink("/tmp/d/e"), -EISDIR);
	assert_int_equal(vfs_rmdir("/tmp/d/e"), 0);

	/* rename: move, replace a file, refuse a directory into itself. */
	assert_int_equal(vfs_rename("/tmp/d/file", "/tmp/moved"), 0);
	assert_int_equal(vfs_stat("/tmp/d/file", &st), -ENOENT);
	write_str("/tmp/other", "other");
	assert_int_equal(vfs_rename("/tmp/other", "/tmp/moved"), 0);
	s = read_all("/tmp/moved");
	assert_string_equal(s, "other");
	free(s);
	assert_int_equal(vfs_mkdir("/tmp/d/inner"), 0);
	assert_int_equal(vfs_rename("/tmp/d", "/tmp/d/inner/x"), -EINVAL);
	assert_int_equal(vfs_rename("/tmp/d", "/tmp/moved"), -ENOTDIR);
	assert_int_equal(vfs_rename("/tmp/moved", "/tmp/d"), -EISDIR);
	assert_int_equal(vfs_rename("/tmp/nothing", "/tmp/y"), -ENOENT);
	assert_int_equal(vfs_rename("/tmp/d", "/tmp/e"), 0);
	assert_int_equal(vfs_stat("/tmp/e/inner", &st), 0);
	/* Across mounts, and on mount points. */
	assert_int_equal(vfs_rename("/tmp/moved", "/moved"), -EXDEV);
	assert_int_equal(vfs_rename("/tmp", "/tmp/x"), -EBUSY);
	assert_int_equal(vfs_rename("/tmp/e", "/tmp"), -EBUSY);
	assert_int_equal(vfs_rmdir("/tmp"), -EBUSY);
	assert_int_equal(vfs_mkdir("/tmp"), -EEXIST);
}

static void test_ramfs_enospc(void **state)
{
	struct ramfs *small = ramfs_create(2 * RAMFS_BLOCK_SIZE, 3);
	static char block[3 * RAMFS_BLOCK_SIZE];
	struct vfs_file *f;
	u64 total, free_bytes;

	(void)state;
	assert_int_equal(vfs_mount("/small", &ramfs_ops, small, 0, NULL), 0);
	f = open_ok("/small/big", O_WRONLY | O_CREAT);
	/* A short write returns what fitted, the next one -ENOSPC. */
	assert_int_equal(vfs_write(f, block, sizeof(block)), 2 * RAMFS_BLOCK_SIZE);
	assert_int_equal(vfs_write(f, block, 1), -ENOSPC);
	assert_int_equal(vfs_statfs("/small/big", &total, &free_bytes), 0);
	assert_int_equal(total, 2 * RAMFS_BLOCK_SIZE);
	assert_int_equal(free_bytes, 0);
	/* Freed space can be used again. */
	assert_int_equal(vfs_ftruncate(f, RAMFS_BLOCK_SIZE), 0);
	assert_int_equal(vfs_lseek(f, RAMFS_BLOCK_SIZE, SEEK_SET), RAMFS_BLOCK_SIZE);
	assert_int_equal(vfs_write(f, block, 10), 10);
	assert_int_equal(vfs_close(f), 0);
	/* The node limit. */
	assert_int_equal(vfs_mkdir("/small/d1"), 0);
	assert_int_equal(vfs_mkdir("/small/d2"), 0);
	assert_int_equal(vfs_mkdir("/small/d3"), -ENOSPC);
	assert_int_equal(vfs_open("/small/f", O_WRONLY | O_CREAT, &f), -ENOSPC);
	assert_int_equal(vfs_rmdir("/small/d2"), 0);
	assert_int_equal(vfs_mkdir("/small/d3"), 0);
	/* Out of memory is reported, not a crash. */
	shim_kmalloc_fail_after = 0;
	assert_int_equal(vfs_open("/small/big", O_RDONLY, &f), -ENOMEM);
	shim_kmalloc_fail_after = -1;
	assert_int_equal(vfs_umount("/small"), 0);
	ramfs_destroy(small);
}

static void test_readonly_mount(void **state)
{
	struct ramfs *ro = ramfs_create(64 * KIB, 8);
	struct vfs_file *f;
	struct vfs_stat st;
	char buf[8];

	(void)state;
	assert_int_equal(vfs_mount("/rw", &ramfs_ops, ro, 0, NULL), 0);
	write_str("/rw/f", "data");
	assert_int_equal(vfs_umount("/rw"), 0);
	assert_int_equal(vfs_mount("/ro", &ramfs_ops, ro, VFS_MOUNT_RDONLY, NULL), 0);
	assert_int_equal(vfs_open("/ro/f", O_WRONLY, &f), -EROFS);
	assert_int_equal(vfs_open("/ro/f", O_RDONLY | O_TRUNC, &f), -EROFS);
	assert_int_equal(vfs_open("/ro/new", O_RDONLY | O_CREAT, &f), -EROFS);
	assert_int_equal(vfs_mkdir("/ro/d"), -EROFS);
	assert_int_equal(vfs_unlink("/ro/f"), -EROFS);
	assert_int_equal(vfs_rmdir("/ro/f"), -EROFS);
	assert_int_equal(vfs_rename("/ro/f", "/ro/g"), -EROFS);
	assert_int_equal(vfs_truncate("/ro/f", 0), -EROFS);
	f = open_ok("/ro/f", O_RDONLY);
	assert_int_equal(vfs_read(f, buf, sizeof(buf)), 4);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.ro, 1);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_umount("/ro"), 0);
	ramfs_destroy(ro);
}

/* "/" lists the mount points inside it, once even if the file system has the name. */
static void test_mount_points_listed(void **state)
{
	struct ramfs *dev = ramfs_create(64 * KIB, 8);
	struct vfs_dirent ent;
	struct vfs_file *f;
	int tmp = 0, devs = 0, file = 0, n;

	(void)state;
	assert_int_equal(vfs_mkdir("/tmp/inner"), 0);
	assert_int_equal(vfs_mount("/dev", &ramfs_ops, dev, 0, NULL), 0);
	assert_int_equal(vfs_mkdir("/dev"), -EEXIST);
	write_str("/file", "x");
	vfs_umount("/dev");
	assert_int_equal(vfs_mkdir("/dev"), 0); /* a directory of "/" under the mount */
	assert_int_equal(vfs_mount("/dev", &ramfs_ops, dev, 0, NULL), 0);
	f = open_ok("/", O_RDONLY);
	while ((n = vfs_readdir(f, &ent)) > 0) {
		tmp += !strcmp(ent.name, "tmp") && ent.type == VFS_T_DIR;
		devs += !strcmp(ent.name, "dev");
		file += !strcmp(ent.name, "file");
		assert_string_not_equal(ent.name, "inner");
	}
	assert_int_equal(n, 0);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(tmp, 1);
	assert_int_equal(devs, 1);
	assert_int_equal(file, 1);
	assert_int_equal(vfs_umount("/dev"), 0);
	ramfs_destroy(dev);
}

static void test_fdtable(void **state)
{
	struct vfs_fdtable t = {0};
	struct vfs_file *f;
	char c;

	(void)state;
	write_str("/tmp/fd", "xyz");
	f = open_ok("/tmp/fd", O_RDONLY);
	/* One file behind three descriptors: 0, 1, 2 like stdin/out/err. */
	assert_int_equal(vfs_fd_install(&t, 0, f), 0);
	assert_int_equal(vfs_fd_install(&t, 0, vfs_file_get(f)), 1);
	assert_int_equal(vfs_fd_install(&t, 0, vfs_file_get(f)), 2);
	assert_int_equal(vfs_fd_close(&t, 0), 0);
	assert_int_equal(vfs_fd_close(&t, 0), -EBADF);
	assert_ptr_equal(vfs_fd_get(&t, 1), f);
	assert_int_equal(vfs_read(vfs_fd_get(&t, 2), &c, 1), 1);
	assert_int_equal(c, 'x');
	assert_int_equal(vfs_read(vfs_fd_get(&t, 1), &c, 1), 1); /* shared position */
	assert_int_equal(c, 'y');
	assert_null(vfs_fd_get(&t, -1));
	assert_null(vfs_fd_get(&t, VFS_MAX_FDS));
	assert_int_equal(vfs_fd_close(&t, VFS_MAX_FDS), -EBADF);
	/* The lowest free descriptor from min; -EMFILE when full. */
	for (int fd = 3; fd < VFS_MAX_FDS; fd++)
		assert_int_equal(vfs_fd_install(&t, 3, open_ok("/tmp/fd", O_RDONLY)), fd);
	f = open_ok("/tmp/fd", O_RDONLY);
	assert_int_equal(vfs_fd_install(&t, 3, f), -EMFILE);
	assert_int_equal(vfs_fd_install(&t, 0, f), 0);
	assert_int_equal(vfs_umount("/tmp"), -EBUSY);
	vfs_fd_close_all(&t);
	for (int fd = 0; fd < VFS_MAX_FDS; fd++)
		assert_null(vfs_fd_get(&t, fd));
	/* Every reference dropped: the mount is free again. */
	assert_int_equal(vfs_umount("/tmp"), 0);
	assert_int_equal(vfs_mount("/tmp", &ramfs_ops, tmp_fs, 0, NULL), 0);
}

/* A fake block device of 1000 bytes (value = offset & 0xff), and a sink. */
static s64 fake_disk_read(struct devfs_device *d, void *buf, size_t len, u64 off)
{
	u8 *out = buf;

	if (off >= d->size)
		return 0;
	if (len > d->size - off)
		len = (size_t)(d->size - off);
	for (size_t i = 0; i < len; i++)
		out[i] = (u8)(off + i);
	return (s64)len;
}

static size_t sink_bytes;

static s64 fake_sink_write(struct devfs_device *d, const void *buf, size_t len, u64 off)
{
	(void)d, (void)buf, (void)off;
	sink_bytes += len;
	return (s64)len;
}

static void test_devfs(void **state)
{
	static struct devfs_device disk = {
		.name = "fdisk", .type = VFS_T_BLK, .size = 1000, .read = fake_disk_read};
	static struct devfs_device sink = {
		.name = "sink", .type = VFS_T_CHR, .write = fake_sink_write};
	static struct devfs_device again = {.name = "sink", .type = VFS_T_CHR};
	static struct devfs_device bad = {.name = "a/b", .type = VFS_T_CHR};
	static struct devfs_device extra[DEVFS_MAX_DEVICES];
	struct vfs_dirent ent;
	struct vfs_stat st;
	struct vfs_file *f;
	u8 buf[16];
	int n, seen = 0;

	(void)state;
	assert_int_equal(devfs_register(&disk), 0);
	assert_int_equal(devfs_register(&sink), 0);
	assert_int_equal(devfs_register(&again), -EEXIST);
	assert_int_equal(devfs_register(&bad), -EINVAL);
	assert_int_equal(vfs_mount("/dev", &devfs_ops, NULL, 0, NULL), 0);

	/* A block device: positioned reads, seeks, its size; read-only. */
	f = open_ok("/dev/fdisk", O_RDONLY);
	assert_int_equal(vfs_lseek(f, 250, SEEK_SET), 250);
	assert_int_equal(vfs_read(f, buf, 10), 10);
	assert_int_equal(buf[0], 250);
	assert_int_equal(buf[9], (u8)259);
	assert_int_equal(vfs_lseek(f, -4, SEEK_END), 996);
	assert_int_equal(vfs_read(f, buf, 10), 4);
	assert_int_equal(vfs_read(f, buf, 10), 0);
	assert_int_equal(vfs_fstat(f, &st), 0);
	assert_int_equal(st.type, VFS_T_BLK);
	assert_int_equal(st.size, 1000);
	assert_int_equal(st.ro, 1);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_open("/dev/fdisk", O_RDWR, &f), -EROFS);

	/* A character device: no seeking; a write-only device cannot be read. */
	f = open_ok("/dev/sink", O_RDWR);
	assert_int_equal(vfs_write(f, "abc", 3), 3);
	assert_int_equal(sink_bytes, 3);
	assert_int_equal(vfs_read(f, buf, 1), -EINVAL);
	assert_int_equal(vfs_lseek(f, 0, SEEK_SET), -ESPIPE);
	assert_int_equal(vfs_close(f), 0);

	/* Nothing is created, removed or renamed in /dev. */
	assert_int_equal(vfs_open("/dev/new", O_WRONLY | O_CREAT, &f), -EPERM);
	assert_int_equal(vfs_open("/dev/none", O_RDONLY, &f), -ENOENT);
	assert_int_equal(vfs_open("/dev/sink", O_WRONLY | O_CREAT | O_EXCL, &f), -EEXIST);
	assert_int_equal(vfs_mkdir("/dev/d"), -EPERM);
	assert_int_equal(vfs_unlink("/dev/sink"), -EPERM);
	assert_int_equal(vfs_rename("/dev/sink", "/dev/x"), -EPERM);
	assert_int_equal(vfs_stat("/dev/fdisk", &st), 0);
	assert_int_equal(st.size, 1000);
	assert_int_equal(vfs_open("/dev", O_WRONLY, &f), -EISDIR);

	f = open_ok("/dev", O_RDONLY);
	while ((n = vfs_readdir(f, &ent)) > 0)
		seen |= !strcmp(ent.name, "fdisk") && ent.type == VFS_T_BLK && ent.size == 1000 ? 1
			: !strcmp(ent.name, "sink") && ent.type == VFS_T_CHR			? 2
												: 4;
	assert_int_equal(n, 0);
	assert_int_equal(seen, 3);
	assert_int_equal(vfs_close(f), 0);

	/* The table is full at DEVFS_MAX_DEVICES. */
	for (int i = 0; i < DEVFS_MAX_DEVICES; i++) {
		snprintf(extra[i].name, sizeof(extra[i].name), "x%d", i);
		extra[i].type = VFS_T_CHR;
		n = devfs_register(&extra[i]);
		assert_int_equal(n, i < DEVFS_MAX_DEVICES - 2 ? 0 : -ENOSPC);
	}
}

static void test_strerror(void **state)
{
	(void)state;
	assert_string_equal(vfs_strerror(-ENOENT), "no such file or directory");
	assert_string_equal(vfs_strerror(-ENAMETOOLONG), "name too long");
	assert_string_equal(vfs_strerror(-EROFS), "read-only volume");
	assert_string_equal(vfs_strerror(-ENOSPC), "no space left on volume");
	assert_string_equal(vfs_strerror(-1000), "unknown error");
}

/* FAT32 at "/" (an mkfs.fat image), ramfs at "/tmp". */
static void test_fat32_through_vfs(void **state)
{
	struct tdev dev;
	struct fat32_fs *fs = calloc(1, sizeof(*fs));
	struct fat32_mount_opts opts = {0};
	struct vfs_file *f, *g, *h;
	struct vfs_dirent ent;
	struct vfs_stat st;
	char *s;
	int n, found = 0;
	uint64_t before;

	(void)state;
	tu_scratch_enter();
	tu_mkimg("v.img", 40, "");
	assert_int_equal(tu_sh("echo 'from mtools' > in.txt && mcopy -i v.img in.txt ::/IN.TXT"),
			 0);
	tu_dev_open(&dev, "v.img", false);
	assert_int_equal(fat32_mount(fs, &dev.bd, &opts), 0);
	vfs_mount_reset();
	assert_int_equal(fat32_vfs_mount("/", fs, 0, NULL), 0);
	assert_int_equal(vfs_mount("/tmp", &ramfs_ops, tmp_fs, 0, NULL), 0);

	s = read_all("/IN.TXT");
	assert_string_equal(s, "from mtools\n");
	free(s);
	assert_int_equal(vfs_mkdir("/dir"), 0);
	assert_int_equal(vfs_mkdir("/dir"), -EEXIST);
	write_str("/dir/Long File Name.txt", "written by avatar\n");
	f = open_ok("/dir/../dir//Long File Name.txt", O_RDWR);
	assert_int_equal(vfs_lseek(f, 8, SEEK_SET), 8);
	assert_int_equal(vfs_write(f, "AVATAR", 6), 6);
	assert_int_equal(vfs_lseek(f, 0, SEEK_END), 18);
	assert_int_equal(vfs_close(f), 0);
	f = open_ok("/dir/Long File Name.txt", O_WRONLY | O_APPEND);
	assert_int_equal(vfs_write(f, "more\n", 5), 5);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_open("/nope.txt", O_RDONLY, &f), -ENOENT);
	assert_int_equal(vfs_open("/IN.TXT/x", O_RDONLY, &f), -ENOTDIR);
	assert_int_equal(vfs_open("/dir", O_WRONLY, &f), -EISDIR);
	assert_int_equal(vfs_open("/IN.TXT", O_WRONLY | O_CREAT | O_EXCL, &f), -EEXIST);
	assert_int_equal(vfs_unlink("/dir"), -EISDIR);
	assert_int_equal(vfs_rmdir("/IN.TXT"), -ENOTDIR);
	assert_int_equal(vfs_rename("/IN.TXT", "/tmp/IN.TXT"), -EXDEV);
	write_str("/gone.txt", "x");
	assert_int_equal(vfs_unlink("/gone.txt"), 0);
	assert_int_equal(vfs_rename("/IN.TXT", "/dir/renamed.txt"), 0);
	assert_int_equal(vfs_truncate("/dir/renamed.txt", 4), 0);
	assert_int_equal(vfs_stat("/dir/renamed.txt", &st), 0);
	assert_int_equal(st.size, 4);
	assert_int_equal(st.type, VFS_T_FILE);
	assert_int_equal(vfs_stat("/", &st), 0);
	assert_int_equal(st.type, VFS_T_DIR);

	f = open_ok("/", O_RDONLY);
	while ((n = vfs_readdir(f, &ent)) > 0) {
		found |= !strcmp(ent.name, "dir") && ent.type == VFS_T_DIR ? 1 : 0;
		found |= !strcmp(ent.name, "tmp") ? 2 : 0; /* the mount point */
		assert_string_not_equal(ent.name, "gone.txt");
	}
	assert_int_equal(n, 0);
	assert_int_equal(found, 3);
	assert_int_equal(vfs_close(f), 0);

	/* Sharing: readers share, a writer is alone, open files stay put. */
	f = open_ok("/dir/renamed.txt", O_RDONLY);
	g = open_ok("/DIR/Renamed.TXT", O_RDONLY); /* the same file: case is ignored */
	assert_int_equal(vfs_open("/dir/renamed.txt", O_WRONLY, &h), -EBUSY);
	assert_int_equal(vfs_open("/dir/renamed.txt", O_RDONLY | O_TRUNC, &h), -EBUSY);
	assert_int_equal(vfs_unlink("/dir/renamed.txt"), -EBUSY);
	assert_int_equal(vfs_rename("/dir/renamed.txt", "/x.txt"), -EBUSY);
	assert_int_equal(vfs_rename("/dir", "/dir2"), -EBUSY); /* a file open below */
	assert_int_equal(vfs_truncate("/dir/renamed.txt", 0), -EBUSY);
	assert_int_equal(vfs_close(f), 0);
	assert_int_equal(vfs_close(g), 0);
	f = open_ok("/dir/renamed.txt", O_RDWR);
	assert_int_equal(vfs_open("/dir/renamed.txt", O_RDONLY, &h), -EBUSY);
	assert_int_equal(vfs_close(f), 0);
	f = open_ok("/dir", O_RDONLY);
	assert_int_equal(vfs_mkdir("/dir/sub"), 0);
	assert_int_equal(vfs_rmdir("/dir/sub"), 0); /* not open itself */
	assert_int_equal(vfs_rename("/dir", "/dir2"), -EBUSY);
	assert_int_equal(vfs_close(f), 0);
	h = open_ok("/dir/renamed.txt", O_RDONLY); /* everything released */
	assert_int_equal(vfs_close(h), 0);

	assert_int_equal(fat32_unmount(fs), 0);
	tu_dev_close(&dev);
	assert_true(tu_fsck_clean("v.img"));
	assert_int_equal(tu_sh("mtype -i v.img '::/dir/Long File Name.txt' > out.txt && "
			       "printf 'written AVATARtar\\nmore\\n' | cmp - out.txt"),
			 0);
	assert_int_equal(
		tu_sh("printf from > exp.txt && mtype -i v.img ::/dir/renamed.txt | cmp - exp.txt"),
		0);

	/* Read-only: every change refused, the image unchanged. */
	before = tu_hash_file("v.img");
	vfs_mount_reset();
	tu_dev_open(&dev, "v.img", true);
	opts.flags = FAT32_MOUNT_RDONLY;
	assert_int_equal(fat32_mount(fs, &dev.bd, &opts), 0);
	assert_int_equal(fat32_vfs_mount("/", fs, 0, NULL), 0);
	assert_int_equal(vfs_open("/new", O_WRONLY | O_CREAT, &f), -EROFS);
	assert_int_equal(vfs_mkdir("/d2"), -EROFS);
	assert_int_equal(vfs_unlink("/dir/renamed.txt"), -EROFS);
	s = read_all("/dir/renamed.txt");
	assert_string_equal(s, "from");
	free(s);
	assert_int_equal(fat32_unmount(fs), 0);
	tu_dev_close(&dev);
	assert_int_equal(tu_hash_file("v.img"), before);
	free(fs);
	tu_scratch_leave();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_normalize, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mount_resolve, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ramfs_files, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ramfs_dirs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ramfs_enospc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_readonly_mount, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mount_points_listed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fdtable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_devfs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_strerror, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fat32_through_vfs, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
