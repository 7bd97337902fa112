// SPDX-License-Identifier: GPL-2.0
/*
 * FAT32 behind the VFS: each VFS call becomes one or two calls of the
 * path-based FAT32 library (<fs/fat32.h>), whose error codes are already
 * negative errno values (FAT32_ECORRUPT is EUCLEAN). An open file is a
 * struct fat32_file, an open directory a struct fat32_dir; the VFS keeps
 * the position and the library's own position is moved to it before each
 * read or write. FAT32 files end at 4 GiB - 1: a write beyond is -EFBIG.
 * The read-only mount option (VFS_MOUNT_RDONLY, or a volume the library
 * mounted read-only) is checked by the VFS, and the library refuses
 * writes on its own as well.
 *
 * Sharing: the library caches a file's size, cluster chain and directory
 * entry location in each handle and does not know about other handles
 * (docs/fat32.md), so this adapter keeps the list of open files and
 * directories and refuses (-EBUSY) what would leave a handle stale: a
 * second open of a file open for writing, an open for writing (or with
 * O_TRUNC) of a file open at all, and unlink, rmdir, rename or truncate
 * of an open file, or of a directory with anything open below it. Any
 * number of readers may share a file. Paths are compared as the library
 * matches names, ignoring ASCII case; a file reached through its 8.3
 * alias is not recognised. The list is only touched under the mount's
 * lock (the VFS holds it around every call here).
 */
#include <avatar/list.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <fs/fat32_vfs.h>
#include <uapi/avatar/errno.h>

struct fat32_vfs_file {
	struct list_head node; /* on open_files */
	const struct fat32_fs *fs;
	char *path; /* inside the volume, normalized (kmalloc'd) */
	bool write;
	bool dir;
	struct fat32_file file;
	struct fat32_dir d;
	struct fat32_dirent ent; /* readdir scratch (800 bytes: not on the stack) */
};

static struct list_head open_files = LIST_HEAD_INIT(open_files);

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Is path a (under: or anything below) the same as b, ignoring ASCII case? */
static bool same_path(const char *a, const char *b, bool under)
{
	size_t i = 0;

	for (; a[i] && b[i]; i++)
		if (lower(a[i]) != lower(b[i]))
			return false;
	if (!a[i] && !b[i])
		return true;
	return under && !a[i] && b[i] == '/' && i > 1; /* "/" is nobody's parent here */
}

/* -EBUSY if an open handle of fs conflicts with path (see the top). */
static int busy(const struct fat32_fs *fs, const char *path, bool under, bool readers_ok)
{
	struct list_head *pos;

	list_for_each(pos, &open_files)
	{
		const struct fat32_vfs_file *ff = list_entry(pos, struct fat32_vfs_file, node);

		if (ff->fs == fs && (!readers_ok || ff->write) && same_path(path, ff->path, under))
			return -EBUSY;
	}
	return 0;
}

static void release(struct fat32_vfs_file *ff)
{
	list_del_init(&ff->node);
	kfree(ff->path);
	kfree(ff);
}

