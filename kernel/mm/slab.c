// SPDX-License-Identifier: GPL-2.0
/*
 * Slab caches and kmalloc (see <avatar/slab.h> and docs/memory.md).
 *
 * A slab is one page-allocator block of 2^order pages, tagged
 * PAGE_TAG_SLAB, laid out as
 *
 *	+-------------+--------------+-----+-------+-------+-----+-------+
 *	| struct slab | alloc bitmap | pad | obj 0 | obj 1 | ... | waste |
 *	+-------------+--------------+-----+-------+-------+-----+-------+
 *	^ block start (aligned to the block size)
 *
 * Free objects are chained through their first word (slab->freelist).
 * The bitmap (bit set = allocated) is the authority: it catches double
 * and misaligned frees, and every freelist pop is checked against it, so
 * a use-after-free that overwrites a link is reported and the list is
 * rebuilt from the bitmap instead of handing out a wild pointer.
 *
 * A cache keeps its slabs on three lists: partial (some objects free,
 * allocations come from here), full, and empty (at most SLAB_SPARE kept,
 * the rest go back to the page allocator at once).
 *
 * From a pointer, kfree() asks the page allocator for the block holding
 * it: a PAGE_TAG_SLAB block starts with its struct slab, which names the
 * cache; a PAGE_TAG_KMALLOC block is a large kmalloc of that order.
 *
 * Locks: one per cache, taken before the page allocator's (never the
 * other way), and slab_list_lock for the list of caches.
 */
#define pr_fmt(fmt) "slab: " fmt

#include <avatar/compiler.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/string.h>

#include "mm_lock.h"

#define SLAB_MAGIC	 0x51ab51abU
#define KMEM_CACHE_MAGIC 0xcac4e000U
#define SLAB_SPARE	 1 /* empty slabs a cache keeps */

#define BITS_PER_LONG	 (8 * sizeof(unsigned long))
#define BITS_TO_LONGS(n) (((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

enum slab_list { SLAB_PARTIAL, SLAB_FULL, SLAB_EMPTY };

struct slab {
	u32 magic;
	u32 inuse;
	u32 nobjs;
	u32 list; /* enum slab_list */
	struct kmem_cache *cache;
	struct slab *next, *prev;
	void *freelist;
	unsigned long bitmap[]; /* bit set: object allocated */
};

struct kmem_cache {
	u32 magic;
	bool builtin; /* static: kmalloc caches, the cache of caches */
	char name[KMEM_CACHE_NAME_LEN];
	size_t size, align, stride;
	unsigned int order, nobjs;
	size_t first;	       /* offset of object 0 in a slab */
	struct slab *lists[3]; /* enum slab_list */
	unsigned int nr_empty;
	u64 in_use, slabs, allocs, frees, failed_allocs, bad_frees;
	mm_lock_t lock;
	struct kmem_cache *next; /* all caches */
};

_Static_assert((KMALLOC_MIN_SIZE << (KMALLOC_NR_CACHES - 1)) == KMALLOC_MAX_CACHE_SIZE,
	       "kmalloc size classes");

static struct kmem_cache kmalloc_caches[KMALLOC_NR_CACHES] = {
	[0 ... KMALLOC_NR_CACHES - 1] = {.lock = MM_LOCK_INIT},
};
static struct kmem_cache cache_cache = {.lock = MM_LOCK_INIT};
static struct kmem_cache *all_caches;
static mm_lock_t slab_list_lock = MM_LOCK_INIT;

/* --- geometry ------------------------------------------------------------- */

static size_t slab_header_size(unsigned int nobjs)
{
	return sizeof(struct slab) + BITS_TO_LONGS(nobjs) * sizeof(unsigned long);
}

/* Objects per slab of `order` (and the offset of the first), 0 if none fit. */
static unsigned int slab_fit(const struct kmem_cache *c, unsigned int order, size_t *first)
{
	size_t bytes = PAGE_SIZE << order;
	size_t n = bytes / c->stride;

	for (; n > 0; n--) {
		size_t off = ALIGN_UP(slab_header_size(n), c->align);

		if (off + n * c->stride <= bytes) {
			*first = off;
			return (unsigned int)n;
		}
	}
	return 0;
}

/*
 * Fill in everything but the lock. The slab order is the smallest that
 * wastes at most 1/8 of the slab or holds 8 objects.
 */
