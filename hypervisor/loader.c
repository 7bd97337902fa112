// SPDX-License-Identifier: GPL-2.0
/*
 * The guest loader (see <hypervisor/loader.h>).
 *
 *   kernel  from guest_image_get(cfg->kernel_path). With the arm64 Image
 *           header (magic "ARM\x64" at offset 56) the load address must
 *           be text_offset above a 2 MiB boundary and image_size (BSS
 *           included) must fit in RAM; without it the file is a raw
 *           binary copied to load_addr.
 *   DTB     from guest_image_get(cfg->dtb_path), validated by fdt_init()
 *           (header, blocks, structure); /memory is patched in the
 *           guest's copy to the VM's RAM if it says otherwise; a /cpus
 *           count different from the vCPU count is reported. It goes to
 *           cfg->dtb_addr, or to the last 2 MiB of RAM if that is 0
 *           (the arm64 boot protocol: 8-byte aligned, at most 2 MiB).
 *   vCPU 0  PC = entry, x0 = the DTB's address, x1-x3 = 0, EL1h with
 *           DAIF masked, MMU and caches off.
 *
 * RAM was zeroed when the VM was made, so the image's BSS is clear.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <asm/cache.h>
#include <avatar/fdt.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <hypervisor/loader.h>
#include <hypervisor/vm.h>

#define DTB_MAX_SIZE   SZ_2M
#define DTB_ALIGN      8
#define FDT_CELL_BYTES 4

#ifndef CONFIG_HV_BUILTIN_GUESTS
/* No image source yet without built-in guests (host.img loading is to come). */
int guest_image_get(const char *path, const void **data, size_t *size)
{
	(void)path;
	(void)data;
	(void)size;
	return -1;
}
#endif

