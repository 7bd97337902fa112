// SPDX-License-Identifier: GPL-2.0
/*
 * Buddy page allocator (see <avatar/page_alloc.h> and docs/memory.md).
 *
 * Each RAM range added is a `struct pa_range` with its own metadata array,
 * one `struct pa_page` (12 bytes) per page of the range, carved from the
 * range itself. Page i of a range is page frame number base_pfn + i; a
 * block of order k always starts at a page frame number that is a
 * multiple of 2^k, so its buddy is pfn ^ 2^k and blocks are aligned in
 * physical terms whatever the range's start.
 *
 * Page states:
 *   PA_FREE      first page of a free block (order = block order), linked
 *                into the range's free list of that order (next/prev are
 *                page indexes, so a stray write into a free page cannot
 *                corrupt the lists)
 *   PA_ALLOC     first page of an allocated block (order, tag)
 *   PA_TAIL      any other page of a free or allocated block
 *   PA_RESERVED  reserved, never handed out
 *   PA_META      holds this allocator's metadata
 * Invariant: only real block heads are PA_FREE/PA_ALLOC (a head absorbed
 * by a merge becomes PA_TAIL at once), so the block containing a page is
 * found by trying the 19 aligned candidates in O(MAX_ORDER), and a free
 * of anything but an allocated head is recognised as bad.
 *
 * Costs: alloc and free O(MAX_ORDER x ranges); reserve O(pages reserved);
 * add_range and page_alloc_check O(pages in the range).
 */
#define pr_fmt(fmt) "page_alloc: " fmt

#include <avatar/compiler.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/types.h>

#include "mm_lock.h"

#define PA_NONE	     0xffffffffU  /* end of a free list */
#define PA_MAX_PAGES 0xfffffff0UL /* pages per range (u32 indexes) */

enum pa_state {
	PA_TAIL = 0,
	PA_FREE,
	PA_ALLOC,
	PA_RESERVED,
	PA_META,
};

struct pa_page {
	u32 next;
	u32 prev;
	u8 state;
	u8 order;
	u8 tag;
	u8 unused;
};

_Static_assert(PAGE_SHIFT == 12, "orders are counted in 4 KiB pages");
_Static_assert(sizeof(struct pa_page) == 12, "metadata size (docs/memory.md)");

struct pa_range {
	uintptr_t base_pfn;
	size_t nr_pages;
	struct pa_page *meta;
	uintptr_t meta_pfn;
	size_t meta_pages;
	size_t reserved_pages;
	size_t free_pages;
	u32 free_head[PAGE_ALLOC_NR_ORDERS];
	size_t nr_free[PAGE_ALLOC_NR_ORDERS];
};

struct pa_hole {
	uintptr_t start_pfn;
	uintptr_t end_pfn; /* exclusive */
};

static struct {
	struct pa_range ranges[PAGE_ALLOC_MAX_RANGES];
	unsigned int nr_ranges;
	struct pa_hole reserved[PAGE_ALLOC_MAX_RESERVED];
	unsigned int nr_reserved;
	u64 allocs, frees, failed_allocs, bad_frees;
} pa;

static mm_lock_t pa_lock = MM_LOCK_INIT;

#define ORDER_PAGES(o) ((uintptr_t)1 << (o))

/* --- free lists ----------------------------------------------------------- */

static void list_add(struct pa_range *r, u32 idx, unsigned int order)
{
	struct pa_page *p = &r->meta[idx];
	u32 head = r->free_head[order];

	p->state = PA_FREE;
	p->order = order;
	p->tag = PAGE_TAG_NONE;
	p->prev = PA_NONE;
	p->next = head;
	if (head != PA_NONE)
		r->meta[head].prev = idx;
	r->free_head[order] = idx;
	r->nr_free[order]++;
	r->free_pages += ORDER_PAGES(order);
}

