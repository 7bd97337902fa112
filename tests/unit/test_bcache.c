// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the buffer cache core (kernel/block/bcache.c) against a
 * fake block device in memory that records every call: hits and misses,
 * LRU order, write-back on eviction and on sync (sorted and coalesced),
 * read-ahead for sequential access only, the bypass of large reads, no
 * stale data after writes (also through the bypass), and device errors.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <avatar/bcache.h>

#define DISK_SECTORS 2048 /* 1 MiB: 256 blocks */
#define SECTOR	     BCACHE_SECTOR_SIZE
#define BLOCK	     BCACHE_BLOCK_SIZE
#define BSECT	     BCACHE_BLOCK_SECTORS
#define MAX_SEGS     64
#define EIO_FAKE     (-5)

struct call {
	bool write;
	u64 sector;
	unsigned int nr_segs;
	u64 sectors;
};

struct fake_disk {
	u8 data[DISK_SECTORS * SECTOR];
	struct call calls[1024];
	unsigned int nr_calls, reads, writes, flushes;
	bool fail;
};

static struct fake_disk disk;

static int fake_rw(void *ctx, bool write, u64 sector, const struct blk_seg *segs, unsigned int nr)
{
	struct fake_disk *d = ctx;
	struct call *c = &d->calls[d->nr_calls++ % 1024];
	u64 s = sector;

	assert_true(nr >= 1 && nr <= MAX_SEGS);
	*c = (struct call){write, sector, nr, 0};
	if (d->fail)
		return EIO_FAKE;
	for (unsigned int i = 0; i < nr; i++) {
		assert_int_equal(segs[i].len % SECTOR, 0);
		assert_true(s + segs[i].len / SECTOR <= DISK_SECTORS);
		if (write)
			memcpy(d->data + s * SECTOR, segs[i].buf, segs[i].len);
		else
			memcpy(segs[i].buf, d->data + s * SECTOR, segs[i].len);
		s += segs[i].len / SECTOR;
	}
	c->sectors = s - sector;
	if (write)
		d->writes++;
	else
		d->reads++;
	return 0;
}

static int fake_flush(void *ctx)
{
	((struct fake_disk *)ctx)->flushes++;
	return 0;
}

static const struct bcache_dev fake_dev = {
	.ctx = &disk,
	.nr_sectors = DISK_SECTORS,
	.max_segs = MAX_SEGS,
	.rw = fake_rw,
	.flush = fake_flush,
};

struct fixture {
	struct bcache c;
	void *meta, *data;
};

static struct fixture *setup(unsigned int nr_bufs)
{
	struct fixture *f = calloc(1, sizeof(*f));

	memset(&disk, 0, sizeof(disk));
	for (unsigned int i = 0; i < DISK_SECTORS * SECTOR; i++)
		disk.data[i] = (u8)(i / SECTOR * 7 + i);
	f->meta = malloc(bcache_meta_size(nr_bufs));
	f->data = malloc((size_t)nr_bufs * BLOCK);
	assert_int_equal(bcache_init(&f->c, &fake_dev, nr_bufs, f->meta, f->data), 0);
	return f;
}

static void teardown(struct fixture *f)
{
	free(f->meta);
	free(f->data);
	free(f);
}

static void read_block(struct fixture *f, u64 block, u8 *buf)
{
	assert_int_equal(bcache_read(&f->c, block * BSECT, BSECT, buf), 0);
}

static void test_hit_miss(void **state)
{
	struct fixture *f = setup(8);
	u8 buf[BLOCK];

	(void)state;
	assert_int_equal(bcache_read(&f->c, 5 * BSECT + 3, 2, buf), 0);
	assert_int_equal(disk.reads, 1);
	assert_memory_equal(buf, disk.data + (5 * BSECT + 3) * SECTOR, 2 * SECTOR);
	assert_int_equal(f->c.stats.misses, 1);
	assert_int_equal(f->c.stats.hits, 0);
	/* The rest of block 5 is cached now. */
	assert_int_equal(bcache_read(&f->c, 5 * BSECT, BSECT, buf), 0);
	assert_int_equal(disk.reads, 1);
	assert_int_equal(f->c.stats.hits, 1);
	assert_memory_equal(buf, disk.data + 5 * BSECT * SECTOR, BLOCK);
	teardown(f);
}

static void test_lru_order(void **state)
{
	struct fixture *f = setup(4);
	u8 buf[BLOCK];

	(void)state;
	/* Far apart: no read-ahead. */
	read_block(f, 10, buf);
	read_block(f, 20, buf);
	read_block(f, 30, buf);
	read_block(f, 40, buf);
	read_block(f, 10, buf); /* 10 is now the most recent, 20 the least */
	assert_int_equal(disk.reads, 4);
	read_block(f, 50, buf); /* evicts 20 */
	assert_int_equal(disk.reads, 5);
	assert_int_equal(f->c.stats.evictions, 1);
	read_block(f, 10, buf);
	read_block(f, 30, buf);
	read_block(f, 40, buf);
	read_block(f, 50, buf);
	assert_int_equal(disk.reads, 5);
	read_block(f, 20, buf); /* gone: read again, evicting 10 */
	assert_int_equal(disk.reads, 6);
	read_block(f, 10, buf);
	assert_int_equal(disk.reads, 7);
	teardown(f);
}

