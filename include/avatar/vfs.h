/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The virtual file system (fs/vfs/; design in docs/storage.md, "VFS").
 *
 * Paths are resolved lexically: vfs_path_normalize() makes an absolute
 * path without ".", ".." or repeated slashes (there are no symbolic
 * links, so ".." is exactly the parent), then the mount table gives the
 * mount with the longest matching prefix and the path inside it. File
 * systems (FAT32, ramfs, devfs) implement struct vfs_fs_ops on paths
 * relative to their root and keep their own inodes; an open file is a
 * struct vfs_file with a reference count, held by descriptor tables
 * (struct vfs_fdtable) or by kernel callers.
 *
 * Locking: every call into a file system runs under its mount's mutex
 * (mount->lock), unless the file system says it locks for itself
 * (VFS_FS_OWN_LOCKING: devfs, whose console read blocks). The FAT32
 * mount's lock is the boot volume's mutex, which every other user of the
 * fat32 library takes too.
 *
 * Every function returns 0, a count or a position, or a negative errno
 * (<uapi/avatar/errno.h>; vfs_strerror() names it).
 */
#ifndef AVATAR_VFS_H
#define AVATAR_VFS_H

#include <avatar/mutex.h>
#include <avatar/types.h>
#include <uapi/avatar/vfs.h>

#define VFS_MAX_MOUNTS 8
#define VFS_MAX_FDS    16 /* descriptors per table (0-2 are stdin/out/err) */
#define VFS_FSNAME_LEN 8

/* Mount flags. */
#define VFS_MOUNT_RDONLY 0x1

/* struct vfs_fs_ops.flags */
#define VFS_FS_OWN_LOCKING 0x1

struct vfs_mount;
struct vfs_file;

/* What a file system does with paths ("/" is its root, always normalized). */
struct vfs_fs_ops {
	const char *name; /* "fat32", "ramfs", "devfs" */
	unsigned int flags;
	/* Fill f->ops, f->priv, f->type; f->flags is set. */
	int (*open)(struct vfs_mount *m, const char *path, int flags, struct vfs_file *f);
	int (*stat)(struct vfs_mount *m, const char *path, struct vfs_stat *st);
	int (*mkdir)(struct vfs_mount *m, const char *path);
	int (*unlink)(struct vfs_mount *m, const char *path); /* not a directory */
	int (*rmdir)(struct vfs_mount *m, const char *path);  /* an empty directory */
	int (*rename)(struct vfs_mount *m, const char *from, const char *to);
	int (*truncate)(struct vfs_mount *m, const char *path, u64 length);
	int (*statfs)(struct vfs_mount *m, u64 *total_bytes, u64 *free_bytes);
};

/* What a file system does with an open file; NULL: not supported. */
struct vfs_file_ops {
	/* At f->pos; advance it. */
	s64 (*read)(struct vfs_file *f, void *buf, size_t len);
	s64 (*write)(struct vfs_file *f, const void *buf, size_t len);
	/* 1 with *out filled, 0 at the end, or -errno. */
	int (*readdir)(struct vfs_file *f, struct vfs_dirent *out);
	int (*truncate)(struct vfs_file *f, u64 length);
	int (*stat)(struct vfs_file *f, struct vfs_stat *st);
	int (*close)(struct vfs_file *f);
};

struct vfs_mount {
	bool used;
	char path[VFS_PATH_MAX]; /* normalized, "/" or "/a/b" */
	size_t path_len;
	const struct vfs_fs_ops *ops;
	void *priv;
	unsigned int flags; /* VFS_MOUNT_* */
	struct mutex own_lock;
	struct mutex *lock; /* own_lock, or one shared with other users */
	int open_files;	    /* under the table lock; umount needs 0 */
};

struct vfs_file {
	int refs;
	int flags; /* O_* as opened */
	u32 type;  /* VFS_T_* */
	u64 pos;
	struct vfs_mount *mnt;
	const struct vfs_file_ops *ops;
	void *priv;
	void *cursor; /* a file system's directory cursor */
	/* Directories: mount points inside it are listed after its entries. */
	char *dir_path; /* normalized path (kmalloc'd), directories only */
	bool fs_done;	/* the file system's own entries are exhausted */
	unsigned int next_mount;
};

/* path.c: "/a//b/./c/../d" -> "/a/b/d". out has VFS_PATH_MAX bytes. */
int vfs_path_normalize(const char *in, char *out);
/* The last component of a normalized path ("" for "/"). */
const char *vfs_path_basename(const char *path);

/* mount.c */
/* Mount ops at path (need not exist below); lock NULL: a mutex of its own. */
int vfs_mount(const char *path, const struct vfs_fs_ops *ops, void *priv, unsigned int flags,
	      struct mutex *lock);
/* -EBUSY while files are open on it, -EINVAL if nothing is mounted there. */
int vfs_umount(const char *path);
/*
 * Resolve: normalize path, find the mount, write the path inside it
 * (starting with "/") to rel (VFS_PATH_MAX bytes). -ENODEV (and NULL *m)
 * if no mount holds the path.
 */
int vfs_resolve(const char *path, struct vfs_mount **m, char *rel);
/* Mount i of the table (for `fs mount`), NULL when unused; i < VFS_MAX_MOUNTS. */
const struct vfs_mount *vfs_mount_at(unsigned int i);
/* Forget every mount (host tests). */
void vfs_mount_reset(void);
void vfs_mount_lock(struct vfs_mount *m);
void vfs_mount_unlock(struct vfs_mount *m);

/* file.c: open files. */
int vfs_open(const char *path, int flags, struct vfs_file **out);
s64 vfs_read(struct vfs_file *f, void *buf, size_t len);
s64 vfs_write(struct vfs_file *f, const void *buf, size_t len);
s64 vfs_lseek(struct vfs_file *f, s64 offset, int whence);
int vfs_readdir(struct vfs_file *f, struct vfs_dirent *out);
int vfs_ftruncate(struct vfs_file *f, u64 length);
int vfs_fstat(struct vfs_file *f, struct vfs_stat *st);
/* Take one more reference; vfs_close() drops one and closes at zero. */
struct vfs_file *vfs_file_get(struct vfs_file *f);
int vfs_close(struct vfs_file *f);

/* ops.c: operations on paths. */
int vfs_stat(const char *path, struct vfs_stat *st);
int vfs_mkdir(const char *path);
int vfs_unlink(const char *path);
int vfs_rmdir(const char *path);
int vfs_rename(const char *from, const char *to);
int vfs_truncate(const char *path, u64 length);
int vfs_statfs(const char *path, u64 *total_bytes, u64 *free_bytes);

/* fdtable.c: a process's descriptors. */
struct vfs_fdtable {
	struct vfs_file *fd[VFS_MAX_FDS];
};
/* Lowest free descriptor >= min for f (the table takes the reference); -EMFILE. */
int vfs_fd_install(struct vfs_fdtable *t, int min, struct vfs_file *f);
/* The file of fd (no new reference), NULL if not open. */
struct vfs_file *vfs_fd_get(struct vfs_fdtable *t, long fd);
int vfs_fd_close(struct vfs_fdtable *t, long fd);
void vfs_fd_close_all(struct vfs_fdtable *t);

/* errno.c */
const char *vfs_strerror(int err);

/* init.c (kernel only): / (FAT32, when the boot volume is mounted), /tmp, /dev. */
void vfs_init(void);

#endif /* AVATAR_VFS_H */
