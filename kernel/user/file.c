// SPDX-License-Identifier: GPL-2.0
/*
 * Files of user processes on the boot volume (FAT32 on host.img, see
 * docs/storage.md): open (read-only for now), read, close. A process has
 * PROCESS_MAX_FILES descriptors from 3 up (0-2 are the console); exit
 * closes what is left. FAT32 errors are Linux errno values and are
 * returned as they are.
 *
 * The volume has no lock of its own yet (fs/volume.c: "one user at a
 * time"): file_lock serialises the processes' file operations against
 * each other. The shell's fs commands do not take it, so a background
 * process reading while the shell writes the same volume is not safe
 * yet (docs/user-mode.md).
 */
#include <avatar/mutex.h>
#include <avatar/slab.h>
#include <avatar/volume.h>
#include <avatar/uaccess.h>
#include <uapi/avatar/errno.h>
#include <uapi/avatar/syscall.h>

#include "user_internal.h"

#define FILE_IO_CHUNK 512 /* bytes per step between the file and the process */

static DEFINE_MUTEX(file_lock);

static struct fat32_file **slot(struct process *p, long fd)
{
	if (fd < FIRST_FILE_FD || fd >= FIRST_FILE_FD + PROCESS_MAX_FILES)
		return NULL;
	return &p->files[fd - FIRST_FILE_FD];
}

long file_open(struct process *p, const char *path, u64 flags)
{
	struct volume *v = volume_get();
	struct fat32_file *f;
	unsigned int i;
	int err;

	if (!v)
		return -ENOSYS; /* no file system mounted */
	if (flags != O_RDONLY)
		return -EINVAL;
	for (i = 0; i < PROCESS_MAX_FILES && p->files[i]; i++)
		;
	if (i == PROCESS_MAX_FILES)
		return -EMFILE;
	f = kzalloc(sizeof(*f));
	if (!f)
		return -ENOMEM;
	mutex_lock(&file_lock);
	err = fat32_open(&v->fs, f, path, FAT32_O_RDONLY);
	mutex_unlock(&file_lock);
	if (err) {
		kfree(f);
		return err;
	}
	p->files[i] = f;
	return FIRST_FILE_FD + (long)i;
}

long file_read(struct process *p, long fd, uintptr_t buf, size_t len)
{
	struct fat32_file **f = slot(p, fd);
	char *chunk;
	size_t done = 0;
	long ret = 0;

	if (!f || !*f)
		return -EBADF;
	if (user_access_ok(p, buf, len, true))
		return -EFAULT;
	chunk = kmalloc(FILE_IO_CHUNK);
	if (!chunk)
		return -ENOMEM;
	while (done < len) {
		size_t want = len - done < FILE_IO_CHUNK ? len - done : FILE_IO_CHUNK;
		s64 n;

		mutex_lock(&file_lock);
		n = fat32_read(*f, chunk, want);
		mutex_unlock(&file_lock);
		if (n < 0) {
			ret = n;
			break;
		}
		if (n == 0 || copy_to_user(p, buf + done, chunk, (size_t)n))
			break;
		done += (size_t)n;
		if ((size_t)n < want)
			break;
	}
	kfree(chunk);
	return done ? (long)done : ret;
}

long file_close(struct process *p, long fd)
{
	struct fat32_file **f = slot(p, fd);

	if (!f || !*f)
		return -EBADF;
	mutex_lock(&file_lock);
	fat32_close(*f);
	mutex_unlock(&file_lock);
	kfree(*f);
	*f = NULL;
	return 0;
}

void file_close_all(struct process *p)
{
	unsigned int i;

	for (i = 0; i < PROCESS_MAX_FILES; i++)
		if (p->files[i])
			file_close(p, FIRST_FILE_FD + (long)i);
}
