/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Stage 2 translation tables of one VM (hypervisor/stage2.c): the guest
 * physical (IPA) to host physical map, 4 KiB granule.
 *
 * The walk starts at level 1 (VTCR_EL2.SL0 = 1) for every IPA size from
 * 32 to 42 bits: above 39 bits the root is 2^(ipa_bits - 39) concatenated
 * level 1 tables (Arm ARM D8.2.7), so a 40-bit IPA space has an 8 KiB
 * root. Mappings use 1 GiB blocks (level 1), 2 MiB blocks (level 2) and
 * 4 KiB pages (level 3), the largest that the alignment of both addresses
 * and the remaining size allow.
 *
 * The table logic is plain C over the page allocator and compiles on the
 * host (tests/unit/test_stage2.c); TLB maintenance is the one hook,
 * stage2_arch_tlb_flush(), provided by hypervisor/arch/arm64/.
 */
#ifndef HYPERVISOR_STAGE2_H
#define HYPERVISOR_STAGE2_H

#include <avatar/types.h>

/* Stage 2 block and page descriptors (Arm ARM D8.3.1, "Stage 2 attributes"). */
#define S2_DESC_VALID	  (1ULL << 0)
#define S2_DESC_TABLE	  (3ULL << 0) /* table (levels 0-2) or page (level 3) */
#define S2_DESC_BLOCK	  (1ULL << 0) /* block (levels 1-2) */
#define S2_DESC_TYPE_MASK (3ULL << 0)
#define S2_MEMATTR_SHIFT  2 /* MemAttr[3:0], HCR_EL2.FWB == 0 */
#define S2_MEMATTR_MASK	  (0xfULL << S2_MEMATTR_SHIFT)
#define S2_MEMATTR_DEVICE (0x1ULL << S2_MEMATTR_SHIFT) /* Device-nGnRE */
#define S2_MEMATTR_NORMAL (0xfULL << S2_MEMATTR_SHIFT) /* Normal, outer and inner WB */
#define S2_S2AP_SHIFT	  6
#define S2_S2AP_MASK	  (3ULL << S2_S2AP_SHIFT)
#define S2_S2AP_R	  (1ULL << S2_S2AP_SHIFT) /* read */
#define S2_S2AP_W	  (2ULL << S2_S2AP_SHIFT) /* write */
#define S2_SH_SHIFT	  8
#define S2_SH_MASK	  (3ULL << S2_SH_SHIFT)
#define S2_SH_INNER	  (3ULL << S2_SH_SHIFT)
#define S2_SH_NONE	  (0ULL << S2_SH_SHIFT)
#define S2_AF		  (1ULL << 10)		/* access flag: set, no access flag faults */
#define S2_XN		  (1ULL << 54)		/* execute-never (XN[1] with FEAT_XNX) */
#define S2_ADDR_MASK	  0x0000fffffffff000ULL /* output address [47:12] */
#define S2_ATTR_MASK	  (~S2_ADDR_MASK & ~S2_DESC_TYPE_MASK)

#define S2_PAGE_SHIFT	  12
#define S2_PAGE_SIZE	  (1ULL << S2_PAGE_SHIFT)
#define S2_PTRS_PER_TABLE 512
#define S2_START_LEVEL	  1
#define S2_MIN_IPA_BITS	  32
#define S2_MAX_IPA_BITS	  42 /* 8 concatenated level 1 tables */

/* Leaf attribute sets for stage2_map(). */
#define S2_PROT_RAM    (S2_MEMATTR_NORMAL | S2_S2AP_R | S2_S2AP_W | S2_SH_INNER | S2_AF)
#define S2_PROT_DEVICE (S2_MEMATTR_DEVICE | S2_S2AP_R | S2_S2AP_W | S2_SH_NONE | S2_AF | S2_XN)
/* Read-only device: reads are served, a write is a stage 2 permission fault (an emulated write). */
#define S2_PROT_DEVICE_RO (S2_MEMATTR_DEVICE | S2_S2AP_R | S2_SH_NONE | S2_AF | S2_XN)

/* Errors: the page allocator's codes (<avatar/page_alloc.h>). */

struct stage2 {
	u64 root; /* physical address of the (concatenated) level 1 table(s) */
	unsigned int ipa_bits;
	unsigned int root_order; /* the root is 2^root_order pages */
	u64 vmid;		 /* for TLB maintenance */
	unsigned int nr_tables;	 /* tables allocated, the root included */
};

/* Empty tables for an IPA space of ipa_bits. 0, MM_EINVAL or MM_ENOMEM. */
int stage2_init(struct stage2 *s2, unsigned int ipa_bits, u64 vmid);

/*
 * Map [ipa, ipa + size) to [pa, pa + size) with leaf attributes prot
 * (S2_PROT_*). All three page aligned. MM_EEXIST if any part is mapped
 * already (nothing is changed then), MM_ENOMEM (what was mapped is
 * undone), MM_EINVAL for bad arguments.
 */
int stage2_map(struct stage2 *s2, u64 ipa, u64 pa, u64 size, u64 prot);

/*
 * Remove every mapping in [ipa, ipa + size) (page aligned); a block only
 * partly inside is split first. Flushes the VMID's TLB entries once.
 * 0, MM_ENOMEM (a split needed a table), MM_EINVAL.
 */
int stage2_unmap(struct stage2 *s2, u64 ipa, u64 size);

/*
 * Translate ipa: true and *pa, and (if not NULL) the leaf descriptor and
 * its level, if mapped.
 */
bool stage2_walk(const struct stage2 *s2, u64 ipa, u64 *pa, u64 *desc, unsigned int *level);

/* Free every table (the mappings' memory is the caller's). */
void stage2_destroy(struct stage2 *s2);

/* VTTBR_EL2 value: root table and VMID. */
u64 stage2_vttbr(const struct stage2 *s2);

/*
 * VTCR_EL2 for an IPA space of ipa_bits and the PARange field of
 * ID_AA64MMFR0_EL1 (output size), 16-bit VMIDs if vmid16.
 */
u64 stage2_vtcr(unsigned int ipa_bits, unsigned int parange, bool vmid16);

/* IPA size to use on a CPU with this PARange: min(PA size, S2_DEFAULT_IPA_BITS). */
#define S2_DEFAULT_IPA_BITS 40
unsigned int stage2_ipa_bits(unsigned int parange);

/* Invalidate the stage 1 and 2 TLB entries of s2->vmid on every CPU. */
void stage2_arch_tlb_flush(const struct stage2 *s2);

#endif /* HYPERVISOR_STAGE2_H */
