// SPDX-License-Identifier: GPL-2.0
/*
 * Cache maintenance by virtual address to the point of coherency (Arm ARM
 * D7.5.9, DC IVAC / CVAC / CIVAC), line by line over a range. The line
 * size is the smallest data cache line of the system, CTR_EL0.DminLine.
 */
#include <asm/barrier.h>
#include <asm/cache.h>
#include <asm/sysreg.h>

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
