// SPDX-License-Identifier: GPL-2.0
/*
 * Slab caches and kmalloc over the buddy allocator on fake RAM: object
 * alignment, reuse, empty slabs going back to the page allocator, every
 * kmalloc size from 1 to 8192, large blocks, bad and double frees, free
 * list corruption, statistics, and two threads hammering kmalloc.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <avatar/page_alloc.h>
#include <avatar/slab.h>
#include "mm/mm_test.h"

#define MIB	 (1UL << 20)
#define RAM_SIZE (256 * MIB)

static uintptr_t ram;

static size_t free_pages_now(void)
{
	struct page_alloc_stats st;

	page_alloc_stats(&st);
	return st.free_pages;
}

static int setup(void **state)
{
	struct kmem_cache *c;

	(void)state;
	page_alloc_init();
	ram = fake_ram_map(RAM_SIZE, 2 * MIB);
	/* at an odd page, as RAM after a kernel image would be */
	if (page_alloc_add_range(ram + 3 * PAGE_SIZE, RAM_SIZE - 4 * PAGE_SIZE))
		return -1;
	slab_init();
	/* Give the cache of caches its slab, so page counts below are stable. */
	c = kmem_cache_create("warm-up", 8, 0);
	if (!c || kmem_cache_destroy(c))
		return -1;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	mm_printk_quiet = 0;
	page_alloc_init();
	fake_ram_unmap(ram, RAM_SIZE);
	return 0;
}

static void assert_all_consistent(void)
{
	assert_int_equal(slab_check(), 0);
	assert_int_equal(page_alloc_check(), 0);
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Sorted, the blocks [p, p + size) must not overlap. */
static void assert_disjoint(uintptr_t *p, size_t n, size_t size)
{
	qsort(p, n, sizeof(*p), cmp_ptr);
	for (size_t i = 1; i < n; i++)
		assert_true(p[i - 1] + size <= p[i]);
}

static void test_cache_alignment(void **state)
{
	static const struct {
		size_t size, align;
	} shapes[] = {
		{1, 0},	   {7, 8},	 {24, 16},    {100, 64},  {200, 128},
		{3000, 0}, {4096, 4096}, {5000, 512}, {24, 2048},
	};
	size_t before = free_pages_now();

	(void)state;
	for (size_t k = 0; k < sizeof(shapes) / sizeof(shapes[0]); k++) {
		struct kmem_cache *c = kmem_cache_create("shape", shapes[k].size, shapes[k].align);
		size_t align = shapes[k].align ? shapes[k].align : sizeof(void *);
		struct kmem_cache_stats st;
		uintptr_t *objs;
		size_t n;

		assert_non_null(c);
		kmem_cache_stats(c, &st);
		assert_true(st.objs_per_slab >= 1);
		assert_true(st.stride >= shapes[k].size);
		n = 3 * st.objs_per_slab + 1;
		objs = calloc(n, sizeof(*objs));
		for (size_t i = 0; i < n; i++) {
			objs[i] = (uintptr_t)kmem_cache_alloc(c);
			assert_true(objs[i] != 0);
			assert_true((objs[i] & (align - 1)) == 0);
			memset((void *)objs[i], (int)i, shapes[k].size);
		}
		for (size_t i = 0; i < n; i++) /* nothing overwrote anything */
			for (size_t b = 0; b < shapes[k].size; b++)
				assert_int_equal(((unsigned char *)objs[i])[b], (unsigned char)i);
		kmem_cache_stats(c, &st);
		assert_int_equal(st.in_use, n);
		assert_int_equal(st.slabs, 4);
		assert_all_consistent();
		for (size_t i = 0; i < n; i++)
			assert_int_equal(kmem_cache_free(c, (void *)objs[i]), 0);
		assert_disjoint(objs, n, shapes[k].size);
		assert_int_equal(kmem_cache_destroy(c), 0);
		free(objs);
	}
	assert_int_equal(free_pages_now(), before);
	assert_all_consistent();
}

static void test_reuse(void **state)
{
	struct kmem_cache *c = kmem_cache_create("reuse", 48, 16);
	void *a, *b, *a2;

	(void)state;
	a = kmem_cache_alloc(c);
	b = kmem_cache_alloc(c);
	assert_ptr_not_equal(a, b);
	assert_int_equal(kmem_cache_free(c, a), 0);
	a2 = kmem_cache_alloc(c);
	assert_ptr_equal(a2, a); /* the object just freed is reused */
	assert_int_equal(kmem_cache_free(c, a2), 0);
	assert_int_equal(kmem_cache_free(c, b), 0);
	a = kmem_cache_zalloc(c);
	for (size_t i = 0; i < 48; i++)
		assert_int_equal(((unsigned char *)a)[i], 0);
	assert_int_equal(kmem_cache_free(c, a), 0);
	assert_int_equal(kmem_cache_destroy(c), 0);
}

static void test_empty_slabs_return(void **state)
{
	size_t before = free_pages_now();
	struct kmem_cache *c = kmem_cache_create("ret", 256, 0);
	struct kmem_cache_stats st;
	void **objs;
	size_t n, per, slab_pages;

	(void)state;
	kmem_cache_stats(c, &st);
	per = st.objs_per_slab;
	slab_pages = (size_t)1 << st.slab_order;
	assert_int_equal(st.slabs, 0);
	n = 5 * per;
	objs = calloc(n, sizeof(*objs));
	for (size_t i = 0; i < n; i++)
		objs[i] = kmem_cache_alloc(c);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.slabs, 5);
	assert_int_equal(free_pages_now(), before - 5 * slab_pages);

	/* Empty one slab: kept as the spare. Empty another: goes back. */
	for (size_t i = 0; i < per; i++)
		assert_int_equal(kmem_cache_free(c, objs[i]), 0);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.slabs, 5);
	for (size_t i = per; i < 2 * per; i++)
		assert_int_equal(kmem_cache_free(c, objs[i]), 0);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.slabs, 4);
	assert_int_equal(free_pages_now(), before - 4 * slab_pages);

	for (size_t i = 2 * per; i < n; i++)
		assert_int_equal(kmem_cache_free(c, objs[i]), 0);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.slabs, 1);
	assert_int_equal(st.in_use, 0);
	assert_int_equal(free_pages_now(), before - slab_pages);
	kmem_cache_shrink(c);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.slabs, 0);
	assert_int_equal(free_pages_now(), before);
	assert_all_consistent();
	assert_int_equal(kmem_cache_destroy(c), 0);
	assert_int_equal(free_pages_now(), before);
	free(objs);
}

