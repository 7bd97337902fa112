// SPDX-License-Identifier: GPL-2.0
/*
 * The block device registry and request submission (see <avatar/blkdev.h>).
 *
 * Waiting: until the scheduler provides wait queues, a waiter sleeps in
 * WFI with IRQs masked around the check, so a completion interrupt that
 * arrives between the check and the WFI still wakes it (WFI wakes on a
 * pending interrupt even when it is masked; it is then taken as soon as
 * IRQs are unmasked). A ktimer wakes it every BLK_WAIT_SLICE_NS to check
 * the deadline, so a device that never answers costs a time-out, not a
 * hang. (Under QEMU -icount sleep=off an idle CPU jumps to the next timer
 * deadline: the slice bounds each jump, so a time-out still needs
 * BLK_TIMEOUT_NS / BLK_WAIT_SLICE_NS wake-ups.)
 */
#define pr_fmt(fmt) "blk: " fmt

#include <asm/barrier.h>
#include <avatar/blkdev.h>
#include <avatar/irq.h>
#include <avatar/printk.h>
#include <avatar/string.h>
#include <avatar/time.h>

#define BLK_WAIT_SLICE_NS (1ULL * 1000 * 1000)

static struct blkdev *blkdevs[BLKDEV_MAX];

int blkdev_register(struct blkdev *dev, const char *prefix)
{
	size_t len = strlen(prefix);

	if (len + 2 > BLK_NAME_LEN)
		return BLK_EINVAL;
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

static void blk_wake(struct ktimer *t)
{
	(void)t; /* the interrupt itself ends the WFI */
}

/*
 * Sleep until cond(arg) holds or the deadline passes; true if it holds.
 * The one waiting primitive of the block layer: a wait queue later.
 */
static bool blk_wait_until(bool (*cond)(void *), void *arg, u64 deadline)
{
	struct ktimer t;
	unsigned long flags = local_irq_save();
	bool ok;

	ktimer_init(&t, blk_wake);
	while (!(ok = cond(arg))) {
		u64 now = time_now_ns();

		if (now >= deadline)
			break;
		ktimer_start(&t, MIN(now + BLK_WAIT_SLICE_NS, deadline));
		wfi();
		local_irq_enable(); /* take the interrupt that woke us */
		local_irq_disable();
	}
	ktimer_cancel(&t);
	local_irq_restore(flags);
	return ok;
}

static bool req_done(void *arg)
{
	struct blk_request *req = arg;

	return smp_load_acquire(&req->done);
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

struct submit_try {
	struct blk_request *req;
	int err;
};

static bool try_submit(void *arg)
{
	struct submit_try *s = arg;

	s->err = s->req->dev->ops->submit(s->req->dev, s->req);
	return s->err != BLK_EAGAIN;
}

int blk_submit(struct blk_request *req)
{
	struct blkdev *dev = req->dev;
	struct submit_try s = {.req = req};
	u64 sectors = 0;

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
	req->done = false;
	req->error = 0;
	account(req);
	/* Queue full: wait for completions to free room. */
	if (!blk_wait_until(try_submit, &s, time_now_ns() + BLK_TIMEOUT_NS)) {
		dev->stats.timeouts++;
		return BLK_ETIMEDOUT;
	}
	if (s.err)
		dev->stats.errors++;
	return s.err;
}

int blk_wait_for(struct blk_request *req)
{
	if (!blk_wait_until(req_done, req, time_now_ns() + BLK_TIMEOUT_NS)) {
		req->dev->ops->abandon(req->dev, req);
		req->dev->stats.timeouts++;
		pr_err("%s: request at sector %llu timed out\n", req->dev->name,
		       (unsigned long long)req->sector);
		return BLK_ETIMEDOUT;
	}
	if (req->error)
		req->dev->stats.errors++;
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
