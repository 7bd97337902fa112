// SPDX-License-Identifier: GPL-2.0
/*
 * Bringing the allocators up at boot, and the `mem` shell command.
 *
 * mm_init() reserves what is already in use (the kernel image with its
 * bss, stacks and boot page tables; the device tree, which `platform`
 * keeps pointing into; the DTB's /memreserve/ entries and /reserved-memory
 * children), then hands every RAM bank from the device tree to the page
 * allocator and sets up the kmalloc caches. Reserving first lets the page
 * allocator put its metadata next to the kernel image, keeping 1 GiB
 * blocks whole (docs/memory.md).
 *
 * It must run on the boot CPU after the MMU is on and after sched_init():
 * the allocator locks are spinlocks (exclusives) that count preemption on
 * the current thread.
 */
#define pr_fmt(fmt) "mm: " fmt

#include <asm/sections.h>
#include <avatar/fdt.h>
#include <avatar/page_alloc.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/slab.h>
#include <avatar/string.h>

#define FDT_OFF_MEM_RSVMAP 0x10 /* header field off_mem_rsvmap (DT spec 5.2) */

static void reserve(const char *what, u64 start, u64 size)
{
	int err = page_alloc_reserve((uintptr_t)start, (size_t)size);

	if (err)
		pr_err("cannot reserve %s 0x%llx+0x%llx (%d)\n", what, (unsigned long long)start,
		       (unsigned long long)size, err);
}

/* The DTB header's /memreserve/ list: (address, size) pairs, 0/0 ends it. */
static void reserve_fdt_rsvmap(const struct fdt *fdt)
{
	u32 off = fdt_be32(fdt->blob + FDT_OFF_MEM_RSVMAP);

	if (off < FDT_HEADER_SIZE || off % 8) { /* inside the header, or misaligned */
		pr_warn("device tree: bad /memreserve/ offset 0x%x, ignored\n", off);
		return;
	}

	for (; off + 16 <= fdt->total_size; off += 16) {
		u64 addr = ((u64)fdt_be32(fdt->blob + off) << 32) | fdt_be32(fdt->blob + off + 4);
		u64 size =
			((u64)fdt_be32(fdt->blob + off + 8) << 32) | fdt_be32(fdt->blob + off + 12);

		if (!addr && !size)
			break;
		reserve("/memreserve/", addr, size);
	}
}

static void reserve_fdt_nodes(const struct fdt *fdt)
{
	int parent = fdt_path_offset(fdt, "/reserved-memory");

	if (parent < 0)
		return;
	for (int node = fdt_first_child(fdt, parent); node >= 0;
	     node = fdt_next_sibling(fdt, node)) {
		u64 addr, size;

		for (unsigned int i = 0; fdt_reg(fdt, node, i, &addr, &size) == 0; i++)
			reserve(fdt_node_name(fdt, node), addr, size);
	}
}

void mm_init(void)
{
	struct page_alloc_stats st;

	page_alloc_init();
	reserve("kernel image", (uintptr_t)_text, (uintptr_t)(_end - _text));
	if (platform.dt_valid) {
		reserve("device tree", (uintptr_t)platform.fdt.blob, platform.fdt.total_size);
		reserve_fdt_rsvmap(&platform.fdt);
		reserve_fdt_nodes(&platform.fdt);
	}
	for (unsigned int i = 0; i < platform.nr_ram; i++) {
		int err = page_alloc_add_range((uintptr_t)platform.ram[i].base,
					       (size_t)platform.ram[i].size);

		if (err)
			pr_err("RAM 0x%llx+0x%llx not usable (%d)\n",
			       (unsigned long long)platform.ram[i].base,
			       (unsigned long long)platform.ram[i].size, err);
	}
	slab_init();
	page_alloc_stats(&st);
	if (!st.free_pages)
		pr_warn("no memory for the page allocator\n");
	pr_info("%llu MiB free in %u range(s)\n", (unsigned long long)(st.free_pages >> 8),
		st.nr_ranges);
}

/*
 * A quick exercise on the live allocators: blocks of orders 0..PAGE_ORDER_2M
 * and kmalloc of sizes 1..8192, written, checked and freed; the free page
 * count and both consistency checks must come out as they went in.
 */
static int mem_selftest(void)
{
	static void *ptrs[64];
	uintptr_t blocks[PAGE_ORDER_2M + 1];
	struct page_alloc_stats before, after;
	int err = 0;

	page_alloc_stats(&before);
	for (unsigned int o = 0; o <= PAGE_ORDER_2M; o++) {
		blocks[o] = alloc_pages(o);
		if (!blocks[o] || (blocks[o] & ((PAGE_SIZE << o) - 1)))
			err = -1;
	}
	for (unsigned int round = 0; round < 8192 / 64; round++) {
		for (unsigned int i = 0; i < 64; i++) {
			size_t size = round * 64 + i + 1;

			ptrs[i] = kmalloc(size);
			if (!ptrs[i] || ksize(ptrs[i]) < size)
				err = -1;
			else
				memset(ptrs[i], (int)i, size);
		}
		for (unsigned int i = 0; i < 64; i++) {
			if (ptrs[i] && *(unsigned char *)ptrs[i] != i)
				err = -1;
			if (kfree(ptrs[i]))
				err = -1;
		}
	}
	for (unsigned int o = 0; o <= PAGE_ORDER_2M; o++)
		if (blocks[o] && free_pages(blocks[o], o))
			err = -1;
	if (page_alloc_check() || slab_check())
		err = -1;
	page_alloc_stats(&after);
	/* kmalloc caches may now hold one spare slab each */
	if (after.free_pages > before.free_pages ||
	    before.free_pages - after.free_pages > KMALLOC_NR_CACHES << SLAB_MAX_ORDER)
		err = -1;
	return err;
}

static int cmd_mem(int argc, char **argv)
{
	if (argc == 1) {
		page_alloc_dump();
		slab_dump();
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "check")) {
		int err = page_alloc_check();

		if (!err)
			err = slab_check();
		printk("mem check: %s\n", err ? "FAILED" : "ok");
		return err ? SHELL_ERR_FAILED : 0;
	}
	if (argc == 2 && !strcmp(argv[1], "test")) {
		int err = mem_selftest();

		printk("mem test: %s\n", err ? "FAILED" : "ok");
		return err ? SHELL_ERR_FAILED : 0;
	}
	return SHELL_ERR_USAGE;
}
SHELL_COMMAND(mem, "mem [check|test]",
	      "memory allocator statistics; consistency check; quick self test", cmd_mem);
