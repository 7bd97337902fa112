// SPDX-License-Identifier: GPL-2.0
/*
 * Cache maintenance by virtual address to the point of coherency (Arm ARM
 * D7.5.9, DC IVAC / CVAC / CIVAC), line by line over a range. The line
 * size is the smallest data cache line of the system, CTR_EL0.DminLine.
 */
#include <asm/barrier.h>
#include <asm/cache.h>
#include <asm/sysreg.h>
#include <avatar/string.h>

static uintptr_t dcache_line_size(void)
{
	u64 ctr = read_sysreg(ctr_el0);

	/* DminLine is log2 of the line size in 4-byte words. */
	return 4UL << ((ctr >> CTR_EL0_DMINLINE_SHIFT) & CTR_EL0_LINE_MASK);
}

#define DEFINE_DCACHE_OP(fn, op)                                                         \
	void fn(uintptr_t start, uintptr_t end)                                          \
	{                                                                                \
		uintptr_t line = dcache_line_size();                                     \
		uintptr_t addr;                                                          \
                                                                                         \
		dsb(sy); /* earlier stores reach the cache before it is maintained */    \
		for (addr = start & ~(line - 1); addr < end; addr += line)               \
			__asm__ __volatile__("dc " #op ", %0" : : "r"(addr) : "memory"); \
		dsb(sy); /* maintenance completes before later accesses */               \
	}

DEFINE_DCACHE_OP(dcache_inval_poc, ivac)
DEFINE_DCACHE_OP(dcache_clean_poc, cvac)
DEFINE_DCACHE_OP(dcache_clean_inval_poc, civac)

/* DC ZVA (Arm ARM D7.5.9.4): zero a naturally aligned block of 4 << DCZID_EL0.BS bytes. */
void dcache_zero(uintptr_t start, uintptr_t end)
{
	u64 dczid = read_sysreg(dczid_el0);
	uintptr_t block = 4UL << (dczid & DCZID_EL0_BS_MASK);

	if ((dczid & DCZID_EL0_DZP) || ((start | end) & (block - 1))) {
		memset((void *)start, 0, end - start);
		return;
	}
	for (uintptr_t addr = start; addr < end; addr += block)
		__asm__ __volatile__("dc zva, %0" : : "r"(addr) : "memory");
}

void icache_inval_all(void)
{
	__asm__ __volatile__("ic iallu" ::: "memory");
	dsb(nsh);
	isb();
}

void icache_sync(uintptr_t start, uintptr_t end)
{
	dcache_clean_poc(start, end); /* the PoC is beyond the PoU: enough for fetches */
	__asm__ __volatile__("ic ialluis" ::: "memory");
	dsb(ish);
	isb();
}
