// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the scheduler's priority queue (kernel/sched/runqueue.c):
 * the bitmap of non-empty levels, FIFO order within a level, front
 * insertion, removal from the middle, filtered search, and a randomised
 * comparison against a simple reference model.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "../../kernel/sched/runqueue.h"

#define NODES 64

struct item {
	struct list_head node;
	int prio;
	int id;
	bool queued;
};

static struct item items[NODES];

static struct item *item_of(struct list_head *node)
{
	return container_of(node, struct item, node);
}

static void setup_items(void)
{
	int i;

	for (i = 0; i < NODES; i++) {
		items[i].id = i;
		items[i].prio = 0;
		items[i].queued = false;
		list_init(&items[i].node);
	}
}

static void test_empty(void **state)
{
	struct prioq q;

	(void)state;
	prioq_init(&q);
	assert_int_equal(prioq_best(&q), -1);
	assert_null(prioq_pop(&q, NULL));
	assert_int_equal(q.nr, 0);
	assert_int_equal(q.bitmap, 0);
}

static void test_best_is_lowest_number(void **state)
{
	struct prioq q;
	int prio;

	(void)state;
	setup_items();
	prioq_init(&q);
	prioq_add_tail(&q, &items[0].node, 31);
	assert_int_equal(prioq_best(&q), 31);
	prioq_add_tail(&q, &items[1].node, 7);
	prioq_add_tail(&q, &items[2].node, 16);
	assert_int_equal(prioq_best(&q), 7);
	assert_int_equal(q.bitmap, (1U << 31) | (1U << 7) | (1U << 16));
	assert_int_equal(q.nr, 3);
	assert_ptr_equal(prioq_pop(&q, &prio), &items[1].node);
	assert_int_equal(prio, 7);
	assert_ptr_equal(prioq_pop(&q, &prio), &items[2].node);
	assert_int_equal(prio, 16);
	assert_ptr_equal(prioq_pop(&q, &prio), &items[0].node);
	assert_int_equal(prio, 31);
	assert_int_equal(prioq_best(&q), -1);
	assert_int_equal(q.bitmap, 0);
}

static void test_fifo_within_level_and_head_insert(void **state)
{
	struct prioq q;
	int i;

	(void)state;
	setup_items();
	prioq_init(&q);
	for (i = 0; i < 4; i++)
		prioq_add_tail(&q, &items[i].node, 0);
	prioq_add_head(&q, &items[4].node, 0); /* a preempted thread keeps its turn */
	assert_ptr_equal(prioq_pop(&q, NULL), &items[4].node);
	for (i = 0; i < 4; i++)
		assert_ptr_equal(prioq_pop(&q, NULL), &items[i].node);
	assert_null(prioq_pop(&q, NULL));
}

static void test_remove_keeps_bitmap_right(void **state)
{
	struct prioq q;

	(void)state;
	setup_items();
	prioq_init(&q);
	prioq_add_tail(&q, &items[0].node, 3);
	prioq_add_tail(&q, &items[1].node, 3);
	prioq_add_tail(&q, &items[2].node, 9);
	prioq_remove(&q, &items[0].node, 3);
	assert_int_equal(prioq_best(&q), 3); /* items[1] still there */
	prioq_remove(&q, &items[1].node, 3);
	assert_int_equal(prioq_best(&q), 9);
	assert_int_equal(q.bitmap, 1U << 9);
	assert_true(list_empty(&items[1].node)); /* removed nodes are self-linked */
	prioq_remove(&q, &items[2].node, 9);
	assert_int_equal(q.nr, 0);
	assert_int_equal(q.bitmap, 0);
}

static bool is_odd(struct list_head *node, void *arg)
{
	(void)arg;
	return item_of(node)->id & 1;
}

static bool never(struct list_head *node, void *arg)
{
	(void)node;
	(void)arg;
	return false;
}

static void test_find_highest_matching(void **state)
{
	struct prioq q;
	int prio = -1;

	(void)state;
	setup_items();
	prioq_init(&q);
	prioq_add_tail(&q, &items[2].node, 1); /* even: skipped */
	prioq_add_tail(&q, &items[4].node, 5);
	prioq_add_tail(&q, &items[7].node, 5); /* first odd at the best level with one */
	prioq_add_tail(&q, &items[9].node, 5);
	prioq_add_tail(&q, &items[3].node, 20);
	assert_ptr_equal(prioq_find(&q, is_odd, NULL, &prio), &items[7].node);
	assert_int_equal(prio, 5);
	assert_null(prioq_find(&q, never, NULL, NULL));
	assert_int_equal(q.nr, 5); /* find does not remove */
}

/* Random operations against a reference: an array of (prio, sequence) pairs. */
static void test_random_against_model(void **state)
{
	/* Order within a level: tail adds count up from 1, head adds down from 0. */
	long seq[NODES] = {0}, next_tail = 1, next_head = 0;
	struct prioq q;
	int step;

	(void)state;
	setup_items();
	prioq_init(&q);
	srand(1234);
	for (step = 0; step < 20000; step++) {
		int i = rand() % NODES, op = rand() % 4;
		struct item *it = &items[i];

		if (op <= 1 && !it->queued) { /* add */
			it->prio = rand() % PRIOQ_LEVELS;
			it->queued = true;
			if (op == 0) {
				prioq_add_tail(&q, &it->node, it->prio);
				seq[i] = next_tail++;
			} else {
				prioq_add_head(&q, &it->node, it->prio);
				seq[i] = next_head--;
			}
		} else if (op == 2 && it->queued) {
			prioq_remove(&q, &it->node, it->prio);
			it->queued = false;
		} else if (op == 3) {
			/* The model's choice: lowest prio, then lowest sequence number. */
			int j, want = -1;
			struct list_head *got;
			int prio;

			for (j = 0; j < NODES; j++) {
				if (!items[j].queued)
					continue;
				if (want < 0 || items[j].prio < items[want].prio ||
				    (items[j].prio == items[want].prio && seq[j] < seq[want]))
					want = j;
			}
			got = prioq_pop(&q, &prio);
			if (want < 0) {
				assert_null(got);
				continue;
			}
			assert_ptr_equal(got, &items[want].node);
			assert_int_equal(prio, items[want].prio);
			items[want].queued = false;
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_best_is_lowest_number),
		cmocka_unit_test(test_fifo_within_level_and_head_insert),
		cmocka_unit_test(test_remove_keeps_bitmap_right),
		cmocka_unit_test(test_find_highest_matching),
		cmocka_unit_test(test_random_against_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
