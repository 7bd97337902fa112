// SPDX-License-Identifier: GPL-2.0
/*
 * File system calls end to end (a QEMU test runs it, tests/qemu/test_vfs.py):
 *
 *   fstest <dir>          in <dir> (it must exist): mkdir, open with every
 *                         flag, write, read, lseek, fstat, ftruncate,
 *                         O_APPEND, stat, readdir, rename, unlink, rmdir,
 *                         the error of each bad call, /dev and stdio.
 *                         Prints "fstest: ok", or the failed check's line.
 *   fstest fill <file>    write 64 KiB blocks until an error; prints the
 *                         bytes written and the error, removes the file.
 *   fstest stress <dir> <n>  n rounds of write, read back and compare,
 *                         rename and unlink in <dir> (run in the background
 *                         while the shell uses the same volume: the locking
 *                         test); prints "fstest: stress ok".
 */
#include <ulib.h>

#define CHUNK 65536

static char path[600], buf[CHUNK];

#define CHECK(cond)                                                              \
	do {                                                                     \
		if (!(cond)) {                                                   \
			printf("fstest: FAILED line %d: %s\n", __LINE__, #cond); \
			exit(1);                                                 \
		}                                                                \
	} while (0)

static const char *in(const char *dir, const char *name)
{
	static char p[2][300];
	static int which;
	char *out = p[which ^= 1];

	snprintf(out, sizeof(p[0]), "%s/%s", dir, name);
	return out;
}

static void fill(const char *file)
{
	int fd = open(file, O_WRONLY | O_CREAT | O_TRUNC);
	long n = 0, total = 0;

	if (fd < 0) {
		printf("fstest: fill: open error %d\n", -fd);
		exit(1);
	}
	while ((n = write(fd, buf, CHUNK)) == CHUNK)
		total += n;
	if (n > 0) {
		total += n;
		n = write(fd, buf, CHUNK);
	}
	close(fd);
	printf("fstest: fill: %ld bytes, then error %ld\n", total, -n);
	CHECK(unlink(file) == 0);
}

static void errors(const char *dir)
{
	struct vfs_stat st;
	int fd;

	CHECK(open(in(dir, "none"), O_RDONLY) == -ENOENT);
	CHECK(open(in(dir, "none/x"), O_RDONLY) == -ENOENT);
	CHECK(stat(in(dir, "none"), &st) == -ENOENT);
	CHECK(unlink(in(dir, "none")) == -ENOENT);
	CHECK(open(dir, O_WRONLY) == -EISDIR);
	CHECK(open(in(dir, "x"), O_ACCMODE) == -EINVAL);
	CHECK(open(in(dir, "x"), 0x100000) == -EINVAL);
	/* A path of 300 bytes, each component short. */
	path[0] = '\0';
	for (int i = 0; i < 30; i++)
		strlcpy(path + strlen(path), "/abcdefghi", sizeof(path) - strlen(path));
	CHECK(open(path, O_RDONLY) == -ENAMETOOLONG);
	CHECK(mkdir(path) == -ENAMETOOLONG);
	CHECK(read(99, buf, 1) == -EBADF);
	CHECK(close(99) == -EBADF);
	CHECK(lseek(-1, 0, SEEK_SET) == -EBADF);
	CHECK(read(STDIN_FD, (void *)0, 1) == -EFAULT);
	CHECK(stat((const char *)0x7000000UL, &st) == -EFAULT);
	/* /dev: the disk is read-only, null and zero behave. */
	CHECK(open("/dev/vda", O_WRONLY) == -EROFS);
	CHECK(mkdir("/dev/x") == -EPERM);
	fd = open("/dev/zero", O_RDONLY);
	CHECK(fd >= 0);
	buf[0] = 1;
	CHECK(read(fd, buf, 16) == 16 && buf[0] == 0 && buf[15] == 0);
	CHECK(lseek(fd, 0, SEEK_SET) == -ESPIPE);
	CHECK(close(fd) == 0);
	fd = open("/dev/null", O_WRONLY);
	CHECK(write(fd, buf, 100) == 100);
	CHECK(close(fd) == 0);
	/* stdout is the console device. */
	CHECK(fstat(STDOUT_FD, &st) == 0 && st.type == VFS_T_CHR);
}

static void files(const char *dir)
{
	struct vfs_dirent ent;
	struct vfs_stat st;
	char d[300], name[300];
	int fd, n, found = 0;

	strlcpy(d, in(dir, "fst.d"), sizeof(d));
	CHECK(mkdir(d) == 0);
	CHECK(mkdir(d) == -EEXIST);
	strlcpy(name, in(d, "f"), sizeof(name));
	fd = open(name, O_RDWR | O_CREAT | O_EXCL);
	CHECK(fd >= 3);
	CHECK(open(name, O_RDWR | O_CREAT | O_EXCL) == -EEXIST);
	CHECK(write(fd, "hello world", 11) == 11);
	CHECK(lseek(fd, 0, SEEK_SET) == 0);
	CHECK(read(fd, buf, 64) == 11 && !memcmp(buf, "hello world", 11));
	CHECK(read(fd, buf, 64) == 0);
	CHECK(lseek(fd, 6, SEEK_SET) == 6);
	CHECK(write(fd, "there", 5) == 5);
	CHECK(lseek(fd, 0, SEEK_END) == 11);
	CHECK(lseek(fd, -5, SEEK_CUR) == 6);
	CHECK(lseek(fd, -100, SEEK_CUR) == -EINVAL);
	CHECK(read(fd, buf, 5) == 5 && !memcmp(buf, "there", 5));
	CHECK(fstat(fd, &st) == 0 && st.size == 11 && st.type == VFS_T_FILE);
	CHECK(ftruncate(fd, 5) == 0);
	CHECK(fstat(fd, &st) == 0 && st.size == 5);
	CHECK(close(fd) == 0);

	fd = open(name, O_WRONLY | O_APPEND);
	CHECK(fd >= 3);
	CHECK(read(fd, buf, 1) == -EBADF);
	CHECK(write(fd, "!!", 2) == 2);
	CHECK(close(fd) == 0);
	fd = open(name, O_RDONLY);
	CHECK(write(fd, "x", 1) == -EBADF);
	CHECK(read(fd, buf, 64) == 7 && !memcmp(buf, "hello!!", 7));
	CHECK(close(fd) == 0);
	CHECK(stat(name, &st) == 0 && st.size == 7);

	fd = open(d, O_RDONLY);
	CHECK(fd >= 3);
	CHECK(read(fd, buf, 1) == -EISDIR);
	while ((n = readdir(fd, &ent)) > 0)
		if (!strcmp(ent.name, "f") && ent.size == 7 && ent.type == VFS_T_FILE)
			found++;
	CHECK(n == 0 && found == 1);
	CHECK(close(fd) == 0);

	CHECK(rename(name, in(d, "g")) == 0);
	CHECK(stat(name, &st) == -ENOENT);
	CHECK(stat(in(d, "g"), &st) == 0 && st.size == 7);
	CHECK(rmdir(d) == -ENOTEMPTY);
	CHECK(unlink(d) == -EISDIR);
	CHECK(rmdir(in(d, "g")) == -ENOTDIR);
	CHECK(unlink(in(d, "g")) == 0);
	CHECK(unlink(in(d, "g")) == -ENOENT);
	CHECK(rmdir(d) == 0);
	CHECK(stat(d, &st) == -ENOENT);
	/* A file left behind for the test to find (on FAT32: with mtools). */
	fd = open(in(dir, "fstest.txt"), O_WRONLY | O_CREAT | O_TRUNC);
	CHECK(fd >= 3);
	CHECK(write(fd, "written by fstest\n", 18) == 18);
	CHECK(close(fd) == 0);
}

#define STRESS_SIZE 9000 /* bytes: more than two clusters, not a multiple */

static void stress(const char *dir, int rounds)
{
	static char back[STRESS_SIZE];
	char a[300], b[300];

	for (int r = 0; r < rounds; r++) {
		int fd;

		snprintf(a, sizeof(a), "%s/stress%d.tmp", dir, r % 3);
		snprintf(b, sizeof(b), "%s/stress%d.dat", dir, r % 3);
		for (int i = 0; i < STRESS_SIZE; i++)
			buf[i] = (char)(i * 7 + r);
		fd = open(a, O_WRONLY | O_CREAT | O_TRUNC);
		CHECK(fd >= 0);
		CHECK(write(fd, buf, STRESS_SIZE) == STRESS_SIZE);
		CHECK(close(fd) == 0);
		CHECK(rename(a, b) == 0); /* replaces the file of round r - 3 */
		fd = open(b, O_RDONLY);
		CHECK(fd >= 0);
		CHECK(read(fd, back, STRESS_SIZE) == STRESS_SIZE);
		CHECK(!memcmp(back, buf, STRESS_SIZE));
		CHECK(close(fd) == 0);
		if (r % 2)
			CHECK(unlink(b) == 0);
	}
	for (int i = 0; i < 3; i++) {
		snprintf(b, sizeof(b), "%s/stress%d.dat", dir, i);
		unlink(b);
	}
	printf("fstest: stress ok\n");
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "stress")) {
		stress(argv[2], (int)strtoul(argv[3], NULL, 10));
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "fill")) {
		fill(argv[2]);
		return 0;
	}
	if (argc != 2) {
		printf("usage: fstest <dir> | fstest fill <file> | fstest stress <dir> <n>\n");
		return 2;
	}
	errors(argv[1]);
	files(argv[1]);
	printf("fstest: ok\n");
	return 0;
}
