// SPDX-License-Identifier: GPL-2.0
/*
 * User address spaces on the EL1&0 stage 1 tables (see <avatar/aspace.h>).
 *
 * Layout of one address space (39-bit VA, 4 KiB granule):
 *
 *	level 1 (own copy)	entries 1..511 = the kernel's, shared as they are;
 *				entry 0 -> the process's level 2 table
 *	level 2 (own copy)	slots >= USER_VA_END / 2 MiB = the kernel's
 *				(devices of the first GiB); slots below: the
 *				process's level 3 tables, allocated on demand
 *	level 3			4 KiB user pages: non-global (nG), tagged
 *				with the ASID, never executable at EL1 (PXN)
 *
 * ASIDs are 8 bits (TCR_EL1.AS = 0): 1..255 for processes, 0 for the
 * kernel's own tables; one per live address space, no roll-over (the
 * process table is smaller). Freeing an ASID invalidates its TLB entries
 * on every CPU first (TLBI ASIDE1IS), so a recycled ASID starts clean.
 */
#include <asm/barrier.h>
#include <asm/cache.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <avatar/aspace.h>
#include <avatar/page_alloc.h>
#include <avatar/slab.h>
#include <avatar/spinlock.h>
#include <avatar/string.h>
#include <uapi/avatar/errno.h>

#define NR_ASIDS      256
#define USER_L2_SLOTS (USER_VA_END >> L2_BLOCK_SHIFT)
#define L3_INDEX(va)  (((va) >> L3_PAGE_SHIFT) & (PTRS_PER_TABLE - 1))
#define L2_INDEX(va)  (((va) >> L2_BLOCK_SHIFT) & (PTRS_PER_TABLE - 1))
#define PTE_USER_COMMON \
	(PTE_TYPE_PAGE | PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_NG | PTE_PXN)

struct aspace {
	u64 *l1;
	u64 *l2;
	u64 ttbr0;
	unsigned int asid;
};

static DEFINE_SPINLOCK(asid_lock);
static unsigned long asid_map[NR_ASIDS / (8 * sizeof(unsigned long))] = {1UL}; /* 0: kernel */

bool aspace_supported(void)
{
	return mmu_user_window_ok();
}

static unsigned int asid_alloc(void)
{
	unsigned long flags = spin_lock_irqsave(&asid_lock);
	unsigned int asid;

	for (asid = 1; asid < NR_ASIDS; asid++) {
		unsigned long bit = 1UL << (asid % 64);

		if (!(asid_map[asid / 64] & bit)) {
			asid_map[asid / 64] |= bit;
			break;
		}
	}
	spin_unlock_irqrestore(&asid_lock, flags);
	return asid < NR_ASIDS ? asid : 0;
}

static void asid_free(unsigned int asid)
{
	unsigned long flags;

	/* No CPU may keep a translation of the old owner. */
	dsb(ishst);
	__asm__ __volatile__("tlbi aside1is, %0" ::"r"((u64)asid << TTBR_ASID_SHIFT) : "memory");
	dsb(ish);
	flags = spin_lock_irqsave(&asid_lock);
	asid_map[asid / 64] &= ~(1UL << (asid % 64));
	spin_unlock_irqrestore(&asid_lock, flags);
}

static u64 *table_alloc(void)
{
	uintptr_t pa = alloc_page();

	if (!pa)
		return NULL;
	memset(pa_to_va(pa), 0, PAGE_SIZE);
	return pa_to_va(pa);
}

struct aspace *aspace_create(void)
{
	const u64 *kl1 = mmu_kernel_l1();
	struct aspace *as = kzalloc(sizeof(*as));

