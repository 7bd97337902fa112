// SPDX-License-Identifier: GPL-2.0
/*
 * Block I/O self tests: a thread waiting for the disk sleeps (a
 * lower-priority thread on its CPU makes progress during a large read),
 * and the SIMD bulk copy of the buffer cache copies exactly.
 */
#include <avatar/blkdev.h>
#include <avatar/page_alloc.h>
#include <avatar/string.h>
#include <avatar/thread.h>

#include "selftest.h"

#define IO_ORDER	10 /* a 4 MiB read */
#define IO_BYTES	(4096u << IO_ORDER)
#define IO_SEGS		(IO_BYTES / 4096u)
#define IO_SEGS_PER_REQ 64
#define SPINNER_PRIO	20 /* below the test's SELFTEST_PRIO */

/* --- blk_progress: the reader sleeps, a lower-priority thread runs ------ */

static volatile bool spin_stop;
static volatile u64 spin_count;

static int spinner(void *arg)
{
	(void)arg;
	while (!spin_stop) /* never yields: it runs only when the reader sleeps */
		spin_count++;
	return 0;
}

const char *test_blk_progress(void)
{
	static struct blk_seg segs[IO_SEGS];
	struct blkdev *dev = blkdev_lookup("vda");
	uintptr_t pa = alloc_pages(IO_ORDER);
	u8 *buf = pa ? pa_to_va(pa) : NULL;
	struct thread *t;
	u64 before, after;
	unsigned int n;
	int err = 0;

	if (!dev || dev->nr_sectors < IO_BYTES / BLK_SECTOR_SIZE)
		return st_skip("no disk vda of at least %u KiB", IO_BYTES / 1024);
	if (!buf)
		return st_fail("no memory for a %u KiB buffer", IO_BYTES / 1024);
	for (unsigned int i = 0; i < IO_SEGS; i++)
		segs[i] = (struct blk_seg){buf + i * 4096u, 4096u};
	spin_stop = false;
	spin_count = 0;
	/* Same CPU, lower priority: it cannot run while this thread is runnable. */
	t = thread_create("st-spin", spinner, NULL, SPINNER_PRIO,
			  CPUMASK_CPU(thread_current()->cpu));
	if (!t) {
		free_pages(pa, IO_ORDER);
		return st_fail("cannot create the spinning thread");
	}
	before = spin_count;
	/*
	 * One request at a time, so the thread waits in blk_wait_for() (not
	 * for room in the queue, which a request of 254 segments fills).
	 */
	for (unsigned int done = 0; done < IO_SEGS && !err; done += n) {
		n = MIN(IO_SEGS - done, MIN(dev->max_segs, IO_SEGS_PER_REQ));
		err = blk_rw(dev, BLK_OP_READ, (u64)done * (4096u / BLK_SECTOR_SIZE), segs + done,
			     n);
	}
	after = spin_count;
	spin_stop = true;
	thread_join(t, NULL);
	free_pages(pa, IO_ORDER);
	if (err)
		return st_fail("reading %u KiB of vda: %s", IO_BYTES / 1024, blk_strerror(err));
	if (after == before)
		return st_fail("no progress of a lower-priority thread during the read: "
			       "the reader did not sleep");
	return NULL;
}

/* --- memcpy_bulk: every size and alignment around the SIMD grain --------- */

#define COPY_MAX   (3 * 4096 + 200)
#define COPY_GUARD 64

static u8 copy_src[COPY_MAX + 2 * COPY_GUARD], copy_dst[COPY_MAX + 2 * COPY_GUARD];

static const char *check_copy(size_t n, size_t soff, size_t doff)
{
	for (size_t i = 0; i < sizeof(copy_src); i++) {
		copy_src[i] = (u8)(i * 7 + n);
		copy_dst[i] = 0xa5;
	}
	if (memcpy_bulk(copy_dst + COPY_GUARD + doff, copy_src + COPY_GUARD + soff, n) !=
	    copy_dst + COPY_GUARD + doff)
		return st_fail("memcpy_bulk(%zu bytes) did not return dst", n);
	for (size_t i = 0; i < sizeof(copy_dst); i++) {
		bool inside = i >= COPY_GUARD + doff && i < COPY_GUARD + doff + n;
		u8 want = inside ? copy_src[i - doff + soff] : 0xa5;

		if (copy_dst[i] != want)
			return st_fail("memcpy_bulk(%zu bytes, src +%zu, dst +%zu): byte %zu is "
				       "0x%02x, expected 0x%02x",
				       n, soff, doff, i, copy_dst[i], want);
	}
	return NULL;
}

const char *test_memcpy_bulk(void)
{
	static const size_t sizes[] = {0,   1,	 63,   64,   255,  256,	 257,	319,	 320,
				       511, 512, 4096, 4160, 8191, 8192, 12288, COPY_MAX};
	const char *fail;

	for (unsigned int i = 0; i < ARRAY_SIZE(sizes); i++)
		for (size_t soff = 0; soff < 16; soff += 5)
			for (size_t doff = 0; doff < 16; doff += 3)
				if ((fail = check_copy(sizes[i], soff, doff)))
					return fail;
	return NULL;
}
