// SPDX-License-Identifier: GPL-2.0
/*
 * The file system calls of user processes, on the VFS (<avatar/vfs.h>,
 * docs/syscalls.md). Each process has a descriptor table (struct
 * process.files, VFS_MAX_FDS slots); spawn opens /dev/console once and
 * puts that one file at 0, 1 and 2 (stdin, stdout, stderr); exit closes
 * everything. New descriptors take the lowest free slot.
 *
 * Data moves between the process and the file through a kernel buffer
 * of FILE_IO_CHUNK bytes (user memory is reached only through
 * <avatar/uaccess.h>). The VFS serialises calls into each file system
 * with the mount's lock, so processes on other CPUs and the shell can
 * use the same FAT32 volume at once.
 */
#include <avatar/page_alloc.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/uaccess.h>
#include <avatar/vfs.h>

#include "user_internal.h"

#define FILE_IO_CHUNK 4096
#define CONSOLE_PATH  "/dev/console"

int file_open_stdio(struct process *p)
{
	struct vfs_file *con;
	int err = vfs_open(CONSOLE_PATH, O_RDWR, &con);

	if (err)
		return err;
	vfs_fd_install(&p->files, STDIN_FD, con);
	vfs_fd_install(&p->files, STDOUT_FD, vfs_file_get(con));
	vfs_fd_install(&p->files, STDERR_FD, vfs_file_get(con));
	return 0;
}

void file_close_all(struct process *p)
{
	vfs_fd_close_all(&p->files);
}

/* A path from the process; -ENAMETOOLONG beyond VFS_PATH_MAX - 1 bytes. */
static long get_path(struct process *p, u64 upath, char *out)
{
	long n = strncpy_from_user(p, out, upath, VFS_PATH_MAX);

	if (n == -E2BIG)
		return -ENAMETOOLONG;
	return n < 0 ? n : 0;
}

static struct vfs_file *get_file(struct process *p, u64 fd)
{
	return fd < VFS_MAX_FDS ? vfs_fd_get(&p->files, (long)fd) : NULL;
}

long sys_read(struct process *p, u64 fd, u64 buf, u64 len)
{
	struct vfs_file *f = get_file(p, fd);
	size_t done = 0;
	long ret = 0;
	char *chunk;

	if (!f)
		return -EBADF;
	if (user_access_ok(p, buf, (size_t)len, true))
		return -EFAULT;
	chunk = kmalloc(FILE_IO_CHUNK);
	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		size_t want = MIN((size_t)(len - done), (size_t)FILE_IO_CHUNK);
		s64 n = vfs_read(f, chunk, want);

		if (n < 0) {
			ret = n;
			break;
		}
		if (n == 0 || copy_to_user(p, buf + done, chunk, (size_t)n))
			break;
		done += (size_t)n;
		if ((size_t)n < want) /* the end, or all a device had */
			break;
	}
	kfree(chunk);
	return done ? (long)done : ret;
}

long sys_write(struct process *p, u64 fd, u64 buf, u64 len)
{
	struct vfs_file *f = get_file(p, fd);
	size_t done = 0;
	long ret = 0;
	char *chunk;

	if (!f)
		return -EBADF;
	if (user_access_ok(p, buf, (size_t)len, false))
		return -EFAULT; /* all or nothing */
	chunk = kmalloc(FILE_IO_CHUNK);
	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		size_t want = MIN((size_t)(len - done), (size_t)FILE_IO_CHUNK);
		s64 n;

		if (copy_from_user(p, chunk, buf + done, want)) {
			ret = -EFAULT;
			break;
		}
		n = vfs_write(f, chunk, want);
		if (n < 0) {
			ret = n;
			break;
		}
		done += (size_t)n;
		if ((size_t)n < want) /* the volume is full */
			break;
	}
	kfree(chunk);
	return done ? (long)done : ret;
}

long sys_open(struct process *p, u64 upath, u64 flags, u64 a2)
{
	char path[VFS_PATH_MAX];
	struct vfs_file *f;
	long err = get_path(p, upath, path);
	int fd;

	(void)a2;
	if (err)
		return err;
	if (flags > 0xffffffffu)
		return -EINVAL;
	err = vfs_open(path, (int)flags, &f);
	if (err)
		return err;
	fd = vfs_fd_install(&p->files, 0, f);
	if (fd < 0)
		vfs_close(f);
	return fd;
}

long sys_close(struct process *p, u64 fd, u64 a1, u64 a2)
{
	(void)a1, (void)a2;
	return fd < VFS_MAX_FDS ? vfs_fd_close(&p->files, (long)fd) : -EBADF;
}

