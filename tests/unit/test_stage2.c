// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 2 tables (hypervisor/stage2.c) on the host, tables from the real
 * buddy allocator over fake RAM: block versus page selection by the
 * alignment of IPA, PA and size, walking back every mapping, descriptor
 * bits (S2AP, MemAttr, SH, AF, XN, type) against the Arm ARM encodings,
 * overlap refusal, unmap splitting blocks (with a TLB flush), the
 * concatenated 40-bit root, VTCR_EL2 fields, and every table freed.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <avatar/page_alloc.h>
#include <hypervisor/stage2.h>
#include "mm/mm_test.h"

#define KIB	 (1ULL << 10)
#define MIB	 (1ULL << 20)
#define GIB	 (1ULL << 30)
#define RAM_SIZE (16 * MIB)

static uintptr_t ram;
static unsigned int tlb_flushes;

void stage2_arch_tlb_flush(const struct stage2 *s2)
{
	(void)s2;
	tlb_flushes++;
}

static int setup(void **state)
{
	(void)state;
	page_alloc_init();
	ram = fake_ram_map(RAM_SIZE, 2 * MIB);
	assert_int_equal(page_alloc_add_range(ram, RAM_SIZE), 0);
	tlb_flushes = 0;
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	page_alloc_init();
	fake_ram_unmap(ram, RAM_SIZE);
	return 0;
}

static u64 free_pages_now(void)
{
	struct page_alloc_stats st;

	page_alloc_stats(&st);
	return st.free_pages;
}

/* Walk ipa; check it maps to pa at level with descriptor type bits. */
static u64 expect_leaf(struct stage2 *s2, u64 ipa, u64 pa, unsigned int level)
{
	u64 got, desc;
	unsigned int lvl;

	assert_true(stage2_walk(s2, ipa, &got, &desc, &lvl));
	assert_int_equal(got, pa);
	assert_int_equal(lvl, level);
	/* Block at levels 1-2 is 0b01, a page at level 3 is 0b11 (D8.3.1). */
	assert_int_equal(desc & 3, level == 3 ? 3 : 1);
	return desc;
}

static void test_vtcr_and_ipa_bits(void **state)
{
	(void)state;
	assert_int_equal(stage2_ipa_bits(0), 32);
	assert_int_equal(stage2_ipa_bits(1), 36);
	assert_int_equal(stage2_ipa_bits(2), 40);
	assert_int_equal(stage2_ipa_bits(5), 40);

	u64 vtcr = stage2_vtcr(40, 2, false);
	assert_int_equal(vtcr & 0x3f, 24);			   /* T0SZ = 64 - 40 */
	assert_int_equal((vtcr >> 6) & 3, 1);			   /* SL0: start at level 1 */
	assert_int_equal((vtcr >> 8) & 3, 1);			   /* IRGN0 WBWA */
	assert_int_equal((vtcr >> 10) & 3, 1);			   /* ORGN0 WBWA */
	assert_int_equal((vtcr >> 12) & 3, 3);			   /* SH0 inner shareable */
	assert_int_equal((vtcr >> 14) & 3, 0);			   /* TG0 4 KiB */
	assert_int_equal((vtcr >> 16) & 7, 2);			   /* PS 40 bits */
	assert_int_equal((vtcr >> 19) & 1, 0);			   /* 8-bit VMID */
	assert_int_equal((vtcr >> 31) & 1, 1);			   /* RES1 */
	assert_int_equal((stage2_vtcr(40, 6, true) >> 16) & 7, 5); /* 52 -> 48 */
	assert_int_equal((stage2_vtcr(40, 6, true) >> 19) & 1, 1);
}