static u64 get_le(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

static void put_cells(u8 *p, u64 val, int cells)
{
	for (int i = cells * FDT_CELL_BYTES - 1; i >= 0; i--, val >>= 8)
		p[i] = (u8)val;
}

static u64 get_cells(const u8 *p, int cells)
{
	u64 v = 0;

	for (int i = 0; i < cells; i++)
		v = v << 32 | fdt_be32(p + i * FDT_CELL_BYTES);
	return v;
}

static bool overlaps(u64 a, u64 alen, u64 b, u64 blen)
{
	return a < b + blen && b < a + alen;
}

/* The kernel's footprint in RAM: [*load, *load + *size). */
static int check_kernel(struct vm *vm, const u8 *img, size_t len, u64 *footprint)
{
	const struct guest_config *cfg = vm->cfg;
	u64 need = len;

	if (len >= ARM64_IMAGE_HEADER_SIZE &&
	    get_le(img + ARM64_IMAGE_MAGIC_OFF, 4) == ARM64_IMAGE_MAGIC) {
		u64 text_offset = get_le(img + ARM64_IMAGE_TEXT_OFF_OFF, 8);
		u64 image_size = get_le(img + ARM64_IMAGE_SIZE_OFF, 8);

		if ((cfg->load_addr - text_offset) & (SZ_2M - 1)) {
			printk("guest: %s: load address 0x%llx is not text_offset 0x%llx above a "
			       "2 MiB boundary\n",
			       cfg->name, (unsigned long long)cfg->load_addr,
			       (unsigned long long)text_offset);
			return -1;
		}
		if (image_size > need)
			need = image_size;
	}
	if (cfg->load_addr < cfg->ram_base || cfg->load_addr - cfg->ram_base > cfg->ram_size ||
	    need > cfg->ram_size - (cfg->load_addr - cfg->ram_base)) {
		printk("guest: %s: image of %llu bytes at 0x%llx does not fit in guest RAM "
		       "0x%llx-0x%llx\n",
		       cfg->name, (unsigned long long)need, (unsigned long long)cfg->load_addr,
		       (unsigned long long)cfg->ram_base,
		       (unsigned long long)(cfg->ram_base + cfg->ram_size - 1));
		return -1;
	}
	*footprint = need;
	return 0;
}

/* Make the DTB's /memory say the VM's RAM, in place (same cell counts). */
static void patch_dtb(struct vm *vm, struct fdt *fdt)
{
	const struct guest_config *cfg = vm->cfg;
	int mem = fdt_path_offset(fdt, "/memory");
	int cpus = fdt_path_offset(fdt, "/cpus");
	unsigned int ncpus = 0;
	u64 base, size;
	int child;

	if (mem >= 0 && fdt_reg(fdt, mem, 0, &base, &size) == 0 &&
	    (base != cfg->ram_base || size != cfg->ram_size)) {
		int ac = fdt_address_cells(fdt, fdt_parent(fdt, mem));
		int sc = fdt_size_cells(fdt, fdt_parent(fdt, mem));
		u32 len;
		u8 *reg = (u8 *)fdt_getprop(fdt, mem, "reg", &len);

		if (reg && ac >= 1 && ac <= 2 && sc >= 1 && sc <= 2 &&
		    len >= (u32)(ac + sc) * FDT_CELL_BYTES) {
			put_cells(reg, cfg->ram_base, ac);
			put_cells(reg + ac * FDT_CELL_BYTES, cfg->ram_size, sc);
			printk("guest: %s: DTB /memory patched to 0x%llx+0x%llx (was "
			       "0x%llx+0x%llx)\n",
			       cfg->name, (unsigned long long)get_cells(reg, ac),
			       (unsigned long long)cfg->ram_size, (unsigned long long)base,
			       (unsigned long long)size);
		}
	}
	if (cpus >= 0)
		fdt_for_each_child(fdt, cpus,
				   child) if (fdt_prop_has_string(fdt, child, "device_type", "cpu"))
			ncpus++;
	if (ncpus != cfg->nr_vcpus)
		printk("guest: %s: warning: the DTB describes %u CPU(s), the VM has %u vCPU(s)\n",
		       cfg->name, ncpus, cfg->nr_vcpus);
}

static int load_dtb(struct vm *vm, u64 kernel_size, u64 *dtb_ipa)
{
	const struct guest_config *cfg = vm->cfg;
	const void *blob;
	size_t len;
	struct fdt fdt;
	u8 *copy;
	u64 ipa;
	int err;

	if (!cfg->dtb_path) {
		*dtb_ipa = 0;
		return 0;
	}
	if (guest_image_get(cfg->dtb_path, &blob, &len)) {
		printk("guest: %s: DTB %s is not available\n", cfg->name, cfg->dtb_path);
		return -1;
	}
	err = fdt_init(&fdt, blob, len);
	if (err) {
		printk("guest: %s: DTB %s is not valid: %s\n", cfg->name, cfg->dtb_path,
		       fdt_strerror(err));
		return -1;
	}
	if (fdt.total_size > DTB_MAX_SIZE) {
		printk("guest: %s: DTB larger than 2 MiB\n", cfg->name);
		return -1;
	}
	ipa = cfg->dtb_addr;
	if (!ipa && cfg->ram_size >= fdt.total_size)
		ipa = (cfg->ram_base + cfg->ram_size - fdt.total_size) & ~(SZ_2M - 1);
	if (ipa < cfg->ram_base || ipa % DTB_ALIGN ||
	    ipa + fdt.total_size > cfg->ram_base + cfg->ram_size ||
	    overlaps(ipa, fdt.total_size, cfg->load_addr, kernel_size)) {
		printk("guest: %s: no room for the DTB (at 0x%llx) in guest RAM\n", cfg->name,
		       (unsigned long long)ipa);
		return -1;
	}
	copy = kmalloc(fdt.total_size);
	if (!copy)
		return -1;
	memcpy(copy, blob, fdt.total_size);
	err = fdt_init(&fdt, copy, fdt.total_size);
	if (!err) {
		patch_dtb(vm, &fdt);
		err = vm_copy_to_guest(vm, ipa, copy, fdt.total_size);
	}
	kfree(copy);
	*dtb_ipa = ipa;
	return err ? -1 : 0;
}

int guest_load(struct vm *vm)
{
	const struct guest_config *cfg = vm->cfg;
	const void *img;
	size_t len;
	u64 footprint, dtb_ipa;

	if (guest_image_get(cfg->kernel_path, &img, &len)) {
		printk("guest: %s: kernel %s is not available (built-in images: TestOS guests; "
		       "others load from host.img once the storage stack is in)\n",
		       cfg->name, cfg->kernel_path);
		return -1;
	}
	if (check_kernel(vm, img, len, &footprint) || load_dtb(vm, footprint, &dtb_ipa))
		return -1;
	if (vm_copy_to_guest(vm, cfg->load_addr, img, len))
		return -1;
	icache_inval_all(); /* no stale instructions of what the RAM held before */
	vcpu_reset(&vm->vcpus[0], cfg->entry, dtb_ipa);
	printk("guest: %s: loaded %s (%zu bytes) at 0x%llx, DTB at 0x%llx, entry 0x%llx\n",
	       cfg->name, cfg->kernel_path, len, (unsigned long long)cfg->load_addr,
	       (unsigned long long)dtb_ipa, (unsigned long long)cfg->entry);
	return 0;
}