static u32 fat_flags(int flags)
{
	static const struct {
		int vfs;
		u32 fat;
	} map[] = {
		{O_CREAT, FAT32_O_CREAT},
		{O_EXCL, FAT32_O_EXCL},
		{O_TRUNC, FAT32_O_TRUNC},
		{O_APPEND, FAT32_O_APPEND},
	};
	u32 out = (flags & O_ACCMODE) == O_WRONLY ? FAT32_O_WRONLY
		  : (flags & O_ACCMODE) == O_RDWR ? FAT32_O_RDWR
						  : FAT32_O_RDONLY;

	for (unsigned int i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (flags & map[i].vfs)
			out |= map[i].fat;
	return out;
}

static void convert_stat(const struct fat32_stat *in, struct vfs_stat *st)
{
	memset(st, 0, sizeof(*st));
	st->type = in->is_dir ? VFS_T_DIR : VFS_T_FILE;
	st->size = in->is_dir ? 0 : in->size;
	st->mtime = in->mtime;
}

/* Move the library's position to the VFS's; false if beyond FAT32's range. */
static bool seek_to(struct vfs_file *f, struct fat32_vfs_file *ff)
{
	if (f->pos > FAT32_FILE_MAX)
		return false;
	if (ff->file.pos != f->pos)
		return fat32_lseek(&ff->file, (s64)f->pos, FAT32_SEEK_SET) >= 0;
	return true;
}

static s64 f32_read(struct vfs_file *f, void *buf, size_t len)
{
	struct fat32_vfs_file *ff = f->priv;
	s64 n;

	if (f->pos >= ff->file.size)
		return 0;
	if (!seek_to(f, ff))
		return 0;
	n = fat32_read(&ff->file, buf, len);
	if (n > 0)
		f->pos += (u64)n;
	return n;
}

static s64 f32_write(struct vfs_file *f, const void *buf, size_t len)
{
	struct fat32_vfs_file *ff = f->priv;
	s64 n;

	if (!seek_to(f, ff))
		return -EFBIG;
	n = fat32_write(&ff->file, buf, len);
	if (n > 0)
		f->pos = ff->file.pos;
	return n;
}

static int f32_readdir(struct vfs_file *f, struct vfs_dirent *out)
{
	struct fat32_vfs_file *ff = f->priv;
	int n = fat32_readdir(&ff->d, &ff->ent);

	if (n <= 0)
		return n;
	memset(out, 0, sizeof(*out));
	out->type = ff->ent.st.is_dir ? VFS_T_DIR : VFS_T_FILE;
	out->size = ff->ent.st.is_dir ? 0 : ff->ent.st.size;
	/* A long name over VFS_NAME_MAX bytes of UTF-8 is listed by its 8.3 form. */
	strlcpy(out->name, strlen(ff->ent.name) <= VFS_NAME_MAX ? ff->ent.name : ff->ent.short_name,
		sizeof(out->name));
	return 1;
}

static int f32_ftruncate(struct vfs_file *f, u64 length)
{
	struct fat32_vfs_file *ff = f->priv;

	if (length > FAT32_FILE_MAX)
		return -EFBIG;
	return fat32_ftruncate(&ff->file, (u32)length);
}

static int f32_fstat(struct vfs_file *f, struct vfs_stat *st)
{
	struct fat32_vfs_file *ff = f->priv;

	memset(st, 0, sizeof(*st));
	st->type = ff->dir ? VFS_T_DIR : VFS_T_FILE;
	st->size = ff->dir ? 0 : ff->file.size;
	return 0;
}

static int f32_close(struct vfs_file *f)
{
	struct fat32_vfs_file *ff = f->priv;
	int err = ff->dir ? fat32_closedir(&ff->d) : fat32_close(&ff->file);

	release(ff);
	return err;
}

static const struct vfs_file_ops fat32_file_ops = {
	.read = f32_read,
	.write = f32_write,
	.readdir = f32_readdir,
	.truncate = f32_ftruncate,
	.stat = f32_fstat,
	.close = f32_close,
};

static int f32_open(struct vfs_mount *m, const char *path, int flags, struct vfs_file *f)
{
	struct fat32_fs *fs = m->priv;
	struct fat32_vfs_file *ff;
	struct fat32_stat st;
	bool write;
	int err = fat32_stat(fs, path, &st);

	if (err && err != -ENOENT)
		return err;
	if (!err && st.is_dir && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC)))
		return -EISDIR;
	if (!err && (flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	write = (flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC);
	if (!err && busy(fs, path, false, !write))
		return -EBUSY;
	ff = kzalloc(sizeof(*ff));
	if (!ff || !(ff->path = kmalloc(strlen(path) + 1))) {
		kfree(ff);
		return -ENOMEM;
	}
	strlcpy(ff->path, path, strlen(path) + 1);
	ff->fs = fs;
	ff->write = write;
	ff->dir = !err && st.is_dir;
	if (ff->dir)
		err = fat32_opendir(fs, &ff->d, path);
	else
		err = fat32_open(fs, &ff->file, path, fat_flags(flags));
	list_add(&ff->node, &open_files);
	if (err) {
		release(ff);
		return err;
	}
	f->priv = ff;
	f->ops = &fat32_file_ops;
	f->type = ff->dir ? VFS_T_DIR : VFS_T_FILE;
	return 0;
}

static int f32_stat(struct vfs_mount *m, const char *path, struct vfs_stat *st)
{
	struct fat32_stat fst;
	int err = fat32_stat(m->priv, path, &fst);

	if (!err)
		convert_stat(&fst, st);
	return err;
}

static int f32_mkdir(struct vfs_mount *m, const char *path)
{
	return fat32_mkdir(m->priv, path);
}

/* fat32_unlink removes files and empty directories: check the kind first. */
static int remove_entry(struct vfs_mount *m, const char *path, bool dir)
{
	struct fat32_stat st;
	int err = fat32_stat(m->priv, path, &st);

	if (err)
		return err;
	if (st.is_dir != dir)
		return dir ? -ENOTDIR : -EISDIR;
	if (busy(m->priv, path, true, false))
		return -EBUSY;
	return fat32_unlink(m->priv, path);
}

static int f32_unlink(struct vfs_mount *m, const char *path)
{
	return remove_entry(m, path, false);
}

static int f32_rmdir(struct vfs_mount *m, const char *path)
{
	return remove_entry(m, path, true);
}

static int f32_rename(struct vfs_mount *m, const char *from, const char *to)
{
	if (busy(m->priv, from, true, false) || busy(m->priv, to, true, false))
		return -EBUSY;
	return fat32_rename(m->priv, from, to);
}

static int f32_truncate(struct vfs_mount *m, const char *path, u64 length)
{
	if (length > FAT32_FILE_MAX)
		return -EFBIG;
	if (busy(m->priv, path, false, false))
		return -EBUSY;
	return fat32_truncate(m->priv, path, (u32)length);
}

static int f32_statfs(struct vfs_mount *m, u64 *total_bytes, u64 *free_bytes)
{
	struct fat32_statfs sf;
	int err = fat32_statfs(m->priv, &sf);

	if (err)
		return err;
	*total_bytes = (u64)sf.total_clusters * sf.cluster_size;
	*free_bytes = (u64)sf.free_clusters * sf.cluster_size;
	return 0;
}

const struct vfs_fs_ops fat32_vfs_ops = {
	.name = "fat32",
	.open = f32_open,
	.stat = f32_stat,
	.mkdir = f32_mkdir,
	.unlink = f32_unlink,
	.rmdir = f32_rmdir,
	.rename = f32_rename,
	.truncate = f32_truncate,
	.statfs = f32_statfs,
};

int fat32_vfs_mount(const char *path, struct fat32_fs *fs, unsigned int flags, struct mutex *lock)
{
	if (fs->readonly)
		flags |= VFS_MOUNT_RDONLY;
	return vfs_mount(path, &fat32_vfs_ops, fs, flags, lock);
}
