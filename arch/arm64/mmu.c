// SPDX-License-Identifier: GPL-2.0
/*
 * The boot identity map (virtual address = physical address) of the
 * kernel's EL, built once by the boot CPU and shared by all CPUs.
 *
 *  - One level 1 table covers the 39-bit address space in 1 GiB entries,
 *    limited to the CPU's physical address size (ID_AA64MMFR0_EL1.PARange).
 *  - A 1 GiB region that is entirely RAM is one Normal write-back block.
 *  - A region that is partly RAM gets a level 2 table: 2 MiB blocks that
 *    touch RAM are Normal, the others Device-nGnRnE.
 *  - Everything else is Device-nGnRnE and execute-never, so every MMIO
 *    device the DTB may name is reachable without further mapping.
 *  - With user processes (CONFIG_USER), the EL0 window [0, USER_VA_END)
 *    is left invalid (a level 2 table for the first GiB), unless RAM is
 *    there: then user mode is unavailable (mmu_user_window_ok()).
 *    Processes copy these tables and map their pages into the window.
 *
 * RAM is what the DTB's memory nodes say, plus the kernel image itself
 * (so a DTB without usable memory nodes still gives a running kernel,
 * which can then report the problem).
 *
 * mmu_init() runs with the MMU and data cache off, so its stores go to
 * memory; before enabling the MMU the image's range is invalidated from
 * the caches so no stale line hides them. Secondary CPUs later enable
 * their MMU from the same boot_mmu_regs (see mmu_enable.S).
 */
#include <asm/cache.h>
#include <asm/el.h>
#include <asm/mmu.h>
#include <asm/pgtable.h>
#include <asm/sections.h>
#include <avatar/compiler.h>
#include <avatar/kconfig.h>
#include <avatar/platform.h>
#include <avatar/printk.h>

/* Level 2 tables available for 1 GiB regions that are only partly RAM. */
#define IDMAP_L2_TABLES 8

#define BLOCK_NORMAL                                                                           \
	(PTE_TYPE_BLOCK | PTE_ATTRINDX(MT_NORMAL) | PTE_SH_INNER | PTE_AF | PTE_AP_KERNEL_RW | \
	 PTE_KERNEL_UXN)
#define BLOCK_DEVICE                                                                   \
	(PTE_TYPE_BLOCK | PTE_ATTRINDX(MT_DEVICE_nGnRnE) | PTE_AF | PTE_AP_KERNEL_RW | \
	 PTE_KERNEL_XN)