/* Unlink a free head; its state is left for the caller to set. */
static void list_del(struct pa_range *r, u32 idx)
{
	struct pa_page *p = &r->meta[idx];

	if (p->prev != PA_NONE)
		r->meta[p->prev].next = p->next;
	else
		r->free_head[p->order] = p->next;
	if (p->next != PA_NONE)
		r->meta[p->next].prev = p->prev;
	r->nr_free[p->order]--;
	r->free_pages -= ORDER_PAGES(p->order);
	p->next = p->prev = PA_NONE;
}

/* --- lookups -------------------------------------------------------------- */

static struct pa_range *find_range(uintptr_t pfn)
{
	for (unsigned int i = 0; i < pa.nr_ranges; i++) {
		struct pa_range *r = &pa.ranges[i];

		if (pfn >= r->base_pfn && pfn - r->base_pfn < r->nr_pages)
			return r;
	}
	return NULL;
}

/* The first managed page at or after pfn; UINTPTR_MAX if there is none. */
static uintptr_t next_managed_pfn(uintptr_t pfn)
{
	uintptr_t next = UINTPTR_MAX;

	for (unsigned int i = 0; i < pa.nr_ranges; i++) {
		const struct pa_range *r = &pa.ranges[i];

		if (pfn >= r->base_pfn && pfn - r->base_pfn < r->nr_pages)
			return pfn;
		if (r->base_pfn > pfn && r->base_pfn < next)
			next = r->base_pfn;
	}
	return next;
}

/*
 * The free or allocated block containing page `idx` of r: its head index
 * and order. False if the page is reserved or metadata.
 */
static bool find_block(struct pa_range *r, u32 idx, u32 *head, unsigned int *order)
{
	uintptr_t pfn = r->base_pfn + idx;

	for (unsigned int o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++) {
		uintptr_t h = pfn & ~(ORDER_PAGES(o) - 1);
		struct pa_page *p;

		if (h < r->base_pfn)
			break;
		p = &r->meta[h - r->base_pfn];
		if ((p->state == PA_FREE || p->state == PA_ALLOC) && p->order == o) {
			*head = (u32)(h - r->base_pfn);
			*order = o;
			return true;
		}
	}
	return false;
}

/* Does [s, e) meet a reserved range (or page frame 0)? */
static bool hits_reserved(uintptr_t s, uintptr_t e)
{
	if (s == 0)
		return true;
	for (unsigned int i = 0; i < pa.nr_reserved; i++)
		if (s < pa.reserved[i].end_pfn && pa.reserved[i].start_pfn < e)
			return true;
	return false;
}

/* --- adding ranges -------------------------------------------------------- */

/*
 * How much putting the metadata at [p, p + m) costs: the largest order of
 * an aligned, reserve-free block inside [s, e) that it would overlap.
 */
static int meta_cost(uintptr_t p, uintptr_t m, uintptr_t s, uintptr_t e)
{
	for (int k = PAGE_ALLOC_MAX_ORDER; k >= 0; k--) {
		uintptr_t sz = ORDER_PAGES(k);

		for (uintptr_t b = p & ~(sz - 1); b < p + m; b += sz)
			if (b >= s && b + sz <= e && !hits_reserved(b, b + sz))
				return k;
	}
	return 0;
}

/*
 * Where to put m metadata pages in [s, e): the candidate position (next
 * to a reserved range, or at either end) that breaks the smallest block.
 * Returns 0 if there is no room.
 */
static uintptr_t place_meta(uintptr_t s, uintptr_t e, uintptr_t m)
{
	uintptr_t cand[2 * PAGE_ALLOC_MAX_RESERVED + 2];
	unsigned int n = 0;
	uintptr_t best = 0;
	int best_cost = PAGE_ALLOC_MAX_ORDER + 1;

	for (unsigned int i = 0; i < pa.nr_reserved; i++) {
		cand[n++] = pa.reserved[i].end_pfn;
		if (pa.reserved[i].start_pfn >= m)
			cand[n++] = pa.reserved[i].start_pfn - m;
	}
	cand[n++] = e - m; /* top of the range (like memblock) */
	cand[n++] = s;

	for (unsigned int i = 0; i < n; i++) {
		uintptr_t p = cand[i];
		int cost;

		if (p < s || p + m > e || hits_reserved(p, p + m))
			continue;
		cost = meta_cost(p, m, s, e);
		if (cost < best_cost) {
			best_cost = cost;
			best = p;
		}
	}
	return best;
}

