// SPDX-License-Identifier: GPL-2.0
/*
 * The buffer cache core (policies in <avatar/bcache.h>, docs/storage.md).
 *
 * Every buffer is on the LRU list (head: least recently used, the next
 * victim; invalid buffers are put at the head so they are used first).
 * Valid buffers are also on a hash chain indexed by block number; dirty
 * ones also on the dirty list. While a multi-block fill collects its
 * buffers, they are off the LRU list, so one fill cannot evict its own
 * buffers. Eviction of a dirty victim writes back every dirty block:
 * sorted by block number (a merge sort of the list) and coalesced into
 * runs, so a long write becomes a few large device calls.
 *
 * Host-safe: no allocation, no locks, only the struct bcache_dev calls.
 * Block data is copied with memcpy_bulk() (SIMD in the kernel).
 */
#include <avatar/bcache.h>
#include <avatar/compiler.h>
#include <avatar/string.h>

/* Runs (fill or bypass) are split into device calls of at most this. */
#define BCACHE_MAX_RUN_BLOCKS 4096 /* 16 MiB */

static unsigned int hash_size(unsigned int nr_bufs)
{
	unsigned int n = 1;

	while (n < nr_bufs)
		n <<= 1;
	return n;
}

size_t bcache_meta_size(unsigned int nr_bufs)
{
	return sizeof(struct bcache_buf) * nr_bufs +
	       sizeof(struct bcache_buf *) * hash_size(nr_bufs) + sizeof(struct blk_seg) * nr_bufs +
	       sizeof(struct bcache_buf *) * nr_bufs;
}

/* --- LRU list --- */

static void lru_unlink(struct bcache_buf *b)
{
	b->lru_prev->lru_next = b->lru_next;
	b->lru_next->lru_prev = b->lru_prev;
	b->lru_prev = b->lru_next = NULL;
}

static void lru_insert_after(struct bcache_buf *pos, struct bcache_buf *b)
{
	b->lru_prev = pos;
	b->lru_next = pos->lru_next;
	pos->lru_next->lru_prev = b;
	pos->lru_next = b;
}

/* Most recently used: just before the sentinel. */
static void lru_add_tail(struct bcache *c, struct bcache_buf *b)
{
	lru_insert_after(c->lru.lru_prev, b);
}

static void lru_touch(struct bcache *c, struct bcache_buf *b)
{
	lru_unlink(b);
	lru_add_tail(c, b);
}

/* --- hash --- */

static struct bcache_buf **chain(struct bcache *c, u64 block)
{
	return &c->hash[block & c->hash_mask];
}

static struct bcache_buf *lookup(struct bcache *c, u64 block)
{
	for (struct bcache_buf *b = *chain(c, block); b; b = b->hnext)
		if (b->block == block)
			return b;
	return NULL;
}

static void hash_insert(struct bcache *c, struct bcache_buf *b)
{
	struct bcache_buf **head = chain(c, b->block);

	b->hnext = *head;
	*head = b;
	b->valid = true;
}

static void hash_remove(struct bcache *c, struct bcache_buf *b)
{
	struct bcache_buf **p = chain(c, b->block);

	while (*p != b)
		p = &(*p)->hnext;
	*p = b->hnext;
	b->valid = false;
}

