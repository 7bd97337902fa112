/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Block devices (kernel/block/blkdev.c): a registry by name ("vda") and
 * asynchronous requests.
 *
 * A request is a run of consecutive 512-byte sectors moved to or from a
 * list of segments (scatter-gather: each segment a buffer of a multiple
 * of BLK_SECTOR_SIZE bytes), or a flush. blk_submit() hands it to the
 * driver and returns; the driver completes it from its interrupt handler
 * with blk_complete(), which wakes the device's wait queue.
 * blk_wait_for() sleeps on that queue, so other threads run meanwhile;
 * it needs a thread that may sleep (not the idle thread, not an IRQ
 * handler, no spinlock held: the boot volume is mounted from the init
 * thread, kernel/main.c). Several requests may be in flight; blk_rw()
 * splits a large transfer into requests of at most dev->max_segs
 * segments and keeps up to BLK_MAX_INFLIGHT of them in flight.
 *
 * Time-out: a request not completed within dev->timeout_ns (the driver's
 * Kconfig, CONFIG_VIRTIO_BLK_TIMEOUT_MS) fails with BLK_ETIMEDOUT. The
 * driver then resets the device (so it can no longer write into memory
 * the request's owner reuses), fails every other request in flight with
 * BLK_EIO and marks the device failed: from then on every request fails
 * at once with BLK_EIO, and nothing waits or hangs.
 */
#ifndef AVATAR_BLKDEV_H
#define AVATAR_BLKDEV_H

#include <avatar/blk_types.h>
#include <avatar/types.h>
#include <avatar/waitqueue.h>

#define BLK_NAME_LEN 8
#define BLKDEV_MAX   8
/* Requests blk_rw() keeps in flight at once. */
#define BLK_MAX_INFLIGHT 8

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
	/*
	 * req is not done after dev->timeout_ns: unless it completed
	 * meanwhile (then return false), make sure the device can no longer
	 * touch it or any other request (reset it), complete every request in
	 * flight (blk_complete(), BLK_EIO), set dev->failed; return true.
	 */
	bool (*timeout)(struct blkdev *dev, struct blk_request *req);
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
	u64 timeout_ns; /* set by the driver (its Kconfig) */
	bool failed;	/* after a time-out: every request fails with BLK_EIO */
	/* Fault injection (CONFIG_BLK_FAULT_INJECT): the driver loses the next request. */
	bool fault_lose_next;
	struct waitqueue wq; /* woken by every completion */
	u64 completions;     /* requests completed (written under the driver's lock) */
	struct blkdev_stats stats;
};

/* Register under a free name "<prefix>a", "<prefix>b", ... (e.g. "vd"). */
int blkdev_register(struct blkdev *dev, const char *prefix);
struct blkdev *blkdev_lookup(const char *name);
/* The i-th registered device, NULL past the end. */
struct blkdev *blkdev_get(unsigned int i);

/* Queue req (waits, sleeping, while the driver's queue is full). 0 or BLK_E*. */
int blk_submit(struct blk_request *req);
/* Sleep until the request completes; returns its error, or BLK_ETIMEDOUT. */
int blk_wait_for(struct blk_request *req);
/* Synchronous transfer of nr segments starting at sector (any number of segments). */
int blk_rw(struct blkdev *dev, enum blk_op op, u64 sector, const struct blk_seg *segs,
	   unsigned int nr);
/* Flush the device's write cache (0 if it has none). */
int blk_flush(struct blkdev *dev);
const char *blk_strerror(int err);

/*
 * For drivers: req finished with error (0 or BLK_E*). Any context; the
 * driver's lock, which serialises completions of one device, held.
 */
void blk_complete(struct blk_request *req, int error);

#endif /* AVATAR_BLKDEV_H */
