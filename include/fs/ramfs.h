/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ramfs (fs/ramfs/): files and directories in kernel memory, behind the
 * VFS (<avatar/vfs.h>). File data lives in RAMFS_BLOCK_SIZE blocks from
 * kmalloc (a hole reads as zeros and takes no block); a file system has
 * a byte limit (blocks in use) and a node limit, beyond which writes,
 * creates and mkdirs fail with -ENOSPC. An unlinked file stays readable
 * through the files still open on it and is freed with the last one.
 */
#ifndef AVATAR_FS_RAMFS_H
#define AVATAR_FS_RAMFS_H

#include <avatar/vfs.h>

#define RAMFS_BLOCK_SIZE 4096

struct ramfs;

extern const struct vfs_fs_ops ramfs_ops;

/* A new, empty file system (its root directory); NULL without memory. */
struct ramfs *ramfs_create(u64 max_bytes, u32 max_nodes);
/* Free everything (no file may be open on it). */
void ramfs_destroy(struct ramfs *fs);
/* Bytes of file data blocks in use. */
u64 ramfs_used_bytes(const struct ramfs *fs);

#endif /* AVATAR_FS_RAMFS_H */