int bcache_init(struct bcache *c, const struct bcache_dev *dev, unsigned int nr_bufs, void *meta,
		void *data)
{
	unsigned int hsize = hash_size(nr_bufs);
	u8 *m = meta;

	if (nr_bufs < 2 || !dev->max_segs || !dev->rw)
		return BCACHE_EINVAL;
	memset(c, 0, sizeof(*c));
	memset(meta, 0, bcache_meta_size(nr_bufs));
	c->dev = dev;
	c->nr_bufs = nr_bufs;
	c->bufs = (struct bcache_buf *)m;
	m += sizeof(struct bcache_buf) * nr_bufs;
	c->hash = (struct bcache_buf **)m;
	m += sizeof(struct bcache_buf *) * hsize;
	c->segs = (struct blk_seg *)m;
	m += sizeof(struct blk_seg) * nr_bufs;
	c->run = (struct bcache_buf **)m;
	c->hash_mask = hsize - 1;
	c->nr_blocks = (dev->nr_sectors + BCACHE_BLOCK_SECTORS - 1) / BCACHE_BLOCK_SECTORS;
	c->next_seq = ~0ULL;
	c->ra_blocks = BCACHE_RA_BLOCKS;
	c->lru.lru_next = c->lru.lru_prev = &c->lru;
	for (unsigned int i = 0; i < nr_bufs; i++) {
		c->bufs[i].data = (u8 *)data + (size_t)i * BCACHE_BLOCK_SIZE;
		lru_add_tail(c, &c->bufs[i]);
	}
	return 0;
}

/* Sectors of `block` inside the device (the last block may be short). */
static u32 block_sectors(const struct bcache *c, u64 block)
{
	u64 left = c->dev->nr_sectors - block * BCACHE_BLOCK_SECTORS;

	return left < BCACHE_BLOCK_SECTORS ? (u32)left : BCACHE_BLOCK_SECTORS;
}

/* One vectored call per dev->max_segs segments. */
static int dev_rw(struct bcache *c, bool write, u64 sector, struct blk_seg *segs, unsigned int nr)
{
	while (nr) {
		unsigned int n = MIN(nr, c->dev->max_segs);
		int err = c->dev->rw(c->dev->ctx, write, sector, segs, n);

		if (err)
			return err;
		if (write)
			c->stats.dev_writes++;
		else
			c->stats.dev_reads++;
		for (unsigned int i = 0; i < n; i++)
			sector += segs[i].len >> BCACHE_SECTOR_SHIFT;
		segs += n;
		nr -= n;
	}
	return 0;
}

/* --- write-back --- */

static struct bcache_buf *merge(struct bcache_buf *a, struct bcache_buf *b)
{
	struct bcache_buf head, *t = &head;

	while (a && b) {
		if (a->block <= b->block) {
			t->dnext = a;
			a = a->dnext;
		} else {
			t->dnext = b;
			b = b->dnext;
		}
		t = t->dnext;
	}
	t->dnext = a ? a : b;
	return head.dnext;
}

/* Merge sort of the dirty list by block number: O(n log n), no memory. */
static struct bcache_buf *sort_dirty(struct bcache_buf *list)
{
	struct bcache_buf *slow = list, *fast, *second;

	if (!list || !list->dnext)
		return list;
	for (fast = list->dnext; fast && fast->dnext; fast = fast->dnext->dnext)
		slow = slow->dnext;
	second = slow->dnext;
	slow->dnext = NULL;
	return merge(sort_dirty(list), sort_dirty(second));
}

/* Write every dirty block, consecutive blocks in one call. */
static int writeback(struct bcache *c)
{
	struct bcache_buf *b;

	if (!c->dirty)
		return 0;
	c->stats.writebacks++;
	c->dirty = sort_dirty(c->dirty);
	while ((b = c->dirty)) {
		unsigned int n = 0;
		struct bcache_buf *p = b;
		int err;

		while (p && n < c->nr_bufs && (n == 0 || p->block == b->block + n)) {
			c->segs[n].buf = p->data;
			c->segs[n].len = block_sectors(c, p->block) << BCACHE_SECTOR_SHIFT;
			n++;
			p = p->dnext;
		}
		err = dev_rw(c, true, b->block * BCACHE_BLOCK_SECTORS, c->segs, n);
		if (err)
			return err; /* the blocks stay dirty */
		c->stats.blocks_written += n;
		for (unsigned int i = 0; i < n; i++) {
			struct bcache_buf *next = c->dirty->dnext;

			c->dirty->dirty = false;
			c->dirty->dnext = NULL;
			c->dirty = next;
			c->nr_dirty--;
		}
	}
	return 0;
}

