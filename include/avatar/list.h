/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Intrusive circular doubly linked lists (the Linux list_head idiom): a
 * struct list_head is embedded in each element; an empty list, and a
 * node that is on no list after list_del_init(), point at themselves.
 * Header-only and freestanding, so host unit tests use it too.
 */
#ifndef AVATAR_LIST_H
#define AVATAR_LIST_H

#include <stddef.h>
#include <avatar/types.h>

struct list_head {
	struct list_head *next, *prev;
};

/* The struct of type 'type' whose member 'member' is at address 'ptr'. */
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}

#define list_entry(ptr, type, member)	     container_of(ptr, type, member)
#define list_first_entry(head, type, member) list_entry((head)->next, type, member)

#define list_for_each(pos, head) for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

static inline void list_init(struct list_head *head)
{
	head->next = head;
	head->prev = head;
}

static inline bool list_empty(const struct list_head *head)
{
	return head->next == head;
}

/* Insert 'node' between two adjacent nodes. */
static inline void __list_insert(struct list_head *node, struct list_head *prev,
				 struct list_head *next)
{
	next->prev = node;
	node->next = next;
	node->prev = prev;
	prev->next = node;
}

/* Add at the front (after head). */
static inline void list_add(struct list_head *node, struct list_head *head)
{
	__list_insert(node, head, head->next);
}

/* Add at the back (before head). */
static inline void list_add_tail(struct list_head *node, struct list_head *head)
{
	__list_insert(node, head->prev, head);
}

/* Remove 'node' from its list and make it an empty list of its own. */
static inline void list_del_init(struct list_head *node)
{
	node->prev->next = node->next;
	node->next->prev = node->prev;
	list_init(node);
}

#endif /* AVATAR_LIST_H */