static bool cache_setup(struct kmem_cache *c, const char *name, size_t size, size_t align)
{
	if (align == 0)
		align = sizeof(void *);
	if (size == 0 || (align & (align - 1)) || align > PAGE_SIZE ||
	    size > (PAGE_SIZE << SLAB_MAX_ORDER))
		return false;
	c->magic = KMEM_CACHE_MAGIC;
	strlcpy(c->name, name ? name : "?", sizeof(c->name));
	c->size = size;
	c->align = MAX(align, sizeof(void *));
	c->stride = ALIGN_UP(MAX(size, sizeof(void *)), c->align);
	c->nobjs = 0;
	for (unsigned int order = 0; order <= SLAB_MAX_ORDER; order++) {
		size_t first, bytes = PAGE_SIZE << order;
		unsigned int n = slab_fit(c, order, &first);

		if (n == 0)
			continue;
		c->order = order;
		c->nobjs = n;
		c->first = first;
		/* waste: header, padding and tail */
		if (n >= 8 || (bytes - n * c->stride) * 8 <= bytes)
			break;
	}
	c->lists[SLAB_PARTIAL] = c->lists[SLAB_FULL] = c->lists[SLAB_EMPTY] = NULL;
	c->nr_empty = 0;
	c->in_use = c->slabs = c->allocs = c->frees = c->failed_allocs = c->bad_frees = 0;
	c->next = NULL;
	return c->nobjs > 0;
}

/* --- slab lists ----------------------------------------------------------- */

static void slab_list_add(struct kmem_cache *c, struct slab *s, enum slab_list l)
{
	s->list = l;
	s->prev = NULL;
	s->next = c->lists[l];
	if (s->next)
		s->next->prev = s;
	c->lists[l] = s;
	if (l == SLAB_EMPTY)
		c->nr_empty++;
}

static void slab_list_del(struct kmem_cache *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->lists[s->list] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	if (s->list == SLAB_EMPTY)
		c->nr_empty--;
	s->next = s->prev = NULL;
}

static void slab_move(struct kmem_cache *c, struct slab *s, enum slab_list l)
{
	slab_list_del(c, s);
	slab_list_add(c, s, l);
}

/* --- slabs ---------------------------------------------------------------- */

static inline char *slab_obj(const struct kmem_cache *c, struct slab *s, unsigned int i)
{
	return (char *)s + c->first + (size_t)i * c->stride;
}

static inline bool obj_allocated(const struct slab *s, unsigned int i)
{
	return s->bitmap[i / BITS_PER_LONG] & (1UL << (i % BITS_PER_LONG));
}

static inline void obj_mark(struct slab *s, unsigned int i, bool allocated)
{
	if (allocated)
		s->bitmap[i / BITS_PER_LONG] |= 1UL << (i % BITS_PER_LONG);
	else
		s->bitmap[i / BITS_PER_LONG] &= ~(1UL << (i % BITS_PER_LONG));
}

/* Index of the object starting at p, or -1 if p is not an object start. */
static long obj_index(const struct kmem_cache *c, struct slab *s, const void *p)
{
	uintptr_t base = (uintptr_t)slab_obj(c, s, 0);
	uintptr_t off;

	if ((uintptr_t)p < base)
		return -1;
	off = (uintptr_t)p - base;
	if (off % c->stride || off / c->stride >= s->nobjs)
		return -1;
	return (long)(off / c->stride);
}

/* Chain every free object, in address order. */
static void slab_rebuild_freelist(struct kmem_cache *c, struct slab *s)
{
	void **link = &s->freelist;

	for (unsigned int i = 0; i < s->nobjs; i++) {
		if (!obj_allocated(s, i)) {
			*link = slab_obj(c, s, i);
			link = (void **)*link;
		}
	}
	*link = NULL;
}

static struct slab *slab_new(struct kmem_cache *c)
{
	uintptr_t pa = alloc_pages_tagged(c->order, PAGE_TAG_SLAB);
	struct slab *s;

	if (!pa)
		return NULL;
	s = pa_to_va(pa);
	s->magic = SLAB_MAGIC;
	s->inuse = 0;
	s->nobjs = c->nobjs;
	s->cache = c;
	memset(s->bitmap, 0, BITS_TO_LONGS(c->nobjs) * sizeof(unsigned long));
	slab_rebuild_freelist(c, s);
	c->slabs++;
	return s;
}

static void slab_release(struct kmem_cache *c, struct slab *s)
{
	s->magic = 0;
	c->slabs--;
	free_pages(va_to_pa(s), c->order);
}

/* The slab holding p, if p is inside a live slab block (of any cache). */
static struct slab *slab_of(const void *p)
{
	enum page_tag tag;
	uintptr_t head;
	struct slab *s;