/* Free every aligned maximal block of the available run [a, b) of r. */
static void free_run(struct pa_range *r, uintptr_t a, uintptr_t b)
{
	while (a < b) {
		unsigned int o = a ? (unsigned int)__builtin_ctzl(a) : PAGE_ALLOC_MAX_ORDER;

		if (o > PAGE_ALLOC_MAX_ORDER)
			o = PAGE_ALLOC_MAX_ORDER;
		while (a + ORDER_PAGES(o) > b)
			o--;
		list_add(r, (u32)(a - r->base_pfn), o);
		a += ORDER_PAGES(o);
	}
}

int page_alloc_add_range(uintptr_t phys_start, size_t size)
{
	uintptr_t s, e, m, mp;
	struct pa_range *r;
	unsigned long flags;
	int ret = 0;

	s = (phys_start + PAGE_SIZE - 1) >> PAGE_SHIFT;
	if (phys_start > UINTPTR_MAX - PAGE_SIZE || size > UINTPTR_MAX - phys_start)
		return MM_EINVAL;
	e = (phys_start + size) >> PAGE_SHIFT;
	if (e <= s)
		return MM_EINVAL;
	if (e - s > PA_MAX_PAGES) {
		pr_warn("range at 0x%lx too large, using the first %lu pages\n",
			(unsigned long)phys_start, (unsigned long)PA_MAX_PAGES);
		e = s + PA_MAX_PAGES;
	}
	m = ((e - s) * sizeof(struct pa_page) + PAGE_SIZE - 1) >> PAGE_SHIFT;

	flags = mm_lock(&pa_lock);
	for (unsigned int i = 0; i < pa.nr_ranges; i++) {
		struct pa_range *o = &pa.ranges[i];

		if (s < o->base_pfn + o->nr_pages && o->base_pfn < e) {
			ret = MM_EEXIST;
			goto out;
		}
	}
	if (pa.nr_ranges == PAGE_ALLOC_MAX_RANGES) {
		ret = MM_ENOSPC;
		goto out;
	}
	if (m >= e - s || !(mp = place_meta(s, e, m))) {
		ret = MM_EINVAL;
		goto out;
	}

	r = &pa.ranges[pa.nr_ranges];
	*r = (struct pa_range){
		.base_pfn = s,
		.nr_pages = e - s,
		.meta = pa_to_va(mp << PAGE_SHIFT),
		.meta_pfn = mp,
		.meta_pages = m,
	};
	for (unsigned int o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++)
		r->free_head[o] = PA_NONE;

	/* Mark every page, then free the runs of available ones. */
	for (uintptr_t pfn = s; pfn < e; pfn++)
		r->meta[pfn - s] = (struct pa_page){
			.next = PA_NONE,
			.prev = PA_NONE,
			.state = pfn >= mp && pfn < mp + m ? PA_META : PA_TAIL,
		};
	for (unsigned int i = 0; i <= pa.nr_reserved; i++) {
		/* the reserved table, then page frame 0 */
		uintptr_t lo = i < pa.nr_reserved ? pa.reserved[i].start_pfn : 0;
		uintptr_t hi = i < pa.nr_reserved ? pa.reserved[i].end_pfn : 1;

		for (uintptr_t pfn = MAX(lo, s); pfn < MIN(hi, e); pfn++) {
			if (r->meta[pfn - s].state == PA_TAIL) {
				r->meta[pfn - s].state = PA_RESERVED;
				r->reserved_pages++;
			}
		}
	}
	for (uintptr_t pfn = s; pfn < e;) {
		uintptr_t run = pfn;

		while (run < e && r->meta[run - s].state == PA_TAIL)
			run++;
		free_run(r, pfn, run);
		pfn = run == pfn ? pfn + 1 : run;
	}
	pa.nr_ranges++;
	pr_info("0x%lx-0x%lx: %lu pages free, metadata at 0x%lx (%lu pages)\n",
		(unsigned long)(s << PAGE_SHIFT), (unsigned long)(e << PAGE_SHIFT),
		(unsigned long)r->free_pages, (unsigned long)(mp << PAGE_SHIFT), (unsigned long)m);
out:
	mm_unlock(&pa_lock, flags);
	return ret;
}

