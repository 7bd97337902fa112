// SPDX-License-Identifier: GPL-2.0
/*
 * The block device registry and request submission (see <avatar/blkdev.h>).
 *
 * Waiting: every device has one wait queue, woken (all waiters) by each
 * completion; a waiter re-tests its own condition under the queue's lock
 * (its request done, or a completion since its submit found the queue
 * full), so no wake-up is lost. Lock order: the wait queue's lock is
 * never held while the driver's lock is taken (the conditions only read
 * fields), so the driver may complete and wake under its own lock.
 */
#define pr_fmt(fmt) "blk: " fmt

#include <asm/barrier.h>
#include <avatar/blkdev.h>
#include <avatar/irq.h>
#include <avatar/preempt.h>
#include <avatar/printk.h>
#include <avatar/string.h>
#include <avatar/thread.h>
#include <avatar/time.h>

#define BLK_WAIT_SLICE_NS (1ULL * 1000 * 1000)

static struct blkdev *blkdevs[BLKDEV_MAX];

int blkdev_register(struct blkdev *dev, const char *prefix)
{
	size_t len = strlen(prefix);

	if (len + 2 > BLK_NAME_LEN)
		return BLK_EINVAL;
	waitqueue_init(&dev->wq);
	for (unsigned int i = 0; i < BLKDEV_MAX; i++) {
		if (blkdevs[i])
			continue;
		/* Names follow registration order per prefix: vda, vdb, ... */
		memcpy(dev->name, prefix, len);
		dev->name[len + 1] = '\0';
		for (char c = 'a'; c < 'a' + BLKDEV_MAX; c++) {
			dev->name[len] = c;
			if (!blkdev_lookup(dev->name))
				break;
		}
		blkdevs[i] = dev;
		return 0;
	}
	return BLK_ENOSPC;
}

struct blkdev *blkdev_lookup(const char *name)
{
	for (unsigned int i = 0; i < BLKDEV_MAX; i++)
		if (blkdevs[i] && !strcmp(blkdevs[i]->name, name))
			return blkdevs[i];
	return NULL;
}

struct blkdev *blkdev_get(unsigned int i)
{
	unsigned int n = 0;

	for (unsigned int j = 0; j < BLKDEV_MAX; j++)
		if (blkdevs[j] && n++ == i)
			return blkdevs[j];
	return NULL;
}

/* Only a thread may wait for the disk: not an IRQ handler, the idle thread or a lock holder. */
static bool can_sleep(void)
{
	return !in_irq() && !irqs_disabled() && !preempt_count() && !thread_current()->is_idle;
}

static bool req_done(struct blkdev *dev, const void *arg)
{
	const struct blk_request *req = arg;

	(void)dev;
	return smp_load_acquire(&req->done);
}

/* A completion since *arg (a snapshot of dev->completions), or the device failed. */
static bool completed_since(struct blkdev *dev, const void *arg)
{
	return READ_ONCE(dev->completions) != *(const u64 *)arg || READ_ONCE(dev->failed);
}

/*
 * Sleep on dev->wq until cond(dev, arg) holds (true) or dev->timeout_ns
 * passes (false). The sleep is cut into BLK_WAIT_SLICE_NS slices: under
 * QEMU -icount sleep=off, virtual time jumps to the next timer deadline
 * as soon as every CPU is idle, so a single timer at the time-out would
 * fire while the disk (which completes in real time) is still busy; with
 * slices each jump is 1 ms, and a time-out needs timeout / slice idle
 * periods. (Linux arms one timer per queue at the earliest deadline; on
 * hardware that is equivalent.)
 */
static bool blk_sleep_until(struct blkdev *dev, bool (*cond)(struct blkdev *, const void *),
			    const void *arg)
{
	u64 deadline = time_now_ns() + dev->timeout_ns;

	while (!wait_event_timeout(&dev->wq, cond(dev, arg), BLK_WAIT_SLICE_NS))
		if (time_now_ns() >= deadline)
			return false;
	return true;
}

void blk_complete(struct blk_request *req, int error)
{
	struct blkdev *dev = req->dev;

	req->error = error;
	smp_store_release(&req->done, true);
	WRITE_ONCE(dev->completions, dev->completions + 1);
	waitqueue_wake_all(&dev->wq);
}

