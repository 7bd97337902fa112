// SPDX-License-Identifier: GPL-2.0
/* Priority levels with a bitmap (see runqueue.h). */
#include "runqueue.h"

void prioq_init(struct prioq *q)
{
	unsigned int i;

	q->bitmap = 0;
	q->nr = 0;
	for (i = 0; i < PRIOQ_LEVELS; i++)
		list_init(&q->level[i]);
}

void prioq_add_tail(struct prioq *q, struct list_head *node, int prio)
{
	list_add_tail(node, &q->level[prio]);
	q->bitmap |= 1U << prio;
	q->nr++;
}

void prioq_add_head(struct prioq *q, struct list_head *node, int prio)
{
	list_add(node, &q->level[prio]);
	q->bitmap |= 1U << prio;
	q->nr++;
}

void prioq_remove(struct prioq *q, struct list_head *node, int prio)
{
	list_del_init(node);
	if (list_empty(&q->level[prio]))
		q->bitmap &= ~(1U << prio);
	q->nr--;
}

int prioq_best(const struct prioq *q)
{
	return q->bitmap ? __builtin_ctz(q->bitmap) : -1;
}

struct list_head *prioq_pop(struct prioq *q, int *prio)
{
	int p = prioq_best(q);
	struct list_head *node;

	if (p < 0)
		return NULL;
	node = q->level[p].next;
	prioq_remove(q, node, p);
	if (prio)
		*prio = p;
	return node;
}

struct list_head *prioq_find(const struct prioq *q, bool (*match)(struct list_head *, void *),
			     void *arg, int *prio)
{
	u32 levels = q->bitmap;

	while (levels) {
		int p = __builtin_ctz(levels);
		struct list_head *node;

		list_for_each(node, &q->level[p])
		{
			if (match(node, arg)) {
				if (prio)
					*prio = p;
				return node;
			}
		}
		levels &= levels - 1;
	}
	return NULL;
}