static void test_kmalloc_every_size(void **state)
{
	enum { N = 8192 };
	uintptr_t *p = calloc(N + 1, sizeof(*p));
	uintptr_t *sorted = calloc(N + 1, sizeof(*sorted));
	size_t before = free_pages_now();

	(void)state;
	assert_null(kmalloc(0));
	for (size_t size = 1; size <= N; size++) {
		size_t cls = size <= KMALLOC_MIN_SIZE ? KMALLOC_MIN_SIZE : 1;

		while (cls < size)
			cls <<= 1;
		p[size] = (uintptr_t)kmalloc(size);
		assert_true(p[size] != 0);
		assert_true(ksize((void *)p[size]) >= size);
		/* natural alignment of the class; large blocks page aligned */
		assert_true((p[size] & ((cls < PAGE_SIZE ? cls : PAGE_SIZE) - 1)) == 0);
		memset((void *)p[size], (int)(size & 0xff), size);
	}
	for (size_t size = 1; size <= N; size++) {
		const unsigned char *b = (const unsigned char *)p[size];

		for (size_t i = 0; i < size; i += 7)
			assert_int_equal(b[i], (unsigned char)(size & 0xff));
		assert_int_equal(b[size - 1], (unsigned char)(size & 0xff));
	}
	/* No two live blocks overlap (sorted by address, each with its size). */
	for (size_t size = 1; size <= N; size++)
		sorted[size - 1] = p[size];
	qsort(sorted, N, sizeof(*sorted), cmp_ptr);
	for (size_t i = 1; i < N; i++) {
		size_t sz = ksize((void *)sorted[i - 1]);

		assert_true(sorted[i - 1] + sz <= sorted[i]);
	}
	assert_all_consistent();

	for (size_t i = 0; i < N; i++) { /* free in a scrambled order */
		size_t size = 1 + (i * 4099) % N;

		assert_int_equal(kfree((void *)p[size]), 0);
	}
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size <<= 1) {
		struct kmem_cache_stats st;

		kmem_cache_stats(kmalloc_cache(size), &st);
		assert_int_equal(st.in_use, 0);
		kmem_cache_shrink(kmalloc_cache(size));
	}
	assert_int_equal(free_pages_now(), before);
	assert_all_consistent();
	free(p);
	free(sorted);
}

