/* SPDX-License-Identifier: GPL-2.0 */
/*
 * File interface shared by the kernel's VFS (<avatar/vfs.h>) and user
 * programs (user/): open() flags (Linux values), lseek() whence, the
 * stat and directory-entry records, and the limits. See docs/storage.md
 * (VFS) and docs/syscalls.md.
 */
#ifndef UAPI_AVATAR_VFS_H
#define UAPI_AVATAR_VFS_H

#include <avatar/types.h>

#define VFS_PATH_MAX 256 /* bytes of a path, the terminator included */
#define VFS_NAME_MAX 255 /* bytes of one path component */

/* open() flags. */
#define O_RDONLY  0x0000
#define O_WRONLY  0x0001
#define O_RDWR	  0x0002
#define O_ACCMODE 0x0003
#define O_CREAT	  0x0040
#define O_EXCL	  0x0080
#define O_TRUNC	  0x0200
#define O_APPEND  0x0400

/* lseek() whence. */
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

/* struct vfs_stat.type, struct vfs_dirent.type */
#define VFS_T_FILE 1
#define VFS_T_DIR  2
#define VFS_T_CHR  3 /* character device (/dev/console, /dev/null) */
#define VFS_T_BLK  4 /* block device (/dev/vda) */

struct vfs_stat {
	u64 size;  /* bytes (a block device: its capacity) */
	u64 mtime; /* seconds since 1970, 0 if unknown */
	u32 type;  /* VFS_T_* */
	u32 ro;	   /* 1 if on a read-only mount (or a read-only device) */
};

struct vfs_dirent {
	u64 size;
	u32 type;
	char name[VFS_NAME_MAX + 1];
};

#endif /* UAPI_AVATAR_VFS_H */
