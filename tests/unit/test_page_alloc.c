// SPDX-License-Identifier: GPL-2.0
/*
 * The buddy page allocator on "physical memory" that is an aligned host
 * mapping: physical alignment of every order with a range starting at an
 * odd page and with reserved holes, split/coalesce back to the initial
 * state, exhaustion, bad and double frees, reservations, 1 GiB blocks,
 * the self-check catching corruption, and a randomized stress run against
 * a shadow map.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <avatar/page_alloc.h>
#include "mm/mm_test.h"

#define MIB (1UL << 20)
#define GIB (1UL << 30)

/* One test's fake RAM: [ram, ram + ram_size), managed from ram + 3 pages. */
struct ram {
	uintptr_t map;
	size_t map_size;
	uintptr_t start, end; /* managed range */
	uintptr_t hole[4][2]; /* reserved [start, end) */
	unsigned int nr_holes;
};

static struct ram R;

static int teardown(void **state)
{
	(void)state;
	page_alloc_init();
	if (R.map)
		fake_ram_unmap(R.map, R.map_size);
	memset(&R, 0, sizeof(R));
	mm_printk_quiet = 0;
	return 0;
}

/*
 * Map `map_size` bytes aligned to `align`; manage map + 3 pages ..
 * map + 3 pages + size; reserve the holes given (offsets from map),
 * before adding the range if `reserve_first`.
 */
static void ram_setup(size_t map_size, size_t align, size_t size, bool reserve_first,
		      unsigned int nr_holes, const uintptr_t holes[][2])
{
	page_alloc_init();
	R.map = fake_ram_map(map_size, align);
	R.map_size = map_size;
	R.start = R.map + 3 * PAGE_SIZE;
	R.end = R.start + size;
	assert_true(R.end <= R.map + map_size);
	R.nr_holes = nr_holes;
	for (unsigned int i = 0; i < nr_holes; i++) {
		R.hole[i][0] = R.map + holes[i][0];
		R.hole[i][1] = R.map + holes[i][1];
	}
	if (reserve_first)
		for (unsigned int i = 0; i < nr_holes; i++)
			assert_int_equal(
				page_alloc_reserve(R.hole[i][0], R.hole[i][1] - R.hole[i][0]), 0);
	assert_int_equal(page_alloc_add_range(R.start, size), 0);
	if (!reserve_first)
		for (unsigned int i = 0; i < nr_holes; i++)
			assert_int_equal(
				page_alloc_reserve(R.hole[i][0], R.hole[i][1] - R.hole[i][0]), 0);
	assert_int_equal(page_alloc_check(), 0);
}

/* A 64 MiB range at an odd page with two holes, one not page aligned. */
static const uintptr_t std_holes[2][2] = {
	{5 * MIB + 7 * PAGE_SIZE + 100, 5 * MIB + 10 * PAGE_SIZE - 5},
	{17 * MIB, 18 * MIB + MIB / 2},
};

static void std_setup(bool reserve_first)
{
	ram_setup(128 * MIB, 64 * MIB, 64 * MIB - 8 * PAGE_SIZE, reserve_first, 2, std_holes);
}

static bool in_hole(uintptr_t a, uintptr_t e)
{
	for (unsigned int i = 0; i < R.nr_holes; i++) {
		uintptr_t hs = R.hole[i][0] & ~(PAGE_SIZE - 1);
		uintptr_t he = (R.hole[i][1] + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1);

		if (a < he && hs < e)
			return true;
	}
	return false;
}

static void assert_block_ok(uintptr_t a, unsigned int order)
{
	size_t bytes = PAGE_SIZE << order;

	assert_true(a != 0);
	assert_true((a & (bytes - 1)) == 0); /* physical alignment */
	assert_true(a >= R.start && a + bytes <= R.end);
	assert_false(in_hole(a, a + bytes));
}