static void test_writeback_on_eviction(void **state)
{
	struct fixture *f = setup(4);
	u8 buf[BLOCK], data[BLOCK];

	(void)state;
	memset(data, 0xab, sizeof(data));
	assert_int_equal(bcache_write(&f->c, 10 * BSECT, BSECT, data), 0);
	assert_int_equal(disk.reads, 0); /* a whole block needs no read */
	assert_int_equal(disk.writes, 0);
	assert_int_equal(f->c.nr_dirty, 1);
	read_block(f, 20, buf);
	read_block(f, 30, buf);
	read_block(f, 40, buf);
	assert_int_equal(disk.writes, 0);
	read_block(f, 50, buf); /* evicts dirty block 10: written first */
	assert_int_equal(disk.writes, 1);
	assert_memory_equal(disk.data + 10 * BSECT * SECTOR, data, BLOCK);
	assert_int_equal(f->c.nr_dirty, 0);
	read_block(f, 10, buf);
	assert_memory_equal(buf, data, BLOCK);
	teardown(f);
}

static void test_sync_coalesces(void **state)
{
	struct fixture *f = setup(16);
	u8 data[3][BLOCK], sec[SECTOR];

	(void)state;
	for (int i = 0; i < 3; i++)
		memset(data[i], 0x10 + i, BLOCK);
	/* Out of order: the sync writes blocks 3..5 in one call. */
	assert_int_equal(bcache_write(&f->c, 5 * BSECT, BSECT, data[2]), 0);
	assert_int_equal(bcache_write(&f->c, 3 * BSECT, BSECT, data[0]), 0);
	assert_int_equal(bcache_write(&f->c, 4 * BSECT, BSECT, data[1]), 0);
	/* A partial write reads its block first. */
	memset(sec, 0x77, sizeof(sec));
	assert_int_equal(bcache_write(&f->c, 9 * BSECT + 1, 1, sec), 0);
	assert_int_equal(disk.reads, 1);
	assert_int_equal(disk.writes, 0);
	assert_int_equal(bcache_sync(&f->c), 0);
	assert_int_equal(disk.writes, 2);
	assert_int_equal(disk.flushes, 1);
	assert_true(disk.calls[1].write);
	assert_int_equal(disk.calls[1].sector, 3 * BSECT);
	assert_int_equal(disk.calls[1].nr_segs, 3);
	assert_int_equal(disk.calls[2].sector, 9 * BSECT);
	for (int i = 0; i < 3; i++)
		assert_memory_equal(disk.data + (3 + i) * BSECT * SECTOR, data[i], BLOCK);
	assert_memory_equal(disk.data + (9 * BSECT + 1) * SECTOR, sec, SECTOR);
	assert_int_equal(f->c.nr_dirty, 0);
	/* Nothing dirty: sync writes nothing more. */
	assert_int_equal(bcache_sync(&f->c), 0);
	assert_int_equal(disk.writes, 2);
	teardown(f);
}

static void test_readahead_sequential_only(void **state)
{
	struct fixture *f = setup(128);
	u8 buf[SECTOR];

	(void)state;
	/* Random single-sector reads: one block each, no read-ahead. */
	assert_int_equal(bcache_read(&f->c, 100 * BSECT, 1, buf), 0);
	assert_int_equal(bcache_read(&f->c, 50 * BSECT, 1, buf), 0);
	assert_int_equal(bcache_read(&f->c, 200 * BSECT, 1, buf), 0);
	assert_int_equal(f->c.stats.readahead, 0);
	assert_int_equal(disk.reads, 3);
	for (unsigned int i = 0; i < 3; i++)
		assert_int_equal(disk.calls[i].sectors, BSECT);

	/* Sequential sector-by-sector reads from block 0. */
	for (u64 s = 0; s < 2 * BSECT; s++) {
		assert_int_equal(bcache_read(&f->c, s, 1, buf), 0);
		assert_memory_equal(buf, disk.data + s * SECTOR, SECTOR);
	}
	/* Block 0 alone (not yet sequential), then 1 with the window. */
	assert_int_equal(disk.reads, 5);
	assert_int_equal(disk.calls[4].sector, BSECT);
	assert_int_equal(disk.calls[4].sectors, (1 + BCACHE_RA_BLOCKS) * BSECT);
	assert_int_equal(f->c.stats.readahead, BCACHE_RA_BLOCKS);
	/* The read-ahead blocks are hits. */
	for (u64 s = 2 * BSECT; s < (2 + BCACHE_RA_BLOCKS) * BSECT; s += BSECT)
		assert_int_equal(bcache_read(&f->c, s, 1, buf), 0);
	assert_int_equal(disk.reads, 5);
	teardown(f);
}

