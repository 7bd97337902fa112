/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The buffer cache (kernel/block/bcache.c): fixed-size blocks of a block
 * device kept in memory, looked up through a hash table, evicted in LRU
 * order, written back when evicted and on bcache_sync().
 *
 * The core reaches the device only through struct bcache_dev (one
 * vectored read/write call and a flush), and the caller provides all its
 * memory, so it builds unchanged into host unit tests against a fake
 * device (tests/unit/test_bcache.c). kernel/block/bcache_blk.c binds it to
 * a struct blkdev. Not re-entrant: the user (one mounted file system)
 * serialises calls.
 *
 * Policies (docs/storage.md):
 *  - reads of whole blocks that are not cached are gathered into runs and
 *    read with one multi-segment call, straight into cache buffers;
 *  - a miss that continues the previous access (sequential) also reads
 *    the next `ra_blocks` uncached blocks in the same call (read-ahead);
 *  - a run longer than half the cache bypasses it: read directly into the
 *    caller's buffer (cached blocks, possibly dirty, are still copied from
 *    the cache, so nothing stale is ever returned);
 *  - writes go to the cache (write-back); a dirty block is written when
 *    the cache needs its buffer (then every dirty block is written, sorted
 *    and coalesced into multi-segment calls) and on bcache_sync().
 */
#ifndef AVATAR_BCACHE_H
#define AVATAR_BCACHE_H

#include <avatar/blk_types.h> /* struct blk_seg: a segment of a vectored transfer */
#include <avatar/types.h>

#define BCACHE_SECTOR_SHIFT  9
#define BCACHE_SECTOR_SIZE   (1u << BCACHE_SECTOR_SHIFT)
#define BCACHE_BLOCK_SHIFT   12 /* 4 KiB blocks: the page size */
#define BCACHE_BLOCK_SIZE    (1u << BCACHE_BLOCK_SHIFT)
#define BCACHE_BLOCK_SECTORS (BCACHE_BLOCK_SIZE / BCACHE_SECTOR_SIZE)
/* Default read-ahead window, in blocks (128 KiB). */
#define BCACHE_RA_BLOCKS 32

/* Errors: the device's own codes pass through; these are the cache's. */
#define BCACHE_EINVAL (-22)

struct bcache_dev {
	void *ctx;
	u64 nr_sectors;
	unsigned int max_segs; /* segments per rw call (the caller may split further) */
	int (*rw)(void *ctx, bool write, u64 sector, const struct blk_seg *segs, unsigned int nr);
	int (*flush)(void *ctx); /* may be NULL */
};

struct bcache_buf {
	u64 block;
	u8 *data;
	struct bcache_buf *hnext;		/* hash chain */
	struct bcache_buf *lru_prev, *lru_next; /* LRU list (head: least recent) */
	struct bcache_buf *dnext;		/* dirty list */
	bool valid;
	bool dirty;
};

struct bcache_stats {
	u64 hits, misses;	   /* block lookups */
	u64 readahead;		   /* blocks read ahead of a sequential access */
	u64 bypass;		   /* blocks read around the cache */
	u64 dev_reads, dev_writes; /* rw calls */
	u64 blocks_read, blocks_written;
	u64 writebacks; /* write-back passes (eviction or sync) */
	u64 evictions;
	u64 flushes;
};

struct bcache {
	const struct bcache_dev *dev;
	struct bcache_buf *bufs;
	unsigned int nr_bufs;
	struct bcache_buf **hash;
	unsigned int hash_mask; /* hash size - 1 (a power of two) */
	struct bcache_buf lru;	/* sentinel: lru.lru_next is the least recent */
	struct bcache_buf *dirty;
	unsigned int nr_dirty;
	u64 nr_blocks;
	u64 next_seq; /* block after the last one accessed */
	unsigned int ra_blocks;
	/* Scratch for one vectored call (nr_bufs entries each). */
	struct blk_seg *segs;
	struct bcache_buf **run;
	struct bcache_stats stats;
};

/*
 * Bytes of memory bcache_init() needs for nr_bufs blocks, excluding the
 * block data (nr_bufs * BCACHE_BLOCK_SIZE, page aligned, given separately).
 */
size_t bcache_meta_size(unsigned int nr_bufs);
/*
 * meta: bcache_meta_size(nr_bufs) bytes, 8-byte aligned; data: nr_bufs
 * blocks. nr_bufs >= 2. Returns 0 or BCACHE_EINVAL.
 */
int bcache_init(struct bcache *c, const struct bcache_dev *dev, unsigned int nr_bufs, void *meta,
		void *data);

/* Transfer count sectors at sector to/from buf. 0 or a negative error. */
int bcache_read(struct bcache *c, u64 sector, u64 count, void *buf);
int bcache_write(struct bcache *c, u64 sector, u64 count, const void *buf);
/* Write every dirty block, then flush the device. */
int bcache_sync(struct bcache *c);
/* Drop every clean block (dirty blocks are kept). */
void bcache_drop_clean(struct bcache *c);
void bcache_get_stats(const struct bcache *c, struct bcache_stats *st);

#endif /* AVATAR_BCACHE_H */
