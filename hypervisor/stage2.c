// SPDX-License-Identifier: GPL-2.0
/*
 * Stage 2 translation tables (design in <hypervisor/stage2.h> and
 * docs/hypervisor.md).
 *
 * A table entry at level L covers 2^(12 + 9 * (3 - L)) bytes: 1 GiB at
 * level 1, 2 MiB at level 2, 4 KiB at level 3. stage2_map() descends from
 * the root and writes a block as soon as the IPA, the PA and the remaining
 * size are all aligned to the entry's size (levels 1 and 2), else a table
 * (allocated on demand) and goes one level down. Tables come from the
 * page allocator, zeroed (an all-zero descriptor is invalid).
 *
 * Unmapping a part of a block splits it: the block is replaced by a
 * table of the next level holding the same mapping (break-before-make:
 * the block is invalidated and the TLB flushed before the table is
 * written), then the walk continues inside it. Tables that become empty
 * are kept until stage2_destroy(), which frees the whole tree.
 *
 * Callers serialise changes to one VM's tables (the VM's lock); the
 * hardware walker reads them concurrently, so each descriptor is written
 * with one 64-bit store after what it points to is complete.
 */
#include <asm/virt.h>
#include <avatar/page_alloc.h>
#include <avatar/string.h>
#include <hypervisor/stage2.h>

#define LEVEL_SHIFT(level) (S2_PAGE_SHIFT + 9 * (3 - (level)))
#define LEVEL_SIZE(level)  (1ULL << LEVEL_SHIFT(level))

/* Make the table writes visible to the walker before they are used. */
static inline void s2_publish(void)
{
#if !__STDC_HOSTED__
	__asm__ __volatile__("dsb ishst" ::: "memory");
#endif
}

static inline void s2_write(u64 *entry, u64 val)
{
	*(volatile u64 *)entry = val;
	s2_publish();
}

static u64 *table_va(u64 pa)
{
	return pa_to_va((uintptr_t)pa);
}

static u64 table_alloc(struct stage2 *s2)
{
	u64 pa = alloc_page();

	if (!pa)
		return 0;
	memset(table_va(pa), 0, S2_PAGE_SIZE);
	s2_publish();
	s2->nr_tables++;
	return pa;
}

static bool desc_is_table(u64 desc, unsigned int level)
{
	return level < 3 && (desc & S2_DESC_TYPE_MASK) == S2_DESC_TABLE;
}

/* Index of ipa in a table of level; the root's index spans the concatenated tables. */
static unsigned int table_index(const struct stage2 *s2, u64 ipa, unsigned int level)
{
	u64 idx = ipa >> LEVEL_SHIFT(level);

	if (level == S2_START_LEVEL)
		return (unsigned int)(idx & ((S2_PTRS_PER_TABLE << s2->root_order) - 1));
	return (unsigned int)(idx & (S2_PTRS_PER_TABLE - 1));
}

unsigned int stage2_ipa_bits(unsigned int parange)
{
	static const unsigned int pa_bits[] = {32, 36, 40, 42, 44, 48, 52};
	unsigned int bits = parange < 7 ? pa_bits[parange] : 48;

	return bits < S2_DEFAULT_IPA_BITS ? bits : S2_DEFAULT_IPA_BITS;
}

int stage2_init(struct stage2 *s2, unsigned int ipa_bits, u64 vmid)
{
	unsigned int order = ipa_bits > 39 ? ipa_bits - 39 : 0;
	u64 root;

	if (ipa_bits < S2_MIN_IPA_BITS || ipa_bits > S2_MAX_IPA_BITS)
		return MM_EINVAL;
	/* Concatenated tables must be aligned to their total size: alloc_pages() is. */
	root = alloc_pages(order);
	if (!root)
		return MM_ENOMEM;
	memset(table_va(root), 0, S2_PAGE_SIZE << order);
	s2_publish();
	*s2 = (struct stage2){
		.root = root,
		.ipa_bits = ipa_bits,
		.root_order = order,
		.vmid = vmid,
		.nr_tables = 1,
	};
	return 0;
}

