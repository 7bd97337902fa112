// SPDX-License-Identifier: GPL-2.0
/*
 * The thread pool: CONFIG_MAX_THREADS control blocks and stacks in BSS,
 * handed out from a free list. A static pool needs no allocator at boot
 * and bounds the memory threads can take; when kmalloc is wired into
 * boot, thread_pool_alloc() is the one place to change.
 *
 * Slots stay valid memory forever, so a late timer or wake-up aimed at a
 * thread that has exited finds a DEAD (or reused) slot, never unmapped
 * memory; wakers check the state under the thread's lock.
 */
#include <avatar/compiler.h>
#include <avatar/list.h>
#include <avatar/spinlock.h>
#include <avatar/string.h>

#include "sched_internal.h"

_Static_assert(CONFIG_THREAD_STACK_SIZE % 16 == 0, "stacks must stay 16-byte aligned");

static struct thread pool[CONFIG_MAX_THREADS];
static u8 stacks[CONFIG_MAX_THREADS][CONFIG_THREAD_STACK_SIZE] __aligned(16);

static DEFINE_SPINLOCK(pool_lock);
static struct list_head free_slots; /* struct thread.rq_node of free slots */
static unsigned int nr_used;
static unsigned int next_id = CONFIG_NR_CPUS; /* 0..NR_CPUS-1 are the idle threads */

void thread_pool_init(void)
{
	unsigned int i;

	list_init(&free_slots);
	for (i = 0; i < CONFIG_MAX_THREADS; i++) {
		pool[i].slot = i;
		pool[i].state = THREAD_DEAD;
		list_add_tail(&pool[i].rq_node, &free_slots);
	}
}

struct thread *thread_pool_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&pool_lock);
	struct thread *t = NULL;
	unsigned int slot, id;

	if (!list_empty(&free_slots)) {
		t = list_first_entry(&free_slots, struct thread, rq_node);
		list_del_init(&t->rq_node);
		nr_used++;
		id = next_id++;
	}
	spin_unlock_irqrestore(&pool_lock, flags);
	if (!t)
		return NULL;

	slot = t->slot;
	memset(t, 0, sizeof(*t));
	t->slot = slot;
	t->id = id;
	t->stack_base = (uintptr_t)stacks[slot];
	t->stack_size = CONFIG_THREAD_STACK_SIZE;
	*(u64 *)t->stack_base = THREAD_STACK_MAGIC;
	return t;
}

void thread_pool_free(struct thread *t)
{
	unsigned long flags = spin_lock_irqsave(&pool_lock);

	t->state = THREAD_DEAD;
	list_add_tail(&t->rq_node, &free_slots);
	nr_used--;
	spin_unlock_irqrestore(&pool_lock, flags);
}

struct thread *thread_pool_get(unsigned int slot)
{
	return slot < CONFIG_MAX_THREADS ? &pool[slot] : NULL;
}

unsigned int thread_count(void)
{
	return READ_ONCE(nr_used);
}

void thread_for_each(void (*fn)(struct thread *t, void *arg), void *arg)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < CONFIG_NR_CPUS; i++)
		if (READ_ONCE(runqueues[i].online))
			fn(&idle_threads[i], arg);
	flags = spin_lock_irqsave(&pool_lock);
	for (i = 0; i < CONFIG_MAX_THREADS; i++)
		if (pool[i].state != THREAD_DEAD)
			fn(&pool[i], arg);
	spin_unlock_irqrestore(&pool_lock, flags);
}