	if (page_alloc_lookup(va_to_pa(p), &head, NULL, &tag) || tag != PAGE_TAG_SLAB)
		return NULL;
	s = pa_to_va(head);
	return s->magic == SLAB_MAGIC ? s : NULL;
}

/* --- allocation ----------------------------------------------------------- */

static void *cache_alloc(struct kmem_cache *c)
{
	unsigned long flags;
	struct slab *s;
	void *obj = NULL;
	long i;

	if (!c || c->magic != KMEM_CACHE_MAGIC) {
		pr_err("alloc from a bad cache %p\n", (void *)c);
		return NULL;
	}
	flags = mm_lock(&c->lock);
	s = c->lists[SLAB_PARTIAL];
	if (!s && (s = c->lists[SLAB_EMPTY]))
		slab_move(c, s, SLAB_PARTIAL);
	if (!s && (s = slab_new(c)))
		slab_list_add(c, s, SLAB_PARTIAL);
	if (!s) {
		c->failed_allocs++;
		goto out;
	}

	obj = s->freelist;
	i = obj_index(c, s, obj);
	if (i < 0 || obj_allocated(s, (unsigned int)i)) {
		pr_err("%s: free list of slab %p corrupted (use after free?), rebuilt\n", c->name,
		       (void *)s);
		slab_rebuild_freelist(c, s);
		obj = s->freelist;
		i = obj_index(c, s, obj);
	}
	s->freelist = *(void **)obj;
	obj_mark(s, (unsigned int)i, true);
	if (++s->inuse == s->nobjs)
		slab_move(c, s, SLAB_FULL);
	c->in_use++;
	c->allocs++;
out:
	mm_unlock(&c->lock, flags);
	return obj;
}

/* Free obj, which lies in slab s of cache c; checked. */
static int cache_free(struct kmem_cache *c, struct slab *s, const void *obj)
{
	unsigned long flags = mm_lock(&c->lock);
	long i = obj_index(c, s, obj);
	const char *why = NULL;

	if (i < 0)
		why = "not the start of an object";
	else if (!obj_allocated(s, (unsigned int)i))
		why = "double free";
	if (why) {
		c->bad_frees++;
		mm_unlock(&c->lock, flags);
		pr_err("%s: free of %p: %s\n", c->name, obj, why);
		return MM_EINVAL;
	}

	obj_mark(s, (unsigned int)i, false);
	*(void **)obj = s->freelist;
	s->freelist = (void *)obj;
	c->in_use--;
	c->frees++;
	if (--s->inuse == 0) {
		slab_list_del(c, s);
		if (c->nr_empty < SLAB_SPARE)
			slab_list_add(c, s, SLAB_EMPTY);
		else
			slab_release(c, s);
	} else if (s->list == SLAB_FULL) {
		slab_move(c, s, SLAB_PARTIAL);
	}
	mm_unlock(&c->lock, flags);
	return 0;
}

void *kmem_cache_alloc(struct kmem_cache *c)
{
	return cache_alloc(c);
}

void *kmem_cache_zalloc(struct kmem_cache *c)
{
	void *p = cache_alloc(c);

	if (p)
		memset(p, 0, c->size);
	return p;
}

int kmem_cache_free(struct kmem_cache *c, void *obj)
{
	struct slab *s;

	if (!obj)
		return 0;
	s = slab_of(obj);
	if (!s || s->cache != c) {
		if (c && c->magic == KMEM_CACHE_MAGIC) {
			unsigned long flags = mm_lock(&c->lock);

			c->bad_frees++;
			mm_unlock(&c->lock, flags);
		}
		pr_err("kmem_cache_free(%s, %p): not an object of this cache\n",
		       c && c->magic == KMEM_CACHE_MAGIC ? c->name : "?", obj);
		return MM_EINVAL;
	}
	return cache_free(c, s, obj);
}

/* --- caches --------------------------------------------------------------- */

static void cache_link(struct kmem_cache *c)
{
	unsigned long flags = mm_lock(&slab_list_lock);

	c->next = all_caches;
	all_caches = c;
	mm_unlock(&slab_list_lock, flags);
}

static void cache_unlink(struct kmem_cache *c)
{
	unsigned long flags = mm_lock(&slab_list_lock);

	for (struct kmem_cache **pp = &all_caches; *pp; pp = &(*pp)->next) {
		if (*pp == c) {
			*pp = c->next;
			break;
		}
	}
	mm_unlock(&slab_list_lock, flags);
}