/* --- reserving ------------------------------------------------------------ */

/* Take the free block (head, order) apart: pages in [s, e) become reserved. */
static void carve(struct pa_range *r, u32 head, unsigned int order, uintptr_t s, uintptr_t e)
{
	uintptr_t b = r->base_pfn + head, n = ORDER_PAGES(order);

	if (b + n <= s || e <= b) {
		list_add(r, head, order);
	} else if (s <= b && b + n <= e) {
		for (uintptr_t i = 0; i < n; i++)
			r->meta[head + i].state = PA_RESERVED;
		r->reserved_pages += n;
	} else {
		r->meta[head].state = PA_TAIL;
		carve(r, head, order - 1, s, e);
		carve(r, (u32)(head + n / 2), order - 1, s, e);
	}
}

/* Record [s, e) in the reserved table, merging with an overlapping entry. */
static bool remember_reserved(uintptr_t s, uintptr_t e)
{
	for (unsigned int i = 0; i < pa.nr_reserved; i++) {
		struct pa_hole *h = &pa.reserved[i];

		if (s <= h->end_pfn && h->start_pfn <= e) {
			h->start_pfn = MIN(h->start_pfn, s);
			h->end_pfn = MAX(h->end_pfn, e);
			return true;
		}
	}
	if (pa.nr_reserved == PAGE_ALLOC_MAX_RESERVED)
		return false;
	pa.reserved[pa.nr_reserved++] = (struct pa_hole){s, e};
	return true;
}

/* Number of pages of [s, e) that lie inside added ranges. */
static uintptr_t managed_pages(uintptr_t s, uintptr_t e)
{
	uintptr_t n = 0;

	for (unsigned int i = 0; i < pa.nr_ranges; i++) {
		struct pa_range *r = &pa.ranges[i];
		uintptr_t lo = MAX(s, r->base_pfn), hi = MIN(e, r->base_pfn + r->nr_pages);

		if (lo < hi)
			n += hi - lo;
	}
	return n;
}

/*
 * The next free or allocated block at or after *pfn and below e: whole
 * blocks at a time, skipping reserved and metadata pages one by one and
 * the gaps between RAM ranges in one step. False when there is none.
 */
static bool next_block_in(uintptr_t *pfn, uintptr_t e, struct pa_range **rp, u32 *head,
			  unsigned int *order)
{
	while (*pfn < e) {
		struct pa_range *r = find_range(*pfn);

		if (!r) {
			*pfn = next_managed_pfn(*pfn);
			continue;
		}
		if (!find_block(r, (u32)(*pfn - r->base_pfn), head, order)) {
			(*pfn)++;
			continue;
		}
		*rp = r;
		return true;
	}
	return false;
}