static void mark_dirty(struct bcache *c, struct bcache_buf *b)
{
	if (b->dirty)
		return;
	b->dirty = true;
	b->dnext = c->dirty;
	c->dirty = b;
	c->nr_dirty++;
}

/*
 * Take the least recently used buffer off the LRU list, writing back the
 * dirty blocks first if it is dirty. NULL (with *err) if none is usable.
 */
static struct bcache_buf *take_victim(struct bcache *c, int *err)
{
	struct bcache_buf *b = c->lru.lru_next;

	if (b == &c->lru) {
		*err = BCACHE_EINVAL;
		return NULL;
	}
	if (b->dirty) {
		*err = writeback(c);
		if (*err)
			return NULL;
	}
	if (b->valid) {
		hash_remove(c, b);
		c->stats.evictions++;
	}
	lru_unlink(b);
	return b;
}

/* Put buffers taken by take_victim() back as free (least recent). */
static void give_back(struct bcache *c, unsigned int n)
{
	for (unsigned int i = 0; i < n; i++)
		lru_insert_after(&c->lru, c->run[i]);
}

/*
 * Read blocks [first, first + n) (none cached) into cache buffers with one
 * vectored call; with `ahead`, extend the run by up to ra_blocks uncached
 * blocks (read-ahead). Returns 0 or an error (nothing is cached then).
 */
static int fill(struct bcache *c, u64 first, unsigned int n, bool ahead)
{
	unsigned int total = n, limit = c->nr_bufs / 2;
	int err = 0;

	if (ahead) {
		while (total < n + c->ra_blocks && total < limit && first + total < c->nr_blocks &&
		       !lookup(c, first + total))
			total++;
		c->stats.readahead += total - n;
	}
	c->stats.misses += n;
	for (unsigned int i = 0; i < total; i++) {
		struct bcache_buf *b = take_victim(c, &err);

		if (!b) {
			give_back(c, i);
			return err;
		}
		b->block = first + i;
		c->run[i] = b;
		c->segs[i].buf = b->data;
		c->segs[i].len = block_sectors(c, first + i) << BCACHE_SECTOR_SHIFT;
	}
	err = dev_rw(c, false, first * BCACHE_BLOCK_SECTORS, c->segs, total);
	if (err) {
		give_back(c, total);
		return err;
	}
	c->stats.blocks_read += total;
	for (unsigned int i = 0; i < total; i++) {
		hash_insert(c, c->run[i]);
		lru_add_tail(c, c->run[i]);
	}
	return 0;
}

/* Whole, uncached blocks from `block` on, within `sectors` of the request. */
static u64 uncached_run(struct bcache *c, u64 block, u64 sectors)
{
	u64 n = 0;

	while (n < BCACHE_MAX_RUN_BLOCKS && block + n < c->nr_blocks &&
	       sectors >= (n + 1) * BCACHE_BLOCK_SECTORS &&
	       block_sectors(c, block + n) == BCACHE_BLOCK_SECTORS && !lookup(c, block + n))
		n++;
	return n;
}

static bool in_range(const struct bcache *c, u64 sector, u64 count)
{
	return sector <= c->dev->nr_sectors && count <= c->dev->nr_sectors - sector;
}