static void assert_stats_equal(const struct page_alloc_stats *a, const struct page_alloc_stats *b)
{
	assert_int_equal(a->total_pages, b->total_pages);
	assert_int_equal(a->free_pages, b->free_pages);
	assert_int_equal(a->reserved_pages, b->reserved_pages);
	for (unsigned int o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++)
		assert_int_equal(a->free_blocks[o], b->free_blocks[o]);
}

static int cmp_uintptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Allocate every block of each order, check alignment and overlap, free. */
static void check_every_order(void)
{
	struct page_alloc_stats before, st;
	size_t cap = (R.end - R.start) / PAGE_SIZE;
	uintptr_t *blocks = calloc(cap, sizeof(*blocks));

	assert_non_null(blocks);
	page_alloc_stats(&before);
	for (unsigned int order = 0; order <= PAGE_ALLOC_MAX_ORDER; order++) {
		size_t n = 0;
		uintptr_t a;

		while ((a = alloc_pages(order))) {
			assert_true(n < cap);
			assert_block_ok(a, order);
			blocks[n++] = a;
		}
		/* Nothing that could have served this order is left. */
		page_alloc_stats(&st);
		for (unsigned int o = order; o <= PAGE_ALLOC_MAX_ORDER; o++)
			assert_int_equal(st.free_blocks[o], 0);
		if (order == 0)
			assert_int_equal(n, before.free_pages);
		qsort(blocks, n, sizeof(*blocks), cmp_uintptr);
		for (size_t i = 1; i < n; i++)
			assert_true(blocks[i - 1] + (PAGE_SIZE << order) <= blocks[i]);
		assert_int_equal(page_alloc_check(), 0);
		for (size_t i = 0; i < n; i++)
			assert_int_equal(free_pages(blocks[i], order), 0);
		page_alloc_stats(&st);
		assert_stats_equal(&st, &before);
	}
	assert_int_equal(page_alloc_check(), 0);
	free(blocks);
}

static void test_alignment_every_order(void **state)
{
	(void)state;
	std_setup(true);
	check_every_order();
}

static void test_alignment_reserve_after_add(void **state)
{
	struct page_alloc_stats st;

	(void)state;
	std_setup(false);
	page_alloc_stats(&st);
	/* the first hole touches pages 7..9, the second is 1.5 MiB */
	assert_int_equal(st.reserved_pages, 3 + 384);
	check_every_order();
}

static void test_split_and_coalesce(void **state)
{
	struct page_alloc_stats before, st;
	uintptr_t a[64];

	(void)state;
	std_setup(true);
	page_alloc_stats(&before);
	assert_int_equal(before.free_pages, before.total_pages);

	a[0] = alloc_pages(0);
	assert_block_ok(a[0], 0);
	page_alloc_stats(&st);
	assert_int_equal(st.free_pages, before.free_pages - 1);
	assert_int_equal(st.allocs, 1);
	assert_int_equal(free_pages(a[0], 0), 0);
	page_alloc_stats(&st);
	assert_stats_equal(&st, &before);

	/* Mixed orders, freed in an unrelated order. */
	for (unsigned int i = 0; i < 64; i++) {
		a[i] = alloc_pages(i % 7);
		assert_block_ok(a[i], i % 7);
	}
	for (unsigned int i = 0; i < 64; i++) {
		unsigned int j = (i * 37) % 64;

		assert_int_equal(free_pages(a[j], j % 7), 0);
	}
	page_alloc_stats(&st);
	assert_stats_equal(&st, &before);
	assert_int_equal(st.allocs, 65);
	assert_int_equal(st.frees, 65);
	assert_int_equal(page_alloc_check(), 0);
}

