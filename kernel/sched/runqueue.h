/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A priority queue of list nodes for the run queues: one FIFO list per
 * priority level and a bitmap of the non-empty levels, so that finding
 * the highest priority (the lowest number) is one count-trailing-zeros.
 * Pure data-structure code with no locking, also built into the host
 * unit test tests/unit/test_runqueue.c.
 */
#ifndef KERNEL_SCHED_RUNQUEUE_H
#define KERNEL_SCHED_RUNQUEUE_H

#include <avatar/list.h>
#include <avatar/types.h>

#define PRIOQ_LEVELS 32 /* = THREAD_NR_PRIO; one bit per level in a u32 */

struct prioq {
	u32 bitmap; /* bit p set: level p is not empty */
	unsigned int nr;
	struct list_head level[PRIOQ_LEVELS];
};

void prioq_init(struct prioq *q);
/* Append at the back of level prio (round robin order). */
void prioq_add_tail(struct prioq *q, struct list_head *node, int prio);
/* Put at the front of level prio (a preempted thread keeps its turn). */
void prioq_add_head(struct prioq *q, struct list_head *node, int prio);
/* Remove a node known to be queued at level prio. */
void prioq_remove(struct prioq *q, struct list_head *node, int prio);
/* Highest priority present, or -1 when empty. */
int prioq_best(const struct prioq *q);
/* Remove and return the first node of the highest level, NULL when empty. */
struct list_head *prioq_pop(struct prioq *q, int *prio);
/*
 * First node, highest level first and FIFO within a level, for which
 * match(node, arg) is true; NULL if none. Its level goes to *prio.
 */
struct list_head *prioq_find(const struct prioq *q, bool (*match)(struct list_head *, void *),
			     void *arg, int *prio);

#endif /* KERNEL_SCHED_RUNQUEUE_H */