static void test_root_concatenated(void **state)
{
	struct stage2 s2;
	u64 before = free_pages_now();

	(void)state;
	assert_int_equal(stage2_init(&s2, 40, 5), 0);
	assert_int_equal(s2.root_order, 1); /* two level 1 tables */
	assert_int_equal(s2.root % (8 * KIB), 0);
	assert_int_equal(stage2_vttbr(&s2), s2.root | (5ULL << 48));
	/* The top of a 40-bit space is reached through the second table. */
	assert_int_equal(stage2_map(&s2, 0xff00000000ULL, 0x80000000ULL, GIB, S2_PROT_RAM), 0);
	expect_leaf(&s2, 0xff00001000ULL, 0x80001000ULL, 1);
	assert_int_equal(stage2_map(&s2, 1ULL << 40, 0, S2_PAGE_SIZE, S2_PROT_RAM), MM_EINVAL);
	assert_false(stage2_walk(&s2, 1ULL << 40, NULL, NULL, NULL));
	stage2_destroy(&s2);
	assert_int_equal(free_pages_now(), before);

	assert_int_equal(stage2_init(&s2, 31, 1), MM_EINVAL);
	assert_int_equal(stage2_init(&s2, 32, 1), 0);
	assert_int_equal(s2.root_order, 0);
	stage2_destroy(&s2);
}

static void test_block_selection(void **state)
{
	struct stage2 s2;
	u64 desc;

	(void)state;
	assert_int_equal(stage2_init(&s2, 40, 1), 0);
	/* 1 GiB aligned both sides: one level 1 block. */
	assert_int_equal(stage2_map(&s2, 1 * GIB, 3 * GIB, GIB, S2_PROT_RAM), 0);
	expect_leaf(&s2, 1 * GIB + 0x1234000, 3 * GIB + 0x1234000, 1);
	assert_int_equal(s2.nr_tables, 1);

	/* 2 MiB aligned, 6 MiB + 8 KiB: three 2 MiB blocks and two pages. */
	assert_int_equal(
		stage2_map(&s2, 4 * GIB, 8 * GIB + 2 * MIB, 6 * MIB + 8 * KIB, S2_PROT_RAM), 0);
	expect_leaf(&s2, 4 * GIB, 8 * GIB + 2 * MIB, 2);
	expect_leaf(&s2, 4 * GIB + 4 * MIB + 5, 8 * GIB + 6 * MIB + 5, 2);
	expect_leaf(&s2, 4 * GIB + 6 * MIB + 4 * KIB, 8 * GIB + 8 * MIB + 4 * KIB, 3);
	assert_false(stage2_walk(&s2, 4 * GIB + 6 * MIB + 8 * KIB, NULL, NULL, NULL));

	/* IPA 2 MiB aligned but PA only 4 KiB aligned: pages only. */
	assert_int_equal(stage2_map(&s2, 6 * GIB, 0x12345000, 2 * MIB, S2_PROT_RAM), 0);
	expect_leaf(&s2, 6 * GIB, 0x12345000, 3);
	expect_leaf(&s2, 6 * GIB + 2 * MIB - 4 * KIB, 0x12345000 + 2 * MIB - 4 * KIB, 3);

	/* RAM leaf bits: MemAttr 0b1111, S2AP 0b11, SH 0b11, AF, executable. */
	desc = expect_leaf(&s2, 1 * GIB, 3 * GIB, 1);
	assert_int_equal((desc >> 2) & 0xf, 0xf);
	assert_int_equal((desc >> 6) & 3, 3);
	assert_int_equal((desc >> 8) & 3, 3);
	assert_int_equal((desc >> 10) & 1, 1);
	assert_int_equal((desc >> 54) & 1, 0);

	/* Device: MemAttr 0b0001 (Device-nGnRE), execute-never. */
	assert_int_equal(stage2_map(&s2, 0x09000000, 0x09000000, 4 * KIB, S2_PROT_DEVICE), 0);
	desc = expect_leaf(&s2, 0x09000000, 0x09000000, 3);
	assert_int_equal((desc >> 2) & 0xf, 1);
	assert_int_equal((desc >> 6) & 3, 3);
	assert_int_equal((desc >> 10) & 1, 1);
	assert_int_equal((desc >> 54) & 1, 1);
	stage2_destroy(&s2);
}