long sys_lseek(struct process *p, u64 fd, u64 offset, u64 whence)
{
	struct vfs_file *f = get_file(p, fd);

	if (!f)
		return -EBADF;
	if (whence > SEEK_END)
		return -EINVAL;
	return vfs_lseek(f, (s64)offset, (int)whence);
}

long sys_ftruncate(struct process *p, u64 fd, u64 length, u64 a2)
{
	struct vfs_file *f = get_file(p, fd);

	(void)a2;
	if (!f)
		return -EBADF;
	if ((s64)length < 0)
		return -EINVAL;
	return vfs_ftruncate(f, length);
}

long sys_stat(struct process *p, u64 upath, u64 ustat, u64 a2)
{
	char path[VFS_PATH_MAX];
	struct vfs_stat st;
	long err = get_path(p, upath, path);

	(void)a2;
	if (!err && user_access_ok(p, ustat, sizeof(st), true))
		err = -EFAULT;
	if (!err)
		err = vfs_stat(path, &st);
	if (!err && copy_to_user(p, ustat, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}

long sys_fstat(struct process *p, u64 fd, u64 ustat, u64 a2)
{
	struct vfs_file *f = get_file(p, fd);
	struct vfs_stat st;
	long err;

	(void)a2;
	if (!f)
		return -EBADF;
	err = vfs_fstat(f, &st);
	if (!err && copy_to_user(p, ustat, &st, sizeof(st)))
		err = -EFAULT;
	return err;
}

long sys_readdir(struct process *p, u64 fd, u64 uent, u64 a2)
{
	struct vfs_file *f = get_file(p, fd);
	struct vfs_dirent *ent;
	long n;

	(void)a2;
	if (!f)
		return -EBADF;
	if (user_access_ok(p, uent, sizeof(*ent), true))
		return -EFAULT;
	ent = kmalloc(sizeof(*ent));
	if (!ent)
		return -ENOMEM;
	n = vfs_readdir(f, ent);
	if (n > 0 && copy_to_user(p, uent, ent, sizeof(*ent)))
		n = -EFAULT;
	kfree(ent);
	return n;
}

/* mkdir, unlink, rmdir: one path. */
static long path_call(struct process *p, u64 upath, int (*fn)(const char *path))
{
	char path[VFS_PATH_MAX];
	long err = get_path(p, upath, path);

	return err ? err : fn(path);
}

long sys_mkdir(struct process *p, u64 upath, u64 a1, u64 a2)
{
	(void)a1, (void)a2;
	return path_call(p, upath, vfs_mkdir);
}

long sys_unlink(struct process *p, u64 upath, u64 a1, u64 a2)
{
	(void)a1, (void)a2;
	return path_call(p, upath, vfs_unlink);
}

long sys_rmdir(struct process *p, u64 upath, u64 a1, u64 a2)
{
	(void)a1, (void)a2;
	return path_call(p, upath, vfs_rmdir);
}

long sys_rename(struct process *p, u64 ufrom, u64 uto, u64 a2)
{
	char *from = kmalloc(2 * VFS_PATH_MAX), *to = from + VFS_PATH_MAX;
	long err;

	(void)a2;
	if (!from)
		return -ENOMEM;
	err = get_path(p, ufrom, from);
	if (!err)
		err = get_path(p, uto, to);
	if (!err)
		err = vfs_rename(from, to);
	kfree(from);
	return err;
}

int file_load(const char *path, size_t max, void **image, size_t *size, unsigned int *order)
{
	struct vfs_stat st;
	struct vfs_file *f;
	uintptr_t pa;
	int o, err = vfs_stat(path, &st);
	s64 n;

	if (!err && st.type != VFS_T_FILE)
		err = -EISDIR;
	if (!err && (st.size == 0 || st.size > max))
		err = st.size ? -EFBIG : -ENOEXEC;
	if (err)
		return err;
	o = page_order_for((size_t)st.size);
	pa = o >= 0 ? alloc_pages((unsigned int)o) : 0;
	if (!pa)
		return -ENOMEM;
	err = vfs_open(path, O_RDONLY, &f);
	if (!err) {
		n = vfs_read(f, pa_to_va(pa), (size_t)st.size);
		vfs_close(f);
		err = n == (s64)st.size ? 0 : n < 0 ? (int)n : -EIO;
	}
	if (err) {
		free_pages(pa, (unsigned int)o);
		return err;
	}
	*image = pa_to_va(pa);
	*size = (size_t)st.size;
	*order = (unsigned int)o;
	return 0;
}
