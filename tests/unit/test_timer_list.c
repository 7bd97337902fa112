// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the ktimer list (kernel/timer_list.c) and the counter
 * tick / nanosecond conversions of <avatar/time.h>: ordering, FIFO among
 * equal deadlines, removal anywhere, expiry against "now", a long random
 * run against a reference model, and exact rounding (never early) of the
 * conversions at real counter frequencies, checked with 128-bit
 * arithmetic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include <avatar/time.h>
#include <avatar/timer_list.h>

#define NODES 64

static struct timer_node *pop_all(struct timer_list *list, struct timer_node **out, size_t max)
{
	size_t n = 0;
	struct timer_node *node;

	while ((node = timer_list_pop_expired(list, UINT64_MAX))) {
		assert_true(n < max);
		assert_false(timer_node_queued(node));
		out[n++] = node;
	}
	return n ? out[n - 1] : NULL;
}

static void test_sorted_and_fifo(void **state)
{
	static const u64 deadlines[] = {50, 10, 30, 10, 70, 30, 0, 10};
	static const int order[] = {6, 1, 3, 7, 2, 5, 0, 4}; /* by deadline, then insertion */
	struct timer_node nodes[8], *out[8];
	struct timer_list list;
	size_t i;

	(void)state;
	timer_list_init(&list);
	assert_null(timer_list_first(&list));
	for (i = 0; i < 8; i++) {
		timer_node_init(&nodes[i]);
		assert_false(timer_node_queued(&nodes[i]));
		timer_list_add(&list, &nodes[i], deadlines[i]);
		assert_true(timer_node_queued(&nodes[i]));
	}
	assert_ptr_equal(timer_list_first(&list), &nodes[6]);
	pop_all(&list, out, 8);
	for (i = 0; i < 8; i++)
		assert_ptr_equal(out[i], &nodes[order[i]]);
	assert_null(timer_list_first(&list));
}

static void test_delete_anywhere(void **state)
{
	struct timer_node nodes[5], *out[5];
	struct timer_list list;
	size_t i;

	(void)state;
	timer_list_init(&list);
	for (i = 0; i < 5; i++) {
		timer_node_init(&nodes[i]);
		timer_list_add(&list, &nodes[i], 100 + i);
	}
	timer_list_del(&nodes[0]); /* head */
	timer_list_del(&nodes[2]); /* middle */
	timer_list_del(&nodes[4]); /* tail */
	assert_false(timer_node_queued(&nodes[2]));
	assert_ptr_equal(timer_list_first(&list), &nodes[1]);
	/* A removed node can be queued again. */
	timer_list_add(&list, &nodes[2], 1);
	pop_all(&list, out, 5);
	assert_ptr_equal(out[0], &nodes[2]);
	assert_ptr_equal(out[1], &nodes[1]);
	assert_ptr_equal(out[2], &nodes[3]);
	assert_null(timer_list_first(&list));
}

static void test_pop_expired_respects_now(void **state)
{
	struct timer_node a, b;
	struct timer_list list;

	(void)state;
	timer_list_init(&list);
	timer_node_init(&a);
	timer_node_init(&b);
	timer_list_add(&list, &a, 1000);
	timer_list_add(&list, &b, 2000);
	assert_null(timer_list_pop_expired(&list, 999));
	assert_ptr_equal(timer_list_pop_expired(&list, 1000), &a); /* at the deadline: due */
	assert_null(timer_list_pop_expired(&list, 1999));
	assert_ptr_equal(timer_list_pop_expired(&list, 5000), &b);
	assert_null(timer_list_pop_expired(&list, UINT64_MAX));
}

/* Random add / delete / expire against a reference: an array with insertion sequence numbers. */
static void test_random_against_model(void **state)
{
	struct timer_node nodes[NODES];
	u64 seq[NODES], next_seq = 0, now = 0;
	bool queued[NODES] = {false};
	struct timer_list list;
	unsigned int step, i;

	(void)state;
	srand(12345);
	timer_list_init(&list);
	for (i = 0; i < NODES; i++)
		timer_node_init(&nodes[i]);
	for (step = 0; step < 200000; step++) {
		unsigned int op = (unsigned int)rand() % 4;
		struct timer_node *got;
		int want = -1;

		i = (unsigned int)rand() % NODES;
		if (op == 0 || op == 1) { /* (re)start */
			if (queued[i])
				timer_list_del(&nodes[i]);
			timer_list_add(&list, &nodes[i], now + (u64)(rand() % 64));
			queued[i] = true;
			seq[i] = next_seq++;
		} else if (op == 2) { /* cancel */
			if (queued[i])
				timer_list_del(&nodes[i]);
			queued[i] = false;
		} else { /* time passes; expire one */
			now += (u64)(rand() % 8);
			for (i = 0; i < NODES; i++) {
				if (!queued[i] || nodes[i].deadline > now)
					continue;
				if (want < 0 || nodes[i].deadline < nodes[want].deadline ||
				    (nodes[i].deadline == nodes[want].deadline &&
				     seq[i] < seq[want]))
					want = (int)i;
			}
			got = timer_list_pop_expired(&list, now);
			if (want < 0) {
				assert_null(got);
			} else {
				assert_ptr_equal(got, &nodes[want]);
				queued[want] = false;
			}
		}
		for (i = 0; i < NODES; i++)
			assert_int_equal(timer_node_queued(&nodes[i]), queued[i]);
	}
}

static void check_conversions(u64 freq)
{
	static const u64 samples[] = {0,
				      1,
				      15,
				      16,
				      999,
				      NSEC_PER_USEC,
				      NSEC_PER_MSEC + 1,
				      NSEC_PER_SEC - 1,
				      NSEC_PER_SEC,
				      NSEC_PER_SEC + 1,
				      86400ULL * NSEC_PER_SEC + 123456789,
				      10ULL * 365 * 86400 * NSEC_PER_SEC + 7};
	size_t i;

	for (i = 0; i < sizeof(samples) / sizeof(samples[0]); i++) {
		u64 ns = samples[i], ticks = ns_to_ticks(ns, freq);
		unsigned __int128 t_ns = (unsigned __int128)ticks * NSEC_PER_SEC;
		unsigned __int128 want = (unsigned __int128)ns * freq;

		/* Smallest tick count whose time is not before ns. */
		assert_true(t_ns >= want);
		if (ticks)
			assert_true(t_ns - NSEC_PER_SEC < want);
		/* ticks_to_ns rounds down exactly. */
		assert_int_equal(ticks_to_ns(ticks, freq),
				 (u64)((unsigned __int128)ticks * NSEC_PER_SEC / freq));
		assert_true(ticks_to_ns(ticks, freq) >= ns);
		assert_int_equal(ticks_to_ns(ns, freq),
				 (u64)((unsigned __int128)ns * NSEC_PER_SEC / freq));
	}
}

static void test_conversions(void **state)
{
	(void)state;
	check_conversions(62500000);   /* QEMU virt */
	check_conversions(54000000);   /* Raspberry Pi 4 */
	check_conversions(19200000);   /* many SoCs */
	check_conversions(1000000000); /* Armv8.6+ mandates 1 GHz */
	check_conversions(24000000);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sorted_and_fifo),
		cmocka_unit_test(test_delete_anywhere),
		cmocka_unit_test(test_pop_expired_respects_now),
		cmocka_unit_test(test_random_against_model),
		cmocka_unit_test(test_conversions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