static u64 idmap_l1[PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static u64 idmap_l2[IDMAP_L2_TABLES][PTRS_PER_TABLE] __aligned(PAGE_SIZE);
static unsigned int idmap_l2_used;

struct mmu_regs boot_mmu_regs;

/* What was mapped, for mmu_report() once the console works. */
static struct mem_region idmap_ram[PLATFORM_MAX_RAM_REGIONS + 1];
static unsigned int idmap_nr_ram;
static int idmap_dt_status; /* regions found in the DTB, or -FDT_ERR_* */
static unsigned int idmap_pa_bits;
static bool idmap_l2_exhausted;

/* Physical address size in bits for each ID_AA64MMFR0_EL1.PARange value. */
static const u8 parange_bits[] = {32, 36, 40, 42, 44, 48};

static unsigned int pa_range(void)
{
	u64 parange = (read_sysreg(id_aa64mmfr0_el1) >> ID_AA64MMFR0_PARANGE_SHIFT) &
		      ID_AA64MMFR0_PARANGE_MASK;

	/* 52-bit (FEAT_LPA) needs other descriptor formats; use 48 bits. */
	if (parange >= ARRAY_SIZE(parange_bits))
		parange = ARRAY_SIZE(parange_bits) - 1;
	return (unsigned int)parange;
}

/* Does [start, start + size) overlap RAM? Is it entirely inside one RAM region? */
static bool overlaps_ram(u64 start, u64 size)
{
	unsigned int i;

	for (i = 0; i < idmap_nr_ram; i++) {
		const struct mem_region *r = &idmap_ram[i];

		if (start < r->base + r->size && r->base < start + size)
			return true;
	}
	return false;
}

static bool inside_ram(u64 start, u64 size)
{
	unsigned int i;

	for (i = 0; i < idmap_nr_ram; i++) {
		const struct mem_region *r = &idmap_ram[i];

		if (start >= r->base && start + size <= r->base + r->size)
			return true;
	}
	return false;
}

static bool user_window; /* [0, USER_VA_END) left for EL0 */

/* Descriptor for the 1 GiB region starting at 'base'. */
static u64 map_gigabyte(u64 base)
{
	u64 *l2;
	unsigned int i;

	if (base == 0 && IS_ENABLED(CONFIG_USER) && !overlaps_ram(0, USER_VA_END) &&
	    idmap_l2_used < IDMAP_L2_TABLES) {
		user_window = true;
		l2 = idmap_l2[idmap_l2_used++];
		for (i = 0; i < PTRS_PER_TABLE; i++) {
			u64 block = (u64)i << L2_BLOCK_SHIFT;

			if (block < USER_VA_END)
				l2[i] = 0;
			else
				l2[i] = block |
					(overlaps_ram(block, SZ_2M) ? BLOCK_NORMAL : BLOCK_DEVICE);
		}
		return (uintptr_t)l2 | PTE_TYPE_TABLE;
	}
	if (inside_ram(base, SZ_1G))
		return base | BLOCK_NORMAL;
	if (!overlaps_ram(base, SZ_1G))
		return base | BLOCK_DEVICE;

	if (idmap_l2_used == IDMAP_L2_TABLES) {
		/* Out of tables: map it all Normal rather than lose RAM. */
		idmap_l2_exhausted = true;
		return base | BLOCK_NORMAL;
	}
	l2 = idmap_l2[idmap_l2_used++];
	for (i = 0; i < PTRS_PER_TABLE; i++) {
		u64 block = base + ((u64)i << L2_BLOCK_SHIFT);

		l2[i] = block | (overlaps_ram(block, SZ_2M) ? BLOCK_NORMAL : BLOCK_DEVICE);
	}
	return (uintptr_t)l2 | PTE_TYPE_TABLE;
}

static void add_kernel_image(void)
{
	u64 start = ALIGN_DOWN((uintptr_t)_text, SZ_2M);
	u64 end = ALIGN_UP((uintptr_t)_end, SZ_2M);

	if (!inside_ram((uintptr_t)_text, (uintptr_t)_end - (uintptr_t)_text)) {
		idmap_ram[idmap_nr_ram].base = start;
		idmap_ram[idmap_nr_ram].size = end - start;
		idmap_nr_ram++;
	}
}

static void build_idmap(void)
{
	unsigned int parange = pa_range();
	u64 i, nr_entries;

	idmap_pa_bits = parange_bits[parange];
	nr_entries = idmap_pa_bits >= IDMAP_VA_BITS ? PTRS_PER_TABLE
						    : (1ULL << idmap_pa_bits) >> L1_BLOCK_SHIFT;
	for (i = 0; i < nr_entries; i++)
		idmap_l1[i] = map_gigabyte(i << L1_BLOCK_SHIFT);

	boot_mmu_regs.mair = MAIR_KERNEL_VALUE;
	boot_mmu_regs.tcr = TCR_T0SZ(IDMAP_VA_BITS) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA |
			    TCR_SH0_INNER | TCR_TG0_4K | (u64)parange << TCR_ELX_PS_SHIFT |
			    TCR_ELX_FIXED;
	boot_mmu_regs.ttbr0 = (uintptr_t)idmap_l1;
	boot_mmu_regs.sctlr =
		SCTLR_ELX_RES1 | SCTLR_ELx_M | SCTLR_ELx_C | SCTLR_ELx_I | SCTLR_ELx_SA;
}

void mmu_init(const void *dtb)
{
	int n = platform_ram_regions(dtb, idmap_ram, PLATFORM_MAX_RAM_REGIONS);

	idmap_dt_status = n;
	idmap_nr_ram = n > 0 ? (unsigned int)n : 0;
	add_kernel_image();
	build_idmap();

	/* Everything above was stored with the MMU off: drop stale cache lines. */
	dcache_inval_poc((uintptr_t)_text, (uintptr_t)_end);
	__mmu_enable(&boot_mmu_regs);
}

bool mmu_user_window_ok(void)
{
	return user_window;
}

const u64 *mmu_kernel_l1(void)
{
	return idmap_l1;
}

void mmu_report(void)
{
	unsigned int i;

	if (idmap_dt_status <= 0)
		pr_warn("mmu: no RAM found in the device tree (%s), only the kernel image is "
			"mapped cacheable\n",
			idmap_dt_status == 0 ? "no memory node" : fdt_strerror(idmap_dt_status));
	for (i = 0; i < idmap_nr_ram; i++)
		pr_debug("mmu: normal memory 0x%llx-0x%llx\n",
			 (unsigned long long)idmap_ram[i].base,
			 (unsigned long long)(idmap_ram[i].base + idmap_ram[i].size - 1));
	pr_info("MMU: identity map at %s, %u-bit physical addresses, RAM write-back, rest device\n",
		KERNEL_EL_NAME, idmap_pa_bits);
	if (idmap_l2_exhausted)
		pr_warn("mmu: too many partly-RAM gigabytes; some device space is mapped normal\n");
}