static void test_kmalloc_classes(void **state)
{
	(void)state;
	assert_string_equal(kmem_cache_name(kmalloc_cache(1)), "kmalloc-16");
	assert_string_equal(kmem_cache_name(kmalloc_cache(16)), "kmalloc-16");
	assert_string_equal(kmem_cache_name(kmalloc_cache(17)), "kmalloc-32");
	assert_string_equal(kmem_cache_name(kmalloc_cache(1024)), "kmalloc-1024");
	assert_string_equal(kmem_cache_name(kmalloc_cache(2048)), "kmalloc-2048");
	assert_null(kmalloc_cache(2049));

	/* Slab geometry: at most 1/8 of each kmalloc slab is overhead. */
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size <<= 1) {
		struct kmem_cache_stats st;
		size_t bytes;

		kmem_cache_stats(kmalloc_cache(size), &st);
		bytes = PAGE_SIZE << st.slab_order;
		assert_int_equal(st.stride, size);
		assert_int_equal(st.align, size);
		assert_true((bytes - st.objs_per_slab * size) * 8 <= bytes);
		assert_true(st.slab_order <= SLAB_MAX_ORDER);
	}
}

static void test_kfree_large(void **state)
{
	size_t before = free_pages_now();
	struct page_alloc_stats pst;
	unsigned int msgs;
	char *p, *q;

	(void)state;
	p = kmalloc(100000); /* 25 pages: an order-5 block */
	assert_non_null(p);
	assert_true(((uintptr_t)p & (PAGE_SIZE - 1)) == 0);
	assert_int_equal(ksize(p), 32 * PAGE_SIZE);
	assert_int_equal(free_pages_now(), before - 32);
	memset(p, 0xa5, 100000);
	q = kzalloc(3 * PAGE_SIZE);
	for (size_t i = 0; i < 3 * PAGE_SIZE; i++)
		assert_int_equal(q[i], 0);

	msgs = mm_printk_count;
	mm_printk_quiet = 1;
	assert_int_equal(kfree(p + 8), MM_EINVAL); /* interior */
	assert_int_equal(kfree(p + PAGE_SIZE), MM_EINVAL);
	mm_printk_quiet = 0;
	assert_int_equal(mm_printk_count - msgs, 2);
	assert_int_equal(free_pages_now(), before - 36);

	assert_int_equal(kfree(p), 0);
	assert_int_equal(kfree(q), 0);
	assert_int_equal(free_pages_now(), before);
	mm_printk_quiet = 1;
	assert_int_equal(kfree(p), MM_EINVAL); /* double */
	mm_printk_quiet = 0;
	assert_int_equal(kfree(NULL), 0);
	assert_null(kmalloc((size_t)4 << 30)); /* beyond 1 GiB */
	page_alloc_stats(&pst);
	assert_int_equal(pst.free_pages, before);
	assert_all_consistent();
}