static void test_large_read_runs_and_bypass(void **state)
{
	struct fixture *f = setup(64);
	u8 *buf = malloc(128 * BLOCK);

	(void)state;
	/* 16 blocks: one fill of 16 segments (no read-ahead: not sequential). */
	assert_int_equal(bcache_read(&f->c, 0, 16 * BSECT, buf), 0);
	assert_int_equal(disk.reads, 1);
	assert_int_equal(disk.calls[0].nr_segs, 16);
	assert_memory_equal(buf, disk.data, 16 * BLOCK);
	/* 100 blocks > half the cache: read around it, one segment. */
	assert_int_equal(bcache_read(&f->c, 100 * BSECT, 100 * BSECT, buf), 0);
	assert_int_equal(disk.reads, 2);
	assert_int_equal(disk.calls[1].nr_segs, 1);
	assert_int_equal(f->c.stats.bypass, 100);
	assert_memory_equal(buf, disk.data + 100 * BSECT * SECTOR, 100 * BLOCK);
	free(buf);
	teardown(f);
}

static void test_no_stale_data(void **state)
{
	struct fixture *f = setup(8);
	u8 *buf = malloc(64 * BLOCK), *expect = malloc(64 * BLOCK);
	u8 data[SECTOR * 3];

	(void)state;
	read_block(f, 3, buf);
	memset(data, 0x5a, sizeof(data));
	/* Partial write into a cached block, then one into an uncached block. */
	assert_int_equal(bcache_write(&f->c, 3 * BSECT + 2, 3, data), 0);
	assert_int_equal(bcache_write(&f->c, 20 * BSECT + 7, 3, data), 0); /* spans 20..21 */
	memcpy(expect, disk.data, 64 * BLOCK);
	memcpy(expect + (3 * BSECT + 2) * SECTOR, data, sizeof(data));
	memcpy(expect + (20 * BSECT + 7) * SECTOR, data, sizeof(data));
	/* A large read (bypass around the dirty blocks) sees the new data. */
	assert_int_equal(bcache_read(&f->c, 0, 64 * BSECT, buf), 0);
	assert_true(f->c.stats.bypass > 0);
	assert_memory_equal(buf, expect, 64 * BLOCK);
	/* Nothing written yet; after sync the disk has it. */
	assert_memory_not_equal(disk.data + 20 * BSECT * SECTOR, expect + 20 * BSECT * SECTOR,
				BLOCK);
	assert_int_equal(bcache_sync(&f->c), 0);
	assert_memory_equal(disk.data, expect, 64 * BLOCK);
	/* Overwrite again and read back through the cache. */
	memset(data, 0xc3, sizeof(data));
	assert_int_equal(bcache_write(&f->c, 3 * BSECT + 2, 3, data), 0);
	assert_int_equal(bcache_read(&f->c, 3 * BSECT + 2, 3, buf), 0);
	assert_memory_equal(buf, data, sizeof(data));
	free(buf);
	free(expect);
	teardown(f);
}

static void test_errors(void **state)
{
	struct fixture *f = setup(8);
	u8 buf[BLOCK];

	(void)state;
	disk.fail = true;
	assert_int_equal(bcache_read(&f->c, 0, BSECT, buf), EIO_FAKE);
	disk.fail = false;
	read_block(f, 0, buf); /* not cached by the failed read */
	assert_int_equal(disk.reads, 1);
	assert_memory_equal(buf, disk.data, BLOCK);
	/* A failed write-back keeps the block dirty. */
	memset(buf, 1, sizeof(buf));
	assert_int_equal(bcache_write(&f->c, 40 * BSECT, BSECT, buf), 0);
	disk.fail = true;
	assert_int_equal(bcache_sync(&f->c), EIO_FAKE);
	assert_int_equal(f->c.nr_dirty, 1);
	disk.fail = false;
	assert_int_equal(bcache_sync(&f->c), 0);
	assert_memory_equal(disk.data + 40 * BSECT * SECTOR, buf, BLOCK);
	/* Out of range. */
	assert_int_equal(bcache_read(&f->c, DISK_SECTORS - 1, 2, buf), BCACHE_EINVAL);
	teardown(f);
}

static void test_drop_clean(void **state)
{
	struct fixture *f = setup(8);
	u8 buf[BLOCK];

	(void)state;
	read_block(f, 1, buf);
	memset(buf, 9, sizeof(buf));
	assert_int_equal(bcache_write(&f->c, 2 * BSECT, BSECT, buf), 0);
	bcache_drop_clean(&f->c);
	read_block(f, 1, buf); /* read again */
	assert_int_equal(disk.reads, 2);
	read_block(f, 2, buf); /* dirty: kept */
	assert_int_equal(disk.reads, 2);
	assert_int_equal(buf[0], 9);
	teardown(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hit_miss),
		cmocka_unit_test(test_lru_order),
		cmocka_unit_test(test_writeback_on_eviction),
		cmocka_unit_test(test_sync_coalesces),
		cmocka_unit_test(test_readahead_sequential_only),
		cmocka_unit_test(test_large_read_runs_and_bypass),
		cmocka_unit_test(test_no_stale_data),
		cmocka_unit_test(test_errors),
		cmocka_unit_test(test_drop_clean),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