int bcache_read(struct bcache *c, u64 sector, u64 count, void *buf)
{
	u8 *out = buf;

	if (!in_range(c, sector, count))
		return BCACHE_EINVAL;
	while (count) {
		u64 block = sector / BCACHE_BLOCK_SECTORS;
		u32 off = (u32)(sector % BCACHE_BLOCK_SECTORS);
		u32 n = (u32)MIN(count, (u64)block_sectors(c, block) - off);
		bool seq = block == c->next_seq;
		struct bcache_buf *b = lookup(c, block);
		int err;

		if (!b && off == 0) {
			u64 run = uncached_run(c, block, count);

			if (run > c->nr_bufs / 2) {
				/* Too big to cache: straight into the caller's buffer. */
				struct blk_seg seg = {out, (u32)(run * BCACHE_BLOCK_SIZE)};

				err = dev_rw(c, false, sector, &seg, 1);
				if (err)
					return err;
				c->stats.bypass += run;
				c->stats.misses += run;
				c->stats.blocks_read += run;
				c->next_seq = block + run;
				sector += run * BCACHE_BLOCK_SECTORS;
				count -= run * BCACHE_BLOCK_SECTORS;
				out += run * BCACHE_BLOCK_SIZE;
				continue;
			}
			if (run > 1) {
				/* One fill for the run, copied out in order. */
				err = fill(c, block, (unsigned int)run, seq);
				if (err)
					return err;
				for (u64 i = 0; i < run; i++)
					memcpy_bulk(out + i * BCACHE_BLOCK_SIZE, c->run[i]->data,
						    BCACHE_BLOCK_SIZE);
				c->next_seq = block + run;
				sector += run * BCACHE_BLOCK_SECTORS;
				count -= run * BCACHE_BLOCK_SECTORS;
				out += run * BCACHE_BLOCK_SIZE;
				continue;
			}
		}
		if (!b) {
			err = fill(c, block, 1, seq);
			if (err)
				return err;
			b = lookup(c, block);
		} else {
			c->stats.hits++;
		}
		memcpy_bulk(out, b->data + off * BCACHE_SECTOR_SIZE,
			    (size_t)n * BCACHE_SECTOR_SIZE);
		lru_touch(c, b);
		c->next_seq = block + 1;
		sector += n;
		count -= n;
		out += (size_t)n * BCACHE_SECTOR_SIZE;
	}
	return 0;
}

int bcache_write(struct bcache *c, u64 sector, u64 count, const void *buf)
{
	const u8 *in = buf;

	if (!in_range(c, sector, count))
		return BCACHE_EINVAL;
	while (count) {
		u64 block = sector / BCACHE_BLOCK_SECTORS;
		u32 off = (u32)(sector % BCACHE_BLOCK_SECTORS);
		u32 n = (u32)MIN(count, (u64)block_sectors(c, block) - off);
		struct bcache_buf *b = lookup(c, block);
		int err = 0;

		if (b) {
			c->stats.hits++;
		} else if (off == 0 && n == block_sectors(c, block)) {
			/* Whole block: no need to read it first. */
			b = take_victim(c, &err);
			if (!b)
				return err;
			b->block = block;
			hash_insert(c, b);
			lru_add_tail(c, b);
		} else {
			err = fill(c, block, 1, false);
			if (err)
				return err;
			b = lookup(c, block);
		}
		memcpy_bulk(b->data + off * BCACHE_SECTOR_SIZE, in, (size_t)n * BCACHE_SECTOR_SIZE);
		mark_dirty(c, b);
		lru_touch(c, b);
		sector += n;
		count -= n;
		in += (size_t)n * BCACHE_SECTOR_SIZE;
	}
	return 0;
}

int bcache_sync(struct bcache *c)
{
	int err = writeback(c);

	if (err)
		return err;
	c->stats.flushes++;
	return c->dev->flush ? c->dev->flush(c->dev->ctx) : 0;
}

void bcache_drop_clean(struct bcache *c)
{
	for (unsigned int i = 0; i < c->nr_bufs; i++) {
		struct bcache_buf *b = &c->bufs[i];

		if (b->valid && !b->dirty) {
			hash_remove(c, b);
			lru_unlink(b);
			lru_insert_after(&c->lru, b);
		}
	}
	c->next_seq = ~0ULL;
}

void bcache_get_stats(const struct bcache *c, struct bcache_stats *st)
{
	*st = c->stats;
}