	if (!as)
		return NULL;
	as->asid = asid_alloc();
	as->l1 = table_alloc();
	as->l2 = table_alloc();
	if (!as->asid || !as->l1 || !as->l2) {
		aspace_destroy(as);
		return NULL;
	}
	memcpy(as->l1, kl1, PAGE_SIZE);
	/* The kernel's first GiB is a level 2 table (mmu.c): copy it. */
	memcpy(as->l2, pa_to_va(kl1[0] & PTE_ADDR_MASK), PAGE_SIZE);
	as->l1[0] = va_to_pa(as->l2) | PTE_TYPE_TABLE;
	as->ttbr0 = va_to_pa(as->l1) | (u64)as->asid << TTBR_ASID_SHIFT;
	dsb(ishst); /* tables written before any walk uses them */
	return as;
}

void aspace_destroy(struct aspace *as)
{
	unsigned int i, j;

	if (!as)
		return;
	if (as->l2) {
		for (i = 0; i < USER_L2_SLOTS; i++) {
			u64 *l3;

			if (!(as->l2[i] & PTE_VALID))
				continue;
			l3 = pa_to_va(as->l2[i] & PTE_ADDR_MASK);
			for (j = 0; j < PTRS_PER_TABLE; j++)
				if (l3[j] & PTE_VALID)
					free_page(l3[j] & PTE_ADDR_MASK);
			free_page(va_to_pa(l3));
		}
	}
	if (as->asid)
		asid_free(as->asid);
	if (as->l2)
		free_page(va_to_pa(as->l2));
	if (as->l1)
		free_page(va_to_pa(as->l1));
	kfree(as);
}

static u64 *pte_of(const struct aspace *as, uintptr_t va, bool alloc)
{
	u64 *l2e, *l3;

	if (va >= USER_VA_END)
		return NULL;
	l2e = &as->l2[L2_INDEX(va)];
	if (!(*l2e & PTE_VALID)) {
		if (!alloc || !(l3 = table_alloc()))
			return NULL;
		dsb(ishst);
		*l2e = va_to_pa(l3) | PTE_TYPE_TABLE;
	}
	l3 = pa_to_va(*l2e & PTE_ADDR_MASK);
	return &l3[L3_INDEX(va)];
}

int aspace_map_page(struct aspace *as, uintptr_t va, uintptr_t pa, unsigned int prot)
{
	u64 *pte = pte_of(as, va, true);
	u64 desc = pa | PTE_USER_COMMON;

	if (!pte)
		return va >= USER_VA_END ? -EFAULT : -ENOMEM;
	if (*pte & PTE_VALID)
		return -EINVAL;
	desc |= (prot & PROT_WRITE) ? PTE_AP_USER_RW : PTE_AP_USER_RO;
	if (!(prot & PROT_EXEC))
		desc |= PTE_UXN;
	else
		icache_sync((uintptr_t)pa_to_va(pa), (uintptr_t)pa_to_va(pa) + PAGE_SIZE);
	dsb(ishst); /* page contents and table visible to the walker */
	*pte = desc;
	dsb(ishst);
	return 0;
}

void aspace_unmap_page(struct aspace *as, uintptr_t va)
{
	u64 *pte = pte_of(as, va, false);
	u64 old;

	if (!pte || !(*pte & PTE_VALID))
		return;
	old = *pte;
	*pte = 0;
	dsb(ishst);
	__asm__ __volatile__(
		"tlbi vae1is, %0" ::"r"((u64)as->asid << TTBR_ASID_SHIFT | va >> L3_PAGE_SHIFT)
		: "memory");
	dsb(ish);
	free_page(old & PTE_ADDR_MASK);
}

uintptr_t aspace_lookup(const struct aspace *as, uintptr_t va, unsigned int *prot)
{
	u64 *pte = pte_of(as, va, false);

	if (!pte || !(*pte & PTE_VALID))
		return 0;
	if (prot)
		*prot = PROT_READ | ((*pte & PTE_AP_RO_BIT) ? 0 : PROT_WRITE) |
			((*pte & PTE_UXN) ? 0 : PROT_EXEC);
	return *pte & PTE_ADDR_MASK;
}

void aspace_switch(const struct aspace *as)
{
	write_sysreg(as ? as->ttbr0 : boot_mmu_regs.ttbr0, ttbr0_el1);
	isb();
}

unsigned int aspace_asid(const struct aspace *as)
{
	return as->asid;
}