void slab_init(void)
{
	static const char *const names[KMALLOC_NR_CACHES] = {
		"kmalloc-16",  "kmalloc-32",  "kmalloc-64",   "kmalloc-128",
		"kmalloc-256", "kmalloc-512", "kmalloc-1024", "kmalloc-2048",
	};

	all_caches = NULL;
	cache_setup(&cache_cache, "kmem_cache", sizeof(struct kmem_cache), 0);
	cache_cache.builtin = true;
	cache_link(&cache_cache);
	for (unsigned int i = 0; i < KMALLOC_NR_CACHES; i++) {
		size_t size = (size_t)KMALLOC_MIN_SIZE << i;

		cache_setup(&kmalloc_caches[i], names[i], size, size);
		kmalloc_caches[i].builtin = true;
		cache_link(&kmalloc_caches[i]);
	}
}

struct kmem_cache *kmem_cache_create(const char *name, size_t size, size_t align)
{
	struct kmem_cache *c = cache_alloc(&cache_cache);

	if (!c)
		return NULL;
	if (!cache_setup(c, name, size, align)) {
		pr_err("kmem_cache_create(%s, %zu, %zu): bad size or alignment\n",
		       name ? name : "?", size, align);
		c->magic = 0;
		cache_free(&cache_cache, slab_of(c), c);
		return NULL;
	}
	c->builtin = false;
	mm_lock_init(&c->lock);
	cache_link(c);
	return c;
}

void kmem_cache_shrink(struct kmem_cache *c)
{
	unsigned long flags = mm_lock(&c->lock);
	struct slab *s;

	while ((s = c->lists[SLAB_EMPTY])) {
		slab_list_del(c, s);
		slab_release(c, s);
	}
	mm_unlock(&c->lock, flags);
}

int kmem_cache_destroy(struct kmem_cache *c)
{
	unsigned long flags;

	if (!c || c->magic != KMEM_CACHE_MAGIC || c->builtin) {
		pr_err("kmem_cache_destroy(%p): not a cache that can be destroyed\n", (void *)c);
		return MM_EINVAL;
	}
	flags = mm_lock(&c->lock);
	if (c->in_use) {
		mm_unlock(&c->lock, flags);
		pr_err("kmem_cache_destroy(%s): %llu objects still allocated\n", c->name,
		       (unsigned long long)c->in_use);
		return MM_EBUSY;
	}
	mm_unlock(&c->lock, flags);
	kmem_cache_shrink(c);
	cache_unlink(c);
	c->magic = 0;
	return cache_free(&cache_cache, slab_of(c), c);
}

void kmem_cache_stats(struct kmem_cache *c, struct kmem_cache_stats *st)
{
	unsigned long flags = mm_lock(&c->lock);

	*st = (struct kmem_cache_stats){
		.obj_size = c->size,
		.stride = c->stride,
		.align = c->align,
		.slab_order = c->order,
		.objs_per_slab = c->nobjs,
		.in_use = c->in_use,
		.slabs = c->slabs,
		.allocs = c->allocs,
		.frees = c->frees,
		.failed_allocs = c->failed_allocs,
		.bad_frees = c->bad_frees,
	};
	mm_unlock(&c->lock, flags);
}

const char *kmem_cache_name(const struct kmem_cache *c)
{
	return c->name;
}

/* --- kmalloc -------------------------------------------------------------- */

struct kmem_cache *kmalloc_cache(size_t size)
{
	unsigned int i = 0;

	if (size > KMALLOC_MAX_CACHE_SIZE)
		return NULL;
	while (((size_t)KMALLOC_MIN_SIZE << i) < size)
		i++;
	return &kmalloc_caches[i];
}