int page_alloc_reserve(uintptr_t start, size_t size)
{
	uintptr_t s = start >> PAGE_SHIFT, e, pfn;
	struct pa_range *r;
	unsigned int order;
	u32 head;
	unsigned long flags;
	int ret = 0;

	if (size == 0)
		return 0;
	if (start > UINTPTR_MAX - PAGE_SIZE || size > UINTPTR_MAX - PAGE_SIZE - start)
		return MM_EINVAL;
	e = (start + size + PAGE_SIZE - 1) >> PAGE_SHIFT;

	flags = mm_lock(&pa_lock);
	/* First pass: refuse if any page is allocated; change nothing. */
	for (pfn = s; next_block_in(&pfn, e, &r, &head, &order);
	     pfn = r->base_pfn + head + ORDER_PAGES(order)) {
		if (r->meta[head].state == PA_ALLOC) {
			pr_err("reserve 0x%lx-0x%lx: page 0x%lx is allocated\n",
			       (unsigned long)(s << PAGE_SHIFT), (unsigned long)(e << PAGE_SHIFT),
			       (unsigned long)(pfn << PAGE_SHIFT));
			ret = MM_EBUSY;
			goto out;
		}
	}
	/* Ranges added later must skip it too (not needed if all managed now). */
	if (!remember_reserved(s, e) && managed_pages(s, e) != e - s) {
		ret = MM_ENOSPC;
		goto out;
	}
	for (pfn = s; next_block_in(&pfn, e, &r, &head, &order);
	     pfn = r->base_pfn + head + ORDER_PAGES(order)) {
		list_del(r, head);
		carve(r, head, order, s, e);
	}
out:
	mm_unlock(&pa_lock, flags);
	return ret;
}

/* --- allocation ----------------------------------------------------------- */

uintptr_t alloc_pages_tagged(unsigned int order, enum page_tag tag)
{
	unsigned long flags;
	uintptr_t addr = 0;

	flags = mm_lock(&pa_lock);
	for (unsigned int o = order; o <= PAGE_ALLOC_MAX_ORDER && !addr; o++) {
		for (unsigned int i = 0; i < pa.nr_ranges; i++) {
			struct pa_range *r = &pa.ranges[i];
			u32 idx = r->free_head[o];
			unsigned int k = o;

			if (idx == PA_NONE)
				continue;
			list_del(r, idx);
			while (k > order) { /* give back the upper halves */
				k--;
				list_add(r, (u32)(idx + ORDER_PAGES(k)), k);
			}
			r->meta[idx].state = PA_ALLOC;
			r->meta[idx].order = order;
			r->meta[idx].tag = tag;
			addr = (r->base_pfn + idx) << PAGE_SHIFT;
			break;
		}
	}
	if (addr)
		pa.allocs++;
	else
		pa.failed_allocs++;
	mm_unlock(&pa_lock, flags);
	return addr;
}

uintptr_t alloc_pages(unsigned int order)
{
	return alloc_pages_tagged(order, PAGE_TAG_NONE);
}

int free_pages(uintptr_t addr, unsigned int order)
{
	uintptr_t pfn = addr >> PAGE_SHIFT;
	struct pa_range *r;
	unsigned long flags;
	const char *why;
	u32 idx;

	flags = mm_lock(&pa_lock);
	r = find_range(pfn);
	if (addr & (PAGE_SIZE - 1)) {
		why = "not page aligned";
	} else if (order > PAGE_ALLOC_MAX_ORDER) {
		why = "order too large";
	} else if (!r) {
		why = "not managed memory";
	} else if (r->meta[pfn - r->base_pfn].state == PA_FREE) {
		why = "double free";
	} else if (r->meta[pfn - r->base_pfn].state != PA_ALLOC) {
		why = "not the start of an allocated block";
	} else if (r->meta[pfn - r->base_pfn].order != order) {
		why = "wrong order";
	} else {
		why = NULL;
	}
	if (why) {
		pa.bad_frees++;
		mm_unlock(&pa_lock, flags);
		pr_err("free_pages(0x%lx, %u): %s\n", (unsigned long)addr, order, why);
		return MM_EINVAL;
	}

	/* Merge with the buddy while it is a free block of the same order. */
	idx = (u32)(pfn - r->base_pfn);
	while (order < PAGE_ALLOC_MAX_ORDER) {
		uintptr_t buddy = pfn ^ ORDER_PAGES(order);
		struct pa_page *b;

		if (buddy < r->base_pfn || buddy - r->base_pfn >= r->nr_pages)
			break;
		b = &r->meta[buddy - r->base_pfn];
		if (b->state != PA_FREE || b->order != order)
			break;
		list_del(r, (u32)(buddy - r->base_pfn));
		if (buddy < pfn) {
			r->meta[idx].state = PA_TAIL;
			pfn = buddy;
			idx = (u32)(pfn - r->base_pfn);
		} else {
			b->state = PA_TAIL;
		}
		order++;
	}
	list_add(r, idx, order);
	pa.frees++;
	mm_unlock(&pa_lock, flags);
	return 0;
}

