/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The plain types of block I/O (sectors, error codes, operations,
 * segments), apart from <avatar/blkdev.h> so that host-built code (the
 * buffer cache core and its unit test) can use them without the
 * kernel's wait queues and locks.
 */
#ifndef AVATAR_BLK_TYPES_H
#define AVATAR_BLK_TYPES_H

#include <avatar/types.h>

#define BLK_SECTOR_SHIFT 9
#define BLK_SECTOR_SIZE	 (1u << BLK_SECTOR_SHIFT)

/* Errors (negative returns), Linux values. */
#define BLK_EIO	       (-5)
#define BLK_EAGAIN     (-11) /* driver queue full: try again after a completion */
#define BLK_ENODEV     (-19)
#define BLK_EINVAL     (-22)
#define BLK_ENOSPC     (-28)
#define BLK_EROFS      (-30)
#define BLK_EOPNOTSUPP (-95)
#define BLK_ETIMEDOUT  (-110)

enum blk_op {
	BLK_OP_READ,
	BLK_OP_WRITE,
	BLK_OP_FLUSH,
};

struct blk_seg {
	void *buf;
	u32 len; /* bytes, a multiple of BLK_SECTOR_SIZE */
};

#endif /* AVATAR_BLK_TYPES_H */