static void test_overlap_refused(void **state)
{
	struct stage2 s2;

	(void)state;
	assert_int_equal(stage2_init(&s2, 40, 1), 0);
	assert_int_equal(stage2_map(&s2, 0x40000000, 0x80000000, 4 * MIB, S2_PROT_RAM), 0);
	unsigned int tables = s2.nr_tables;
	assert_int_equal(
		stage2_map(&s2, 0x40000000 + 4 * MIB - 4 * KIB, 0x1000, 8 * KIB, S2_PROT_RAM),
		MM_EEXIST);
	assert_int_equal(stage2_map(&s2, 0, 0, 2 * GIB, S2_PROT_RAM), MM_EEXIST);
	/* Nothing changed: the page after the mapping is still free. */
	assert_false(stage2_walk(&s2, 0x40000000 + 4 * MIB, NULL, NULL, NULL));
	assert_int_equal(s2.nr_tables, tables);
	expect_leaf(&s2, 0x40000000 + 4 * MIB - 4 * KIB, 0x80000000 + 4 * MIB - 4 * KIB, 2);
	/* Bad arguments. */
	assert_int_equal(stage2_map(&s2, 0x1001, 0, 4 * KIB, S2_PROT_RAM), MM_EINVAL);
	assert_int_equal(stage2_map(&s2, 0x1000, 0x10, 4 * KIB, S2_PROT_RAM), MM_EINVAL);
	assert_int_equal(stage2_map(&s2, 0x1000, 0, 0, S2_PROT_RAM), MM_EINVAL);
	assert_int_equal(stage2_map(&s2, 0x1000, 0, 4 * KIB, S2_ADDR_MASK), MM_EINVAL);
	stage2_destroy(&s2);
}

static void test_unmap_splits(void **state)
{
	struct stage2 s2;
	u64 before = free_pages_now();

	(void)state;
	assert_int_equal(stage2_init(&s2, 40, 1), 0);
	assert_int_equal(stage2_map(&s2, 0, 2 * GIB, GIB, S2_PROT_RAM), 0);
	tlb_flushes = 0;
	/* One page out of the middle of a 1 GiB block: split to 2 MiB, then to 4 KiB. */
	assert_int_equal(stage2_unmap(&s2, 3 * MIB + 1, 4 * KIB), MM_EINVAL);
	assert_int_equal(stage2_unmap(&s2, 3 * MIB, 4 * KIB), 0);
	assert_true(tlb_flushes >= 1);
	assert_false(stage2_walk(&s2, 3 * MIB, NULL, NULL, NULL));
	assert_false(stage2_walk(&s2, 3 * MIB + 4095, NULL, NULL, NULL));
	expect_leaf(&s2, 3 * MIB - 4 * KIB, 2 * GIB + 3 * MIB - 4 * KIB, 3);
	expect_leaf(&s2, 3 * MIB + 4 * KIB, 2 * GIB + 3 * MIB + 4 * KIB, 3);
	expect_leaf(&s2, 0, 2 * GIB, 2);
	expect_leaf(&s2, 512 * MIB, 2 * GIB + 512 * MIB, 2);
	/* Split pieces keep the attributes. */
	u64 desc = expect_leaf(&s2, 3 * MIB + 4 * KIB, 2 * GIB + 3 * MIB + 4 * KIB, 3);
	assert_int_equal(desc & ~S2_ADDR_MASK & ~3ULL, S2_PROT_RAM);
	/* The hole can be mapped again, elsewhere. */
	assert_int_equal(stage2_map(&s2, 3 * MIB, 0x5000, 4 * KIB, S2_PROT_DEVICE), 0);
	expect_leaf(&s2, 3 * MIB, 0x5000, 3);
	/* Unmapping whole blocks needs no split. */
	unsigned int tables = s2.nr_tables;
	assert_int_equal(stage2_unmap(&s2, 512 * MIB, 512 * MIB), 0);
	assert_int_equal(s2.nr_tables, tables);
	assert_false(stage2_walk(&s2, 700 * MIB, NULL, NULL, NULL));
	expect_leaf(&s2, 510 * MIB, 2 * GIB + 510 * MIB, 2);
	/* Unmapping everything, then destroy: all memory back. */
	assert_int_equal(stage2_unmap(&s2, 0, GIB), 0);
	assert_false(stage2_walk(&s2, 3 * MIB, NULL, NULL, NULL));
	stage2_destroy(&s2);
	assert_int_equal(free_pages_now(), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vtcr_and_ipa_bits),
		cmocka_unit_test_setup_teardown(test_root_concatenated, setup, teardown),
		cmocka_unit_test_setup_teardown(test_block_selection, setup, teardown),
		cmocka_unit_test_setup_teardown(test_overlap_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unmap_splits, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