int page_alloc_lookup(uintptr_t addr, uintptr_t *head, unsigned int *order, enum page_tag *tag)
{
	uintptr_t pfn = addr >> PAGE_SHIFT;
	struct pa_range *r;
	unsigned long flags;
	unsigned int o;
	int ret = MM_EINVAL;
	u32 h;

	flags = mm_lock(&pa_lock);
	r = find_range(pfn);
	if (r && find_block(r, (u32)(pfn - r->base_pfn), &h, &o) && r->meta[h].state == PA_ALLOC) {
		if (head)
			*head = (r->base_pfn + h) << PAGE_SHIFT;
		if (order)
			*order = o;
		if (tag)
			*tag = (enum page_tag)r->meta[h].tag;
		ret = 0;
	}
	mm_unlock(&pa_lock, flags);
	return ret;
}

/* --- statistics and self-check -------------------------------------------- */

void page_alloc_init(void)
{
	unsigned long flags = mm_lock(&pa_lock);

	pa.nr_ranges = 0;
	pa.nr_reserved = 0;
	pa.allocs = pa.frees = pa.failed_allocs = pa.bad_frees = 0;
	mm_unlock(&pa_lock, flags);
}

void page_alloc_stats(struct page_alloc_stats *st)
{
	unsigned long flags = mm_lock(&pa_lock);

	*st = (struct page_alloc_stats){
		.allocs = pa.allocs,
		.frees = pa.frees,
		.failed_allocs = pa.failed_allocs,
		.bad_frees = pa.bad_frees,
		.nr_ranges = pa.nr_ranges,
	};
	for (unsigned int i = 0; i < pa.nr_ranges; i++) {
		struct pa_range *r = &pa.ranges[i];

		st->total_pages += r->nr_pages - r->meta_pages - r->reserved_pages;
		st->free_pages += r->free_pages;
		st->reserved_pages += r->reserved_pages;
		st->meta_pages += r->meta_pages;
		for (unsigned int o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++)
			st->free_blocks[o] += r->nr_free[o];
	}
	mm_unlock(&pa_lock, flags);
}

#define CHECK(cond, ...)                               \
	do {                                           \
		if (!(cond)) {                         \
			pr_err("check: " __VA_ARGS__); \
			return MM_EINVAL;              \
		}                                      \
	} while (0)

/* The free list of one order: links, states, count, no free buddy. */
static int check_list(struct pa_range *r, unsigned int o)
{
	size_t n = 0;
	u32 prev = PA_NONE;

	for (u32 i = r->free_head[o]; i != PA_NONE; prev = i, i = r->meta[i].next) {
		uintptr_t buddy = (r->base_pfn + i) ^ ORDER_PAGES(o);
		struct pa_page *p;

		CHECK(i < r->nr_pages && ++n <= r->nr_pages, "order %u list runs wild\n", o);
		p = &r->meta[i];
		CHECK(p->state == PA_FREE && p->order == o,
		      "page %u on order %u list has state %u order %u\n", i, o, p->state, p->order);
		CHECK(p->prev == prev, "page %u: bad prev link\n", i);
		if (o < PAGE_ALLOC_MAX_ORDER && buddy >= r->base_pfn &&
		    buddy - r->base_pfn < r->nr_pages) {
			struct pa_page *b = &r->meta[buddy - r->base_pfn];

			CHECK(b->state != PA_FREE || b->order != o,
			      "page %u: free buddy of order %u not merged\n", i, o);
		}
	}
	CHECK(n == r->nr_free[o], "order %u: %zu blocks listed, %zu counted\n", o, n,
	      r->nr_free[o]);
	return 0;
}