void *kmalloc(size_t size)
{
	struct kmem_cache *c;
	int order;

	if (size == 0)
		return NULL;
	c = kmalloc_cache(size);
	if (c)
		return cache_alloc(c);
	order = page_order_for(size);
	if (order < 0)
		return NULL;
	return pa_to_va(alloc_pages_tagged((unsigned int)order, PAGE_TAG_KMALLOC));
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

int kfree(const void *ptr)
{
	enum page_tag tag;
	unsigned int order;
	uintptr_t head;
	struct slab *s;

	if (!ptr)
		return 0;
	if (page_alloc_lookup(va_to_pa(ptr), &head, &order, &tag) == 0) {
		if (tag == PAGE_TAG_KMALLOC && head == va_to_pa(ptr))
			return free_pages(head, order);
		s = pa_to_va(head);
		if (tag == PAGE_TAG_SLAB && s->magic == SLAB_MAGIC)
			return cache_free(s->cache, s, ptr);
	}
	pr_err("kfree(%p): not allocated by kmalloc\n", ptr);
	return MM_EINVAL;
}

size_t ksize(const void *ptr)
{
	enum page_tag tag;
	unsigned int order;
	uintptr_t head;
	struct slab *s;

	if (!ptr || page_alloc_lookup(va_to_pa(ptr), &head, &order, &tag))
		return 0;
	if (tag == PAGE_TAG_KMALLOC && head == va_to_pa(ptr))
		return PAGE_SIZE << order;
	s = pa_to_va(head);
	if (tag == PAGE_TAG_SLAB && s->magic == SLAB_MAGIC) {
		long i = obj_index(s->cache, s, ptr);

		if (i >= 0 && obj_allocated(s, (unsigned int)i))
			return s->cache->size;
	}
	return 0;
}

/* --- checks and statistics ------------------------------------------------ */

#define CHECK(cond, ...)                               \
	do {                                           \
		if (!(cond)) {                         \
			pr_err("check: " __VA_ARGS__); \
			return MM_EINVAL;              \
		}                                      \
	} while (0)

static int check_slab(struct kmem_cache *c, struct slab *s, enum slab_list l)
{
	unsigned int used = 0, nfree = 0;

	CHECK(s->magic == SLAB_MAGIC && s->cache == c, "%s: slab %p bad header\n", c->name,
	      (void *)s);
	CHECK(s->list == l && s->nobjs == c->nobjs, "%s: slab %p on wrong list\n", c->name,
	      (void *)s);
	for (unsigned int i = 0; i < s->nobjs; i++)
		used += obj_allocated(s, i);
	CHECK(used == s->inuse, "%s: slab %p: %u allocated, inuse %u\n", c->name, (void *)s, used,
	      s->inuse);
	for (void *p = s->freelist; p; p = *(void **)p) {
		long i = obj_index(c, s, p);

		CHECK(i >= 0 && !obj_allocated(s, (unsigned int)i) && ++nfree <= s->nobjs,
		      "%s: slab %p: bad free list entry %p\n", c->name, (void *)s, p);
	}
	CHECK(nfree == s->nobjs - s->inuse, "%s: slab %p: %u on free list, expected %u\n", c->name,
	      (void *)s, nfree, s->nobjs - s->inuse);
	CHECK(l == SLAB_EMPTY  ? s->inuse == 0
	      : l == SLAB_FULL ? s->inuse == s->nobjs
			       : s->inuse > 0 && s->inuse < s->nobjs,
	      "%s: slab %p with %u objects on list %u\n", c->name, (void *)s, s->inuse, l);
	return 0;
}

static int check_cache_locked(struct kmem_cache *c)
{
	u64 slabs = 0, in_use = 0;
	unsigned int empty = 0;

	CHECK(c->magic == KMEM_CACHE_MAGIC, "cache %p: bad magic\n", (void *)c);
	for (unsigned int l = SLAB_PARTIAL; l <= SLAB_EMPTY; l++) {
		struct slab *prev = NULL;

		for (struct slab *s = c->lists[l]; s; prev = s, s = s->next) {
			CHECK(s->prev == prev, "%s: slab %p: bad prev link\n", c->name, (void *)s);
			if (check_slab(c, s, l))
				return MM_EINVAL;
			slabs++;
			in_use += s->inuse;
			empty += l == SLAB_EMPTY;
		}
	}
	CHECK(slabs == c->slabs && in_use == c->in_use && empty == c->nr_empty,
	      "%s: counters disagree with the slabs\n", c->name);
	return 0;
}

int kmem_cache_check(struct kmem_cache *c)
{
	unsigned long flags = mm_lock(&c->lock);
	int ret = check_cache_locked(c);

	mm_unlock(&c->lock, flags);
	return ret;
}

int slab_check(void)
{
	unsigned long flags = mm_lock(&slab_list_lock);
	int ret = 0;

	for (struct kmem_cache *c = all_caches; c && !ret; c = c->next)
		ret = kmem_cache_check(c);
	mm_unlock(&slab_list_lock, flags);
	return ret;
}

void slab_dump(void)
{
	unsigned long flags = mm_lock(&slab_list_lock);

	printk("%-16s %6s %6s %5s %8s %8s %10s\n", "cache", "size", "stride", "order", "objs",
	       "slabs", "allocs");
	for (struct kmem_cache *c = all_caches; c; c = c->next) {
		struct kmem_cache_stats st;

		kmem_cache_stats(c, &st);
		printk("%-16s %6zu %6zu %5u %8llu %8llu %10llu\n", c->name, st.obj_size, st.stride,
		       st.slab_order, (unsigned long long)st.in_use, (unsigned long long)st.slabs,
		       (unsigned long long)st.allocs);
	}
	mm_unlock(&slab_list_lock, flags);
}