static void account(struct blk_request *req)
{
	struct blkdev_stats *st = &req->dev->stats;
	u64 sectors = 0;

	for (unsigned int i = 0; i < req->nr_segs; i++)
		sectors += req->segs[i].len >> BLK_SECTOR_SHIFT;
	if (req->op == BLK_OP_READ) {
		st->reads++;
		st->sectors_read += sectors;
	} else if (req->op == BLK_OP_WRITE) {
		st->writes++;
		st->sectors_written += sectors;
	} else {
		st->flushes++;
	}
}

int blk_submit(struct blk_request *req)
{
	struct blkdev *dev = req->dev;
	u64 sectors = 0;
	int err;

	for (unsigned int i = 0; i < req->nr_segs; i++) {
		if (!req->segs[i].len || req->segs[i].len % BLK_SECTOR_SIZE)
			return BLK_EINVAL;
		sectors += req->segs[i].len >> BLK_SECTOR_SHIFT;
	}
	if (req->op != BLK_OP_FLUSH &&
	    (!req->nr_segs || req->nr_segs > dev->max_segs || req->sector > dev->nr_sectors ||
	     sectors > dev->nr_sectors - req->sector))
		return BLK_EINVAL;
	if (req->op == BLK_OP_WRITE && dev->readonly)
		return BLK_EROFS;
	if (!can_sleep()) {
		pr_err("%s: I/O from a context that cannot sleep\n", dev->name);
		return BLK_EINVAL;
	}
	req->done = false;
	req->error = 0;
	account(req);
	for (;;) {
		u64 seen = READ_ONCE(dev->completions);

		if (READ_ONCE(dev->failed)) {
			err = BLK_EIO;
			break;
		}
		err = dev->ops->submit(dev, req);
		if (err != BLK_EAGAIN)
			break;
		/* Queue full: sleep until a completion frees room. */
		if (!blk_sleep_until(dev, completed_since, &seen)) {
			dev->stats.timeouts++;
			return BLK_ETIMEDOUT;
		}
	}
	if (err)
		dev->stats.errors++;
	return err;
}

int blk_wait_for(struct blk_request *req)
{
	struct blkdev *dev = req->dev;

	if (!blk_sleep_until(dev, req_done, req) && dev->ops->timeout(dev, req)) {
		dev->stats.timeouts++;
		pr_err("%s: request at sector %llu not completed in %llu ms: device reset, "
		       "marked failed (every further request fails)\n",
		       dev->name, (unsigned long long)req->sector,
		       (unsigned long long)(dev->timeout_ns / NSEC_PER_MSEC));
		return BLK_ETIMEDOUT;
	}
	if (req->error)
		dev->stats.errors++;
	return req->error;
}

int blk_rw(struct blkdev *dev, enum blk_op op, u64 sector, const struct blk_seg *segs,
	   unsigned int nr)
{
	struct blk_request reqs[BLK_MAX_INFLIGHT];
	unsigned int head = 0, tail = 0; /* reqs[head % N .. tail % N) in flight */
	int err = 0;

	while ((nr || head != tail) && !(err && head == tail)) {
		if (nr && !err && tail - head < BLK_MAX_INFLIGHT) {
			struct blk_request *r = &reqs[tail % BLK_MAX_INFLIGHT];
			unsigned int n = MIN(nr, dev->max_segs);

			*r = (struct blk_request){
				.dev = dev, .op = op, .sector = sector, .segs = segs, .nr_segs = n};
			err = blk_submit(r);
			if (err)
				continue;
			tail++;
			for (unsigned int i = 0; i < n; i++)
				sector += segs[i].len >> BLK_SECTOR_SHIFT;
			segs += n;
			nr -= n;
			continue;
		}
		int e = blk_wait_for(&reqs[head % BLK_MAX_INFLIGHT]);

		head++;
		if (e && !err)
			err = e;
	}
	return err;
}

int blk_flush(struct blkdev *dev)
{
	struct blk_request r = {.dev = dev, .op = BLK_OP_FLUSH};
	int err;

	if (!dev->has_flush)
		return 0;
	err = blk_submit(&r);
	return err ? err : blk_wait_for(&r);
}

const char *blk_strerror(int err)
{
	switch (err) {
	case 0:
		return "success";
	case BLK_EIO:
		return "I/O error";
	case BLK_EINVAL:
		return "invalid request";
	case BLK_EROFS:
		return "read-only device";
	case BLK_EOPNOTSUPP:
		return "not supported by the device";
	case BLK_ETIMEDOUT:
		return "timed out";
	case BLK_ENODEV:
		return "no such device";
	default:
		return "error";
	}
}