static void test_bad_frees(void **state)
{
	struct kmem_cache *c = kmem_cache_create("bad", 64, 0);
	struct kmem_cache *other = kmem_cache_create("other", 64, 0);
	struct kmem_cache_stats st;
	unsigned int msgs = mm_printk_count;
	uintptr_t objs[64], pages;
	char *k, *o;
	int local;

	(void)state;
	o = kmem_cache_alloc(c);
	k = kmalloc(100);
	pages = alloc_pages(0);
	mm_printk_quiet = 1;
	assert_int_equal(kmem_cache_free(c, o + 1), MM_EINVAL); /* inside */
	assert_int_equal(kmem_cache_free(other, o), MM_EINVAL); /* wrong cache */
	assert_int_equal(kmem_cache_free(c, k), MM_EINVAL);	/* kmalloc'd */
	assert_int_equal(kfree(k + 4), MM_EINVAL);
	assert_int_equal(kfree(&local), MM_EINVAL);	   /* not ours */
	assert_int_equal(kfree((void *)pages), MM_EINVAL); /* plain pages */
	assert_int_equal(kfree((void *)(ram + 4 * PAGE_SIZE)), MM_EINVAL);
	assert_int_equal(kmem_cache_free(c, o), 0);
	assert_int_equal(kmem_cache_free(c, o), MM_EINVAL); /* double */
	assert_int_equal(kfree(k), 0);
	assert_int_equal(kfree(k), MM_EINVAL); /* double */
	mm_printk_quiet = 0;
	assert_int_equal(mm_printk_count - msgs, 9);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.bad_frees, 3);
	assert_int_equal(st.in_use, 0);
	assert_int_equal(free_pages(pages, 0), 0);
	assert_all_consistent();

	/* The free list is intact: a slab's worth of distinct objects. */
	for (size_t i = 0; i < 64; i++) {
		objs[i] = (uintptr_t)kmem_cache_alloc(c);
		assert_true(objs[i] != 0);
	}
	assert_disjoint(objs, 64, 64);
	for (size_t i = 0; i < 64; i++)
		assert_int_equal(kmem_cache_free(c, (void *)objs[i]), 0);
	assert_int_equal(kmem_cache_destroy(c), 0);
	assert_int_equal(kmem_cache_destroy(other), 0);
	assert_all_consistent();
}

/* A use-after-free that overwrites a free-list link is caught on reuse. */
static void test_freelist_corruption(void **state)
{
	struct kmem_cache *c = kmem_cache_create("uaf", 32, 0);
	uintptr_t objs[8];
	unsigned int msgs;
	void *a;

	(void)state;
	a = kmem_cache_alloc(c);
	objs[0] = (uintptr_t)kmem_cache_alloc(c);
	assert_int_equal(kmem_cache_free(c, a), 0);
	*(uintptr_t *)a = 0xdeadbeef; /* the bug */
	msgs = mm_printk_count;
	mm_printk_quiet = 1;
	assert_ptr_equal(kmem_cache_alloc(c), a);
	objs[1] = (uintptr_t)a;
	for (size_t i = 2; i < 8; i++) {
		objs[i] = (uintptr_t)kmem_cache_alloc(c);
		assert_true(objs[i] != 0 && objs[i] != 0xdeadbeef);
	}
	mm_printk_quiet = 0;
	assert_int_equal(mm_printk_count - msgs, 1);
	assert_disjoint(objs, 8, 32);
	assert_all_consistent();
	for (size_t i = 0; i < 8; i++)
		assert_int_equal(kmem_cache_free(c, (void *)objs[i]), 0);
	assert_int_equal(kmem_cache_destroy(c), 0);
}

static void test_stats_and_destroy(void **state)
{
	struct kmem_cache *c = kmem_cache_create("a-rather-long-cache-name-indeed", 40, 8);
	struct kmem_cache_stats st;
	void *p[10];

	(void)state;
	assert_string_equal(kmem_cache_name(c), "a-rather-long-cache-nam");
	for (int i = 0; i < 10; i++)
		p[i] = kmem_cache_alloc(c);
	for (int i = 0; i < 4; i++)
		kmem_cache_free(c, p[i]);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.obj_size, 40);
	assert_int_equal(st.stride, 40);
	assert_int_equal(st.allocs, 10);
	assert_int_equal(st.frees, 4);
	assert_int_equal(st.in_use, 6);
	assert_int_equal(st.slabs, 1);
	assert_int_equal(st.failed_allocs, 0);
	mm_printk_quiet = 1;
	assert_int_equal(kmem_cache_destroy(c), MM_EBUSY);
	assert_int_equal(kmem_cache_destroy(kmalloc_cache(64)), MM_EINVAL);
	mm_printk_quiet = 0;
	for (int i = 4; i < 10; i++)
		kmem_cache_free(c, p[i]);
	assert_int_equal(kmem_cache_destroy(c), 0);

	mm_printk_quiet = 1;
	assert_null(kmem_cache_create("zero", 0, 0));
	assert_null(kmem_cache_create("align3", 16, 3));
	assert_null(kmem_cache_create("align8k", 16, 8192));
	assert_null(kmem_cache_create("huge", 1 << 20, 0));
	mm_printk_quiet = 0;
	assert_all_consistent();
}