static void free_tree(struct stage2 *s2, u64 table_pa, unsigned int level, unsigned int entries)
{
	u64 *table = table_va(table_pa);

	for (unsigned int i = 0; i < entries; i++)
		if (desc_is_table(table[i], level)) {
			free_tree(s2, table[i] & S2_ADDR_MASK, level + 1, S2_PTRS_PER_TABLE);
			free_page((uintptr_t)(table[i] & S2_ADDR_MASK));
			s2->nr_tables--;
		}
}

void stage2_destroy(struct stage2 *s2)
{
	if (!s2->root)
		return;
	free_tree(s2, s2->root, S2_START_LEVEL, S2_PTRS_PER_TABLE << s2->root_order);
	free_pages((uintptr_t)s2->root, s2->root_order);
	s2->nr_tables--;
	s2->root = 0;
}

bool stage2_walk(const struct stage2 *s2, u64 ipa, u64 *pa, u64 *desc_out, unsigned int *level_out)
{
	u64 table = s2->root;

	if (!table || ipa >> s2->ipa_bits)
		return false;
	for (unsigned int level = S2_START_LEVEL; level <= 3; level++) {
		u64 desc = table_va(table)[table_index(s2, ipa, level)];

		if (!(desc & S2_DESC_VALID))
			return false;
		if (desc_is_table(desc, level)) {
			table = desc & S2_ADDR_MASK;
			continue;
		}
		if (level == 3 && (desc & S2_DESC_TYPE_MASK) != S2_DESC_TABLE)
			return false; /* 0b01 at level 3 is reserved */
		if (pa)
			*pa = (desc & S2_ADDR_MASK & ~(LEVEL_SIZE(level) - 1)) |
			      (ipa & (LEVEL_SIZE(level) - 1));
		if (desc_out)
			*desc_out = desc;
		if (level_out)
			*level_out = level;
		return true;
	}
	return false;
}

/* Is anything mapped in [ipa, ipa + size) under this table? */
static bool range_used(const struct stage2 *s2, u64 table_pa, unsigned int level, u64 ipa, u64 end)
{
	u64 *table = table_va(table_pa);

	while (ipa < end) {
		u64 next = (ipa | (LEVEL_SIZE(level) - 1)) + 1;
		u64 desc = table[table_index(s2, ipa, level)];

		if (next > end || next == 0)
			next = end;
		if (desc_is_table(desc, level)) {
			if (range_used(s2, desc & S2_ADDR_MASK, level + 1, ipa, next))
				return true;
		} else if (desc & S2_DESC_VALID) {
			return true;
		}
		ipa = next;
	}
	return false;
}

static int map_range(struct stage2 *s2, u64 table_pa, unsigned int level, u64 ipa, u64 end, u64 pa,
		     u64 prot)
{
	u64 *table = table_va(table_pa);

	while (ipa < end) {
		u64 size = LEVEL_SIZE(level);
		u64 next = (ipa | (size - 1)) + 1;
		u64 *entry = &table[table_index(s2, ipa, level)];
		int ret;

		if (next > end || next == 0)
			next = end;
		if (level == 3) {
			s2_write(entry, (pa & S2_ADDR_MASK) | prot | S2_DESC_TABLE);
		} else if (!(ipa & (size - 1)) && !(pa & (size - 1)) && next - ipa == size &&
			   !desc_is_table(*entry, level)) {
			s2_write(entry, (pa & S2_ADDR_MASK) | prot | S2_DESC_BLOCK);
		} else {
			if (!desc_is_table(*entry, level)) {
				u64 t = table_alloc(s2);

				if (!t)
					return MM_ENOMEM;
				s2_write(entry, t | S2_DESC_TABLE);
			}
			ret = map_range(s2, *entry & S2_ADDR_MASK, level + 1, ipa, next, pa, prot);
			if (ret)
				return ret;
		}
		pa += next - ipa;
		ipa = next;
	}
	return 0;
}

static bool range_ok(const struct stage2 *s2, u64 ipa, u64 size)
{
	u64 mask = S2_PAGE_SIZE - 1;

	return size && !(ipa & mask) && !(size & mask) && ipa + size > ipa &&
	       !((ipa + size - 1) >> s2->ipa_bits);
}

static int unmap_range(struct stage2 *s2, u64 table_pa, unsigned int level, u64 ipa, u64 end,
		       bool *flush);