static void test_exhaustion(void **state)
{
	struct page_alloc_stats before, st;
	uintptr_t pages[256];
	size_t n = 0;
	uintptr_t a;

	(void)state;
	ram_setup(2 * MIB, 2 * MIB, MIB, true, 0, NULL);
	page_alloc_stats(&before);
	assert_int_equal(alloc_pages(9), 0); /* larger than the range */
	assert_int_equal(alloc_pages(PAGE_ALLOC_MAX_ORDER + 1), 0);
	while ((a = alloc_pages(0))) {
		assert_true(n < 256);
		assert_block_ok(a, 0);
		pages[n++] = a;
	}
	assert_int_equal(n, before.total_pages);
	page_alloc_stats(&st);
	assert_int_equal(st.free_pages, 0);
	assert_int_equal(st.failed_allocs, 3);
	assert_int_equal(alloc_pages(0), 0);
	page_alloc_stats(&st);
	assert_int_equal(st.failed_allocs, 4);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(free_pages(pages[i], 0), 0);
	page_alloc_stats(&st);
	assert_stats_equal(&st, &before);
	assert_int_equal(page_alloc_check(), 0);
}

static void test_bad_frees(void **state)
{
	struct page_alloc_stats before, st;
	unsigned int msgs;
	uintptr_t a, b;
	int x;

	(void)state;
	std_setup(true);
	a = alloc_pages(2);
	b = alloc_pages(0);
	assert_block_ok(a, 2);
	page_alloc_stats(&before);
	msgs = mm_printk_count;
	mm_printk_quiet = 1;

	assert_int_equal(free_pages(a + 8, 2), MM_EINVAL);	   /* misaligned */
	assert_int_equal(free_pages(a + PAGE_SIZE, 0), MM_EINVAL); /* interior */
	assert_int_equal(free_pages(a + PAGE_SIZE, 1), MM_EINVAL);
	assert_int_equal(free_pages(a, 1), MM_EINVAL); /* wrong order */
	assert_int_equal(free_pages(a, 3), MM_EINVAL);
	assert_int_equal(free_pages(a, 99), MM_EINVAL);
	assert_int_equal(free_pages((uintptr_t)&x & ~(PAGE_SIZE - 1), 0), MM_EINVAL);
	assert_int_equal(free_pages(R.hole[1][0], 0), MM_EINVAL); /* reserved */
	assert_int_equal(free_pages(0, 0), MM_EINVAL);
	assert_int_equal(free_pages(R.end - PAGE_SIZE * 200, 0), MM_EINVAL); /* free page */

	mm_printk_quiet = 0;
	assert_int_equal(mm_printk_count - msgs, 10);
	page_alloc_stats(&st);
	assert_int_equal(st.bad_frees, 10);
	assert_int_equal(st.free_pages, before.free_pages);
	assert_int_equal(page_alloc_check(), 0);

	assert_int_equal(free_pages(a, 2), 0);
	mm_printk_quiet = 1;
	assert_int_equal(free_pages(a, 2), MM_EINVAL); /* double free */
	mm_printk_quiet = 0;
	assert_int_equal(free_pages(b, 0), 0);
	mm_printk_quiet = 1;
	assert_int_equal(free_pages(b, 0), MM_EINVAL); /* after merging */
	mm_printk_quiet = 0;
	page_alloc_stats(&st);
	assert_int_equal(st.bad_frees, 12);
	assert_int_equal(st.free_pages, st.total_pages);
	assert_int_equal(page_alloc_check(), 0);
	check_every_order(); /* the lists still work */
}