static int check_range(struct pa_range *r)
{
	size_t free_blocks[PAGE_ALLOC_NR_ORDERS] = {0};
	size_t free_pages = 0, reserved = 0, meta = 0;

	for (uintptr_t i = 0; i < r->nr_pages;) {
		struct pa_page *p = &r->meta[i];
		uintptr_t pfn = r->base_pfn + i, n;

		switch (p->state) {
		case PA_RESERVED:
			reserved++;
			i++;
			continue;
		case PA_META:
			CHECK(pfn >= r->meta_pfn && pfn < r->meta_pfn + r->meta_pages,
			      "page 0x%lx marked metadata\n", (unsigned long)pfn);
			meta++;
			i++;
			continue;
		case PA_FREE:
		case PA_ALLOC:
			break;
		default:
			CHECK(false, "page 0x%lx: state %u where a block should start\n",
			      (unsigned long)pfn, p->state);
		}
		CHECK(p->order <= PAGE_ALLOC_MAX_ORDER, "page 0x%lx: order %u\n",
		      (unsigned long)pfn, p->order);
		n = ORDER_PAGES(p->order);
		CHECK((pfn & (n - 1)) == 0, "page 0x%lx: block of order %u misaligned\n",
		      (unsigned long)pfn, p->order);
		CHECK(i + n <= r->nr_pages, "page 0x%lx: block of order %u overruns range\n",
		      (unsigned long)pfn, p->order);
		for (uintptr_t j = 1; j < n; j++)
			CHECK(r->meta[i + j].state == PA_TAIL,
			      "page 0x%lx: inside a block but state %u\n", (unsigned long)(pfn + j),
			      r->meta[i + j].state);
		if (p->state == PA_FREE) {
			free_blocks[p->order]++;
			free_pages += n;
		}
		i += n;
	}
	CHECK(meta == r->meta_pages, "%zu metadata pages, expected %zu\n", meta, r->meta_pages);
	CHECK(reserved == r->reserved_pages, "%zu reserved pages, counted %zu\n", reserved,
	      r->reserved_pages);
	CHECK(free_pages == r->free_pages, "%zu free pages, counted %zu\n", free_pages,
	      r->free_pages);
	for (unsigned int o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++) {
		CHECK(free_blocks[o] == r->nr_free[o], "order %u: %zu free heads, %zu counted\n", o,
		      free_blocks[o], r->nr_free[o]);
		if (check_list(r, o))
			return MM_EINVAL;
	}
	return 0;
}

int page_alloc_check(void)
{
	unsigned long flags = mm_lock(&pa_lock);
	int ret = 0;

	for (unsigned int i = 0; i < pa.nr_ranges && !ret; i++)
		ret = check_range(&pa.ranges[i]);
	mm_unlock(&pa_lock, flags);
	return ret;
}

void page_alloc_dump(void)
{
	struct page_alloc_stats st;

	page_alloc_stats(&st);
	printk("pages: %llu total, %llu free, %llu reserved, %llu metadata (%u ranges)\n",
	       (unsigned long long)st.total_pages, (unsigned long long)st.free_pages,
	       (unsigned long long)st.reserved_pages, (unsigned long long)st.meta_pages,
	       st.nr_ranges);
	printk("allocs %llu, frees %llu, failed %llu, bad frees %llu\n",
	       (unsigned long long)st.allocs, (unsigned long long)st.frees,
	       (unsigned long long)st.failed_allocs, (unsigned long long)st.bad_frees);
	printk("free blocks by order:");
	for (unsigned int o = 0; o <= PAGE_ALLOC_MAX_ORDER; o++)
		printk(" %llu", (unsigned long long)st.free_blocks[o]);
	printk("\n");
}
