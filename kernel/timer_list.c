// SPDX-License-Identifier: GPL-2.0
/* A deadline-sorted list of timer nodes; see <avatar/timer_list.h>. */
#include <avatar/timer_list.h>

void timer_list_add(struct timer_list *list, struct timer_node *node, u64 deadline)
{
	struct timer_node **link = &list->first;

	while (*link && (*link)->deadline <= deadline)
		link = &(*link)->next;
	node->deadline = deadline;
	node->next = *link;
	if (node->next)
		node->next->pprev = &node->next;
	node->pprev = link;
	*link = node;
}

void timer_list_del(struct timer_node *node)
{
	*node->pprev = node->next;
	if (node->next)
		node->next->pprev = node->pprev;
	node->next = NULL;
	node->pprev = NULL;
}

struct timer_node *timer_list_pop_expired(struct timer_list *list, u64 now)
{
	struct timer_node *node = list->first;

	if (!node || node->deadline > now)
		return NULL;
	timer_list_del(node);
	return node;
}