static void test_reserve(void **state)
{
	struct page_alloc_stats before, st;
	uintptr_t a, hs, he;

	(void)state;
	std_setup(true);
	a = alloc_pages(0);
	page_alloc_stats(&before);

	/* A range holding an allocated page is refused and nothing changes. */
	mm_printk_quiet = 1;
	assert_int_equal(page_alloc_reserve(a - PAGE_SIZE, 3 * PAGE_SIZE), MM_EBUSY);
	mm_printk_quiet = 0;
	page_alloc_stats(&st);
	assert_stats_equal(&st, &before);

	/* Carving 10 pages out of the free lists, twice (idempotent). */
	hs = R.start + 40 * MIB + 5 * PAGE_SIZE;
	he = hs + 10 * PAGE_SIZE;
	assert_int_equal(page_alloc_reserve(hs, he - hs), 0);
	assert_int_equal(page_alloc_reserve(hs + PAGE_SIZE, PAGE_SIZE), 0);
	page_alloc_stats(&st);
	assert_int_equal(st.free_pages, before.free_pages - 10);
	assert_int_equal(st.total_pages, before.total_pages - 10);
	assert_int_equal(st.reserved_pages, before.reserved_pages + 10);
	assert_int_equal(page_alloc_check(), 0);
	assert_int_equal(page_alloc_reserve(0, 0), 0);

	assert_int_equal(free_pages(a, 0), 0);
	R.hole[R.nr_holes][0] = hs;
	R.hole[R.nr_holes][1] = he;
	R.nr_holes++;
	check_every_order();
}

/*
 * A reservation far outside RAM (e.g. garbage from a bad device tree) is
 * remembered or refused at once: it must not walk its pages one by one
 * (2^48 pages here would never finish) and must not touch RAM.
 */
static void test_reserve_far_outside_ram(void **state)
{
	struct page_alloc_stats before, st;
	uintptr_t far;

	(void)state;
	std_setup(true);
	far = (R.end + (1ULL << 40)) & ~(uintptr_t)(PAGE_SIZE - 1);
	page_alloc_stats(&before);
	mm_printk_quiet = 1;
	page_alloc_reserve(far, (size_t)1 << 60);
	mm_printk_quiet = 0;
	page_alloc_stats(&st);
	assert_int_equal(st.free_pages, before.free_pages);
	assert_int_equal(st.total_pages, before.total_pages);
	assert_int_equal(page_alloc_check(), 0);
}

static void test_multiple_ranges(void **state)
{
	struct page_alloc_stats st;
	uintptr_t second;
	size_t n = 0;
	uintptr_t a;

	(void)state;
	ram_setup(16 * MIB, 8 * MIB, 4 * MIB, true, 0, NULL);
	second = R.map + 8 * MIB + 5 * PAGE_SIZE;
	assert_int_equal(page_alloc_add_range(second, 2 * MIB), 0);
	assert_int_equal(page_alloc_add_range(second + MIB, MIB), MM_EEXIST);
	assert_int_equal(page_alloc_add_range(R.start - PAGE_SIZE, 2 * PAGE_SIZE), MM_EEXIST);
	assert_int_equal(page_alloc_add_range(R.map + 12 * MIB, PAGE_SIZE), MM_EINVAL);
	assert_int_equal(page_alloc_add_range(R.map + 12 * MIB + 1, PAGE_SIZE), MM_EINVAL);
	page_alloc_stats(&st);
	assert_int_equal(st.nr_ranges, 2);
	assert_int_equal(page_alloc_check(), 0);

	/* Every page of both ranges can be had, each aligned. */
	while ((a = alloc_pages(0))) {
		assert_true((a >= R.start && a < R.end) || (a >= second && a < second + 2 * MIB));
		n++;
	}
	assert_int_equal(n, st.total_pages);
	page_alloc_init();
}

static void test_lookup_and_tags(void **state)
{
	uintptr_t a, head;
	unsigned int order;
	enum page_tag tag;

	(void)state;
	std_setup(true);
	a = alloc_pages_tagged(3, PAGE_TAG_KMALLOC);
	assert_block_ok(a, 3);
	assert_int_equal(page_alloc_lookup(a + 5 * PAGE_SIZE + 17, &head, &order, &tag), 0);
	assert_int_equal(head, a);
	assert_int_equal(order, 3);
	assert_int_equal(tag, PAGE_TAG_KMALLOC);
	assert_int_equal(page_alloc_lookup(a + 8 * PAGE_SIZE, NULL, NULL, NULL), MM_EINVAL);
	assert_int_equal(page_alloc_lookup(R.hole[1][0], NULL, NULL, NULL), MM_EINVAL);
	assert_int_equal(free_pages(a, 3), 0);
	assert_int_equal(page_alloc_lookup(a, NULL, NULL, NULL), MM_EINVAL);
	a = alloc_pages(3);
	assert_int_equal(page_alloc_lookup(a, NULL, NULL, &tag), 0);
	assert_int_equal(tag, PAGE_TAG_NONE);
}

