/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A list of timer nodes sorted by deadline (kernel/timer_list.c): the
 * pure data structure under the per-CPU ktimer lists, with no locking and
 * no hardware, so it is unit-tested on the host.
 *
 * Nodes with equal deadlines stay in the order they were added (a timer
 * re-armed for the same instant fires after those already waiting).
 * Adding is O(n) in the timers queued, finding and removing the earliest
 * O(1), removing any node O(1) (doubly linked through pprev).
 */
#ifndef AVATAR_TIMER_LIST_H
#define AVATAR_TIMER_LIST_H

#include <avatar/types.h>

struct timer_node {
	struct timer_node *next;
	struct timer_node **pprev; /* NULL when not on a list */
	u64 deadline;
};

struct timer_list {
	struct timer_node *first;
};

static inline void timer_list_init(struct timer_list *list)
{
	list->first = NULL;
}

static inline void timer_node_init(struct timer_node *node)
{
	node->next = NULL;
	node->pprev = NULL;
	node->deadline = 0;
}

static inline bool timer_node_queued(const struct timer_node *node)
{
	return node->pprev != NULL;
}

/* The node with the earliest deadline, or NULL. */
static inline struct timer_node *timer_list_first(const struct timer_list *list)
{
	return list->first;
}

/* Queue node (not queued) at deadline, after any node with the same deadline. */
void timer_list_add(struct timer_list *list, struct timer_node *node, u64 deadline);
/* Remove node, which must be queued. */
void timer_list_del(struct timer_node *node);
/* Remove and return the earliest node if its deadline is <= now, else NULL. */
struct timer_node *timer_list_pop_expired(struct timer_list *list, u64 now);

#endif /* AVATAR_TIMER_LIST_H */
