/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Slab caches of fixed-size objects and kmalloc(), on top of the page
 * allocator (<avatar/page_alloc.h>). See docs/memory.md.
 *
 * kmalloc(n) for n <= KMALLOC_MAX_CACHE_SIZE comes from one of the
 * power-of-two caches kmalloc-16 .. kmalloc-2048 and is aligned to its
 * class size (so kmalloc(64) is 64-byte aligned); larger requests are
 * whole page blocks (page aligned, 2^k pages). kfree() finds which from
 * the page allocator's record of the block, so it needs no size.
 *
 * Frees are checked: a pointer that is not the start of a live object (or
 * of a large block), or is freed twice, gives MM_EINVAL and a pr_err and
 * changes nothing. kfree(NULL) does nothing.
 *
 * Call slab_init() once after the page allocator has memory.
 */
#ifndef AVATAR_SLAB_H
#define AVATAR_SLAB_H

#include <avatar/page_alloc.h>
#include <avatar/types.h>

#define KMALLOC_MIN_SIZE       16
#define KMALLOC_MAX_CACHE_SIZE 2048
#define KMALLOC_NR_CACHES      8 /* 16, 32, ..., 2048 */

#define KMEM_CACHE_NAME_LEN 24
#define SLAB_MAX_ORDER	    3 /* slabs are 1..8 pages */

struct kmem_cache;

struct kmem_cache_stats {
	size_t obj_size; /* as asked for */
	size_t stride;	 /* bytes between objects (size rounded to align) */
	size_t align;
	unsigned int slab_order; /* a slab is 2^slab_order pages */
	unsigned int objs_per_slab;
	u64 in_use; /* objects allocated now */
	u64 slabs;  /* slabs held, including an empty spare */
	u64 allocs; /* successful allocations, ever */
	u64 frees;
	u64 failed_allocs;
	u64 bad_frees;
};

/*
 * Boot: reserve the kernel image and the device tree's reservations, give
 * the device tree's RAM to the page allocator, slab_init() (kernel/mm/init.c).
 * After the MMU is on and after sched_init().
 */
void mm_init(void);

/* Set up the kmalloc caches (forgets every cache: boot and host tests). */
void slab_init(void);

/*
 * A cache of `size`-byte objects aligned to `align` (0: pointer size; a
 * power of two up to PAGE_SIZE). `name` is copied. NULL if the arguments
 * are bad, the object does not fit a slab of 2^SLAB_MAX_ORDER pages, or
 * memory is short.
 */
struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align);

/* Returns 0, or MM_EBUSY if objects are still allocated (nothing done). */
int kmem_cache_destroy(struct kmem_cache *c);

void *kmem_cache_alloc(struct kmem_cache *c);
void *kmem_cache_zalloc(struct kmem_cache *c);
int kmem_cache_free(struct kmem_cache *c, void *obj);

/* Give every empty slab (the spare) back to the page allocator. */
void kmem_cache_shrink(struct kmem_cache *c);

void kmem_cache_stats(struct kmem_cache *c, struct kmem_cache_stats *st);
const char *kmem_cache_name(const struct kmem_cache *c);

/* Consistency check of one cache / of every cache: 0 or MM_EINVAL. */
int kmem_cache_check(struct kmem_cache *c);
int slab_check(void);

/* Print every cache's statistics (for a shell command). */
void slab_dump(void);

void *kmalloc(size_t size); /* NULL for 0 or when out of memory */
void *kzalloc(size_t size);
int kfree(const void *ptr);
size_t ksize(const void *ptr); /* usable bytes, 0 if not allocated */

/* The cache kmalloc(size) uses, NULL for large sizes (statistics). */
struct kmem_cache *kmalloc_cache(size_t size);

#endif /* AVATAR_SLAB_H */