/*
 * 1 GiB blocks: a 2 GiB range starting 3 pages past a 1 GiB boundary,
 * with a "kernel image" reserved near its start. Reserving first lets the
 * metadata go next to the image, so the one aligned GiB stays whole.
 */
static void test_gigabyte_blocks(void **state)
{
	static const uintptr_t kernel[1][2] = {{16 * MIB, 17 * MIB}};
	uintptr_t g, m;

	(void)state;
	ram_setup(3 * GIB, GIB, 2 * GIB, true, 1, kernel);
	g = alloc_pages(PAGE_ORDER_1G);
	assert_int_equal(g, R.map + GIB);
	assert_int_equal(alloc_pages(PAGE_ORDER_1G), 0);
	m = alloc_pages(PAGE_ORDER_2M);
	assert_block_ok(m, PAGE_ORDER_2M);
	assert_int_equal(free_pages(g, PAGE_ORDER_1G), 0);
	assert_int_equal(free_pages(m, PAGE_ORDER_2M), 0);
	assert_int_equal(page_alloc_check(), 0);
}

/*
 * The self-check is not vacuous: flip the state of an allocated page in
 * the metadata (layout mirrored from struct pa_page) and it complains.
 */
struct pa_page_mirror {
	uint32_t next, prev;
	uint8_t state, order, tag, unused;
};

static void test_check_detects_corruption(void **state)
{
	struct page_alloc_stats st;
	struct pa_page_mirror *meta, saved;
	uintptr_t a, meta_addr = 0;
	uint8_t *seen;
	size_t npages, idx;

	(void)state;
	ram_setup(2 * MIB, 2 * MIB, MIB, true, 0, NULL); /* 256 pages: 1 of metadata */
	npages = (R.end - R.start) / PAGE_SIZE;
	seen = calloc(npages, 1);
	assert_non_null(seen);
	/* The metadata is the one page never handed out. */
	while ((a = alloc_pages(0)))
		seen[(a - R.start) / PAGE_SIZE] = 1;
	page_alloc_stats(&st);
	assert_int_equal(st.meta_pages, 1);
	for (size_t i = 0; i < npages; i++)
		if (!seen[i])
			meta_addr = R.start + i * PAGE_SIZE;
	assert_true(meta_addr != 0);
	meta = (struct pa_page_mirror *)meta_addr;
	idx = meta_addr == R.start ? 1 : 0;
	assert_int_equal(meta[idx].state, 2 /* PA_ALLOC */);
	assert_int_equal(page_alloc_check(), 0);

	saved = meta[idx];
	meta[idx].state = 1; /* PA_FREE, but on no list */
	mm_printk_quiet = 1;
	assert_int_equal(page_alloc_check(), MM_EINVAL);
	meta[idx] = saved;
	meta[idx].order = 1; /* claims its neighbour */
	assert_int_equal(page_alloc_check(), MM_EINVAL);
	meta[idx] = saved;
	meta[idx].state = 0; /* an orphan tail */
	assert_int_equal(page_alloc_check(), MM_EINVAL);
	mm_printk_quiet = 0;
	meta[idx] = saved;
	assert_int_equal(page_alloc_check(), 0);
	free(seen);
}

/* --- randomized stress ---------------------------------------------------- */

static uint64_t rng = 0x9e3779b97f4a7c15ULL;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

