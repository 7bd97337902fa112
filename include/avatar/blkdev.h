/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Block devices (kernel/block/blkdev.c): a registry by name ("vda") and
 * asynchronous requests.
 *
 * A request is a run of consecutive 512-byte sectors moved to or from a
 * list of segments (scatter-gather: each segment a buffer of a multiple
 * of BLK_SECTOR_SIZE bytes), or a flush. blk_submit() hands it to the
 * driver and returns; the driver completes it from its interrupt handler
 * (sets `error`, then `done` with a store-release). blk_wait_for() is the
 * one place that waits: today a WFI loop with IRQs enabled, later a wait
 * queue. It gives up after BLK_TIMEOUT_NS and reports BLK_ETIMEDOUT, never
 * hangs. Several requests may be in flight; blk_rw() splits a large
 * transfer into requests of at most dev->max_segs segments and keeps up
 * to BLK_MAX_INFLIGHT of them in flight.
 *
 * Waiting needs the device's interrupt on the waiting CPU: SPIs go to the
 * boot CPU, where the shell runs (the scheduler's wait queues lift this).
 * Not callable from interrupt handlers.
 */
#ifndef AVATAR_BLKDEV_H
#define AVATAR_BLKDEV_H

#include <avatar/types.h>

#define BLK_SECTOR_SHIFT 9
#define BLK_SECTOR_SIZE	 (1u << BLK_SECTOR_SHIFT)
#define BLK_NAME_LEN	 8
#define BLKDEV_MAX	 8
/* Requests blk_rw() keeps in flight at once. */
#define BLK_MAX_INFLIGHT 8
/* A request not completed after this long is reported and abandoned. */
#define BLK_TIMEOUT_NS (5ULL * 1000 * 1000 * 1000)

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

struct blkdev;

struct blk_request {
	struct blkdev *dev;
	enum blk_op op;
	u64 sector;
	const struct blk_seg *segs;
	unsigned int nr_segs;
	bool done; /* set (store-release) by the driver on completion */
	int error; /* 0 or BLK_E*, valid once done */
	void *driver_data;
};

struct blkdev_ops {
	/* Queue the request; 0, BLK_EAGAIN (queue full) or another BLK_E*. */
	int (*submit)(struct blkdev *dev, struct blk_request *req);
	/* Forget a request that timed out: a late completion must not touch it. */
	void (*abandon)(struct blkdev *dev, struct blk_request *req);
};

struct blkdev_stats {
	u64 reads, writes, flushes; /* requests */
	u64 sectors_read, sectors_written;
	u64 errors, timeouts;
};

struct blkdev {
	char name[BLK_NAME_LEN];
	u64 nr_sectors;
	unsigned int max_segs; /* data segments per request */
	bool readonly;
	bool has_flush; /* a volatile write cache that BLK_OP_FLUSH empties */
	const struct blkdev_ops *ops;
	void *priv;
	struct blkdev_stats stats;
};

/* Register under a free name "<prefix>a", "<prefix>b", ... (e.g. "vd"). */
int blkdev_register(struct blkdev *dev, const char *prefix);
struct blkdev *blkdev_lookup(const char *name);
/* The i-th registered device, NULL past the end. */
struct blkdev *blkdev_get(unsigned int i);

int blk_submit(struct blk_request *req);
/* Wait for the request; returns its error, or BLK_ETIMEDOUT. */
int blk_wait_for(struct blk_request *req);
/* Synchronous transfer of nr segments starting at sector (any number of segments). */
int blk_rw(struct blkdev *dev, enum blk_op op, u64 sector, const struct blk_seg *segs,
	   unsigned int nr);
/* Flush the device's write cache (0 if it has none). */
int blk_flush(struct blkdev *dev);
const char *blk_strerror(int err);

#endif /* AVATAR_BLKDEV_H */