int stage2_map(struct stage2 *s2, u64 ipa, u64 pa, u64 size, u64 prot)
{
	bool flush = false;
	int ret;

	if (!s2->root || !range_ok(s2, ipa, size) || (pa & (S2_PAGE_SIZE - 1)) ||
	    (prot & ~S2_ATTR_MASK))
		return MM_EINVAL;
	if (range_used(s2, s2->root, S2_START_LEVEL, ipa, ipa + size))
		return MM_EEXIST;
	ret = map_range(s2, s2->root, S2_START_LEVEL, ipa, ipa + size, pa, prot);
	if (ret) {
		unmap_range(s2, s2->root, S2_START_LEVEL, ipa, ipa + size, &flush);
		if (flush)
			stage2_arch_tlb_flush(s2);
	}
	return ret;
}

/* Replace the block at *entry (level) by a table of the next level with the same mapping. */
static int split_block(struct stage2 *s2, u64 *entry, unsigned int level)
{
	u64 block = *entry;
	u64 attrs = block & S2_ATTR_MASK;
	u64 base = block & S2_ADDR_MASK & ~(LEVEL_SIZE(level) - 1);
	u64 sub = LEVEL_SIZE(level + 1);
	u64 type = level + 1 == 3 ? S2_DESC_TABLE : S2_DESC_BLOCK;
	u64 t = table_alloc(s2);
	u64 *table;

	if (!t)
		return MM_ENOMEM;
	table = table_va(t);
	for (unsigned int i = 0; i < S2_PTRS_PER_TABLE; i++)
		table[i] = (base + i * sub) | attrs | type;
	/* Break-before-make (Arm ARM D8.14.1): invalid, TLB flushed, then the table. */
	s2_write(entry, 0);
	stage2_arch_tlb_flush(s2);
	s2_write(entry, t | S2_DESC_TABLE);
	return 0;
}

static int unmap_range(struct stage2 *s2, u64 table_pa, unsigned int level, u64 ipa, u64 end,
		       bool *flush)
{
	u64 *table = table_va(table_pa);

	while (ipa < end) {
		u64 size = LEVEL_SIZE(level);
		u64 next = (ipa | (size - 1)) + 1;
		u64 *entry = &table[table_index(s2, ipa, level)];
		int ret;

		if (next > end || next == 0)
			next = end;
		if (!(*entry & S2_DESC_VALID)) {
			/* nothing here */
		} else if (desc_is_table(*entry, level)) {
			ret = unmap_range(s2, *entry & S2_ADDR_MASK, level + 1, ipa, next, flush);
			if (ret)
				return ret;
		} else if (!(ipa & (size - 1)) && next - ipa == size) {
			s2_write(entry, 0);
			*flush = true;
		} else {
			ret = split_block(s2, entry, level);
			if (ret)
				return ret;
			continue; /* walk the new table */
		}
		ipa = next;
	}
	return 0;
}

int stage2_unmap(struct stage2 *s2, u64 ipa, u64 size)
{
	bool flush = false;
	int ret;

	if (!s2->root || !range_ok(s2, ipa, size))
		return MM_EINVAL;
	ret = unmap_range(s2, s2->root, S2_START_LEVEL, ipa, ipa + size, &flush);
	if (flush)
		stage2_arch_tlb_flush(s2);
	return ret;
}

u64 stage2_vttbr(const struct stage2 *s2)
{
	return s2->root | (s2->vmid << VTTBR_EL2_VMID_SHIFT);
}

u64 stage2_vtcr(unsigned int ipa_bits, unsigned int parange, bool vmid16)
{
	/* SL0 = 1: the walk starts at level 1 (4 KiB granule encoding). */
	u64 vtcr = VTCR_EL2_RES1 | ((u64)(64 - ipa_bits) << VTCR_EL2_T0SZ_SHIFT) |
		   (1ULL << VTCR_EL2_SL0_SHIFT) | VTCR_EL2_IRGN0_WBWA | VTCR_EL2_ORGN0_WBWA |
		   VTCR_EL2_SH0_INNER | VTCR_EL2_TG0_4K;

	/* PS: the output size; 52-bit output needs FEAT_LPA tables, so at most 48 bits (5). */
	vtcr |= (u64)(parange > 5 ? 5 : parange) << VTCR_EL2_PS_SHIFT;
	if (vmid16)
		vtcr |= VTCR_EL2_VS_16BIT;
	return vtcr;
}