struct live {
	uintptr_t addr;
	unsigned int order;
};

static void test_random_stress(void **state)
{
	enum { OPS = 40000, MAX_LIVE = 2048 };
	struct page_alloc_stats before, st;
	struct live *live = calloc(MAX_LIVE, sizeof(*live));
	size_t npages = 0, nlive = 0, fails = 0;
	uint8_t *shadow;

	(void)state;
	std_setup(true);
	npages = (R.end - R.start) / PAGE_SIZE;
	shadow = calloc(npages, 1);
	assert_non_null(shadow);
	assert_non_null(live);
	page_alloc_stats(&before);

	for (unsigned int op = 0; op < OPS; op++) {
		bool do_free = nlive == MAX_LIVE || (nlive > 0 && rnd() % 100 < 48);

		if (do_free) {
			size_t i = rnd() % nlive;
			size_t first = (live[i].addr - R.start) / PAGE_SIZE;

			for (size_t p = 0; p < ((size_t)1 << live[i].order); p++) {
				assert_int_equal(shadow[first + p], 1);
				shadow[first + p] = 0;
			}
			assert_int_equal(free_pages(live[i].addr, live[i].order), 0);
			live[i] = live[--nlive];
		} else {
			/* mostly small orders, sometimes up to 2 MiB and beyond */
			unsigned int order = rnd() % 100 < 85 ? rnd() % 4 : rnd() % 12;
			uintptr_t a = alloc_pages(order);
			size_t first;

			if (!a) {
				fails++;
				continue;
			}
			assert_block_ok(a, order);
			first = (a - R.start) / PAGE_SIZE;
			for (size_t p = 0; p < ((size_t)1 << order); p++) {
				assert_int_equal(shadow[first + p], 0); /* no overlap */
				shadow[first + p] = 1;
			}
			live[nlive++] = (struct live){a, order};
		}
		if (op % 2000 == 0)
			assert_int_equal(page_alloc_check(), 0);
	}
	page_alloc_stats(&st);
	assert_int_equal(st.failed_allocs, fails);
	while (nlive) {
		nlive--;
		assert_int_equal(free_pages(live[nlive].addr, live[nlive].order), 0);
	}
	page_alloc_stats(&st);
	assert_int_equal(st.free_pages, st.total_pages); /* no leak */
	assert_stats_equal(&st, &before);		 /* fully coalesced */
	assert_int_equal(page_alloc_check(), 0);
	free(shadow);
	free(live);
}

static void test_order_for(void **state)
{
	(void)state;
	assert_int_equal(page_order_for(0), 0);
	assert_int_equal(page_order_for(1), 0);
	assert_int_equal(page_order_for(PAGE_SIZE), 0);
	assert_int_equal(page_order_for(PAGE_SIZE + 1), 1);
	assert_int_equal(page_order_for(2 * MIB), PAGE_ORDER_2M);
	assert_int_equal(page_order_for(GIB), PAGE_ORDER_1G);
	assert_int_equal(page_order_for(GIB + 1), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_for),
		cmocka_unit_test(test_reserve_far_outside_ram),
		cmocka_unit_test_teardown(test_alignment_every_order, teardown),
		cmocka_unit_test_teardown(test_alignment_reserve_after_add, teardown),
		cmocka_unit_test_teardown(test_split_and_coalesce, teardown),
		cmocka_unit_test_teardown(test_exhaustion, teardown),
		cmocka_unit_test_teardown(test_bad_frees, teardown),
		cmocka_unit_test_teardown(test_reserve, teardown),
		cmocka_unit_test_teardown(test_multiple_ranges, teardown),
		cmocka_unit_test_teardown(test_lookup_and_tags, teardown),
		cmocka_unit_test_teardown(test_gigabyte_blocks, teardown),
		cmocka_unit_test_teardown(test_check_detects_corruption, teardown),
		cmocka_unit_test_teardown(test_random_stress, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