static void test_out_of_memory(void **state)
{
	struct kmem_cache *c = kmem_cache_create("oom", 2000, 0);
	struct kmem_cache_stats st;
	uintptr_t hog[256];
	size_t nhog = 0, n = 0;
	void **objs = calloc(RAM_SIZE / 2000, sizeof(*objs));
	uintptr_t a;

	(void)state;
	/* Take all memory in big blocks, then the cache cannot grow. */
	for (int order = PAGE_ALLOC_MAX_ORDER; order >= 0; order--)
		while ((a = alloc_pages(order))) {
			assert_true(nhog < 256);
			hog[nhog++] = a | (uintptr_t)order;
		}
	assert_null(kmem_cache_alloc(c));
	assert_null(kmalloc(64 * 1024));
	kmem_cache_stats(c, &st);
	assert_int_equal(st.failed_allocs, 1);
	for (size_t i = 0; i < nhog; i++)
		free_pages(hog[i] & ~(PAGE_SIZE - 1), hog[i] & (PAGE_SIZE - 1));
	while ((objs[n] = kmem_cache_alloc(c)))
		n++;
	assert_true(n > 1000);
	kmem_cache_stats(c, &st);
	assert_int_equal(st.failed_allocs, 2);
	assert_all_consistent();
	while (n)
		assert_int_equal(kmem_cache_free(c, objs[--n]), 0);
	assert_int_equal(kmem_cache_destroy(c), 0);
	free(objs);
}

/* --- two threads ---------------------------------------------------------- */

static void *hammer(void *arg)
{
	uint64_t x = (uintptr_t)arg;
	void *live[256] = {0};
	size_t sizes[256] = {0};

	for (int op = 0; op < 30000; op++) {
		unsigned int i;

		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		i = x % 256;
		if (live[i]) {
			const unsigned char *b = live[i];

			if (b[0] != (unsigned char)i || b[sizes[i] - 1] != (unsigned char)i)
				return (void *)1; /* someone else wrote into it */
			if (kfree(live[i]))
				return (void *)1;
			live[i] = NULL;
		} else {
			sizes[i] = 1 + (x >> 20) % (x & 0x100 ? 3000 : 200);
			live[i] = kmalloc(sizes[i]);
			if (!live[i])
				return (void *)1;
			memset(live[i], (int)i, sizes[i]);
		}
	}
	for (int i = 0; i < 256; i++)
		if (kfree(live[i]))
			return (void *)1;
	return NULL;
}

static void test_threads(void **state)
{
	pthread_t t[2];
	void *ret;

	(void)state;
	for (uintptr_t i = 0; i < 2; i++)
		assert_int_equal(pthread_create(&t[i], NULL, hammer, (void *)(0x1234567 + i)), 0);
	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_join(t[i], &ret), 0);
		assert_null(ret);
	}
	for (size_t size = KMALLOC_MIN_SIZE; size <= KMALLOC_MAX_CACHE_SIZE; size <<= 1) {
		struct kmem_cache_stats st;

		kmem_cache_stats(kmalloc_cache(size), &st);
		assert_int_equal(st.in_use, 0);
		assert_int_equal(st.allocs, st.frees);
	}
	assert_all_consistent();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_cache_alignment, setup, teardown),
		cmocka_unit_test_setup_teardown(test_reuse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty_slabs_return, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kmalloc_every_size, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kmalloc_classes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_kfree_large, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_freelist_corruption, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stats_and_destroy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_out_of_memory, setup, teardown),
		cmocka_unit_test_setup_teardown(test_threads, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
