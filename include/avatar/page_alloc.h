/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The physical page allocator: a binary buddy allocator over 4 KiB pages,
 * orders 0 (4 KiB) .. PAGE_ALLOC_MAX_ORDER (18, 1 GiB). See docs/memory.md.
 *
 * Guarantees
 *   - A block of order k is aligned to 2^k pages in PHYSICAL address terms
 *     (buddies are computed on absolute page frame numbers), so order 9
 *     gives 2 MiB blocks usable as stage-2 block mappings, order 18 1 GiB.
 *   - Page 0 (physical address 0) is never handed out: 0 means failure.
 *   - Frees are checked (address aligned, head of an allocated block of
 *     exactly that order); a bad or double free returns an error, prints
 *     a pr_err and leaves the allocator untouched.
 *
 * Boot order: page_alloc_init(), then page_alloc_reserve() for everything
 * already in use (kernel image, DTB, initrd, ...), then
 * page_alloc_add_range() for each RAM bank. Reserving after adding is also
 * accepted (free pages are carved out), but reserving first lets
 * add_range place its metadata next to the holes instead of in a range
 * that could otherwise give a 1 GiB block. All calls take a spinlock, so
 * they need the MMU on (exclusives, see <asm/spinlock.h>).
 */
#ifndef AVATAR_PAGE_ALLOC_H
#define AVATAR_PAGE_ALLOC_H

#include <avatar/types.h>

#if !__STDC_HOSTED__
#include <asm/pgtable.h> /* PAGE_SHIFT, PAGE_SIZE: the 4 KiB granule */
#else			 /* host unit tests */
#define PAGE_SHIFT 12
#define PAGE_SIZE  (1UL << PAGE_SHIFT)
#endif

#define PAGE_ALLOC_MAX_ORDER 18 /* 2^18 pages = 1 GiB */
#define PAGE_ALLOC_NR_ORDERS (PAGE_ALLOC_MAX_ORDER + 1)
#define PAGE_ORDER_2M	     9
#define PAGE_ORDER_1G	     18

#define PAGE_ALLOC_MAX_RANGES	8  /* RAM banks */
#define PAGE_ALLOC_MAX_RESERVED 32 /* reserved ranges remembered */

/*
 * Error codes of the memory allocators (negative returns). Linux values,
 * so a later <avatar/errno.h> can replace them one for one.
 */
#define MM_ENOMEM (-12) /* no room (metadata, tables) */
#define MM_EBUSY  (-16) /* still in use */
#define MM_EEXIST (-17) /* overlaps something already there */
#define MM_EINVAL (-22) /* bad argument, bad or double free */
#define MM_ENOSPC (-28) /* a fixed table is full */

/*
 * Physical <-> virtual for memory the allocators hand out. The kernel runs
 * on an identity map (and host tests use a buffer's address as its
 * "physical" address), so both are the identity; this is the one place to
 * change if a linear map with an offset is introduced.
 */
static inline void *pa_to_va(uintptr_t pa)
{
	return (void *)pa;
}

static inline uintptr_t va_to_pa(const void *va)
{
	return (uintptr_t)va;
}

/* Smallest order whose block holds `bytes` (0 for 0), or -1 if too big. */
static inline int page_order_for(size_t bytes)
{
	int order = 0;

	while (order <= PAGE_ALLOC_MAX_ORDER && (PAGE_SIZE << order) < bytes)
		order++;
	return order <= PAGE_ALLOC_MAX_ORDER ? order : -1;
}

/*
 * Owner tags, recorded for each allocated block so that kfree() can tell a
 * slab from a large kmalloc block. Plain alloc_pages() blocks have
 * PAGE_TAG_NONE.
 */
enum page_tag {
	PAGE_TAG_NONE = 0,
	PAGE_TAG_SLAB,
	PAGE_TAG_KMALLOC,
};

struct page_alloc_stats {
	u64 total_pages; /* pages the allocator manages (free + allocated) */
	u64 free_pages;
	u64 reserved_pages; /* inside added ranges but reserved */
	u64 meta_pages;	    /* used by the allocator's own metadata */
	u64 free_blocks[PAGE_ALLOC_NR_ORDERS];
	u64 allocs;	   /* successful alloc_pages() */
	u64 frees;	   /* successful free_pages() */
	u64 failed_allocs; /* alloc_pages() that returned 0 */
	u64 bad_frees;	   /* rejected free_pages() */
	unsigned int nr_ranges;
};

/* Forget everything (boot, and between host tests). */
void page_alloc_init(void);

/*
 * Manage [phys_start, phys_start + size): rounded inwards to whole pages,
 * minus reserved ranges. Metadata (12 bytes per page) is carved from the
 * range itself. Returns 0, MM_EINVAL (empty or too small for its
 * metadata), MM_EEXIST (overlaps a range already added) or MM_ENOSPC.
 */
int page_alloc_add_range(uintptr_t phys_start, size_t size);

/*
 * Keep [start, start + size) (rounded outwards to whole pages) out of the
 * allocator, now and in ranges added later. Returns 0, MM_EBUSY (part of
 * it is allocated: nothing is changed) or MM_ENOSPC (the reserved table
 * is full and part of it lies outside the ranges added so far).
 */
int page_alloc_reserve(uintptr_t start, size_t size);

/* 2^order contiguous pages aligned to their size, or 0. */
uintptr_t alloc_pages(unsigned int order);
uintptr_t alloc_pages_tagged(unsigned int order, enum page_tag tag);
static inline uintptr_t alloc_page(void)
{
	return alloc_pages(0);
}

/* Returns 0 or MM_EINVAL (not the head of an allocated block of `order`). */
int free_pages(uintptr_t addr, unsigned int order);
static inline int free_page(uintptr_t addr)
{
	return free_pages(addr, 0);
}

/*
 * Which allocated block contains `addr`: its first address, order and tag.
 * Returns 0 or MM_EINVAL (not inside an allocated block). Any out pointer
 * may be NULL.
 */
int page_alloc_lookup(uintptr_t addr, uintptr_t *head, unsigned int *order, enum page_tag *tag);

void page_alloc_stats(struct page_alloc_stats *st);

/*
 * Walk all metadata and free lists; 0 if consistent, MM_EINVAL (with a
 * pr_err saying what) if not. O(managed pages).
 */
int page_alloc_check(void);

/* Print the statistics (for a shell command). */
void page_alloc_dump(void);

#endif /* AVATAR_PAGE_ALLOC_H */
