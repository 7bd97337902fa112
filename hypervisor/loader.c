// SPDX-License-Identifier: GPL-2.0
/*
 * The guest loader (see <hypervisor/loader.h>). Files come from host.img
 * (hypervisor/guest_file.c); nothing is written to guest RAM before every
 * check has passed.
 *
 *   kernel  Linux, Avatar and TestOS guests: an arm64 Image (magic
 *           "ARM\x64" at 0x38), placed text_offset above the 2 MiB
 *           boundary at or below load_addr; image_size (BSS included)
 *           must fit; entry is the start of the Image. Custom guests: an
 *           ELF64 AArch64 file (each PT_LOAD at its p_paddr, inside RAM;
 *           entry e_entry) or a raw binary at load_addr (entry from the
 *           table).
 *   DTB     read whole (at most DTB_MAX_SIZE) into a buffer with room to
 *           grow, validated by fdt_open_rw(); once the initrd is placed,
 *           fixed up (guest_dtb.c: /memory, /cpus, /chosen bootargs and
 *           linux,initrd-start/-end: the loader is the authority). Placed
 *           at dtb_addr, or DTB_MAX_SIZE below the end of RAM (2 MiB
 *           aligned, so it never crosses a 2 MiB boundary, as the boot
 *           protocol asks).
 *   initrd  directly below the DTB, page aligned, above the kernel.
 *   vCPU 0  PC = entry, x0 = the DTB's address, x1-x3 = 0, EL1h with
 *           DAIF masked, MMU and caches off.
 *
 * RAM was zeroed when the VM was made, so BSS is clear.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <asm/cache.h>
#include <avatar/elf.h>
#include <avatar/fdt.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <hypervisor/guest_dtb.h>
#include <hypervisor/guest_file.h>
#include <hypervisor/loader.h>
#include <hypervisor/vm.h>

#define DTB_MAX_SIZE  SZ_2M
#define DTB_ALIGN     8
#define INITRD_ALIGN  PAGE_SIZE
#define ELF_MAX_PHDRS 64

const char *guest_kernel_format_name(enum guest_kernel_format format)
{
	static const char *const names[] = {
		[GUEST_KERNEL_IMAGE] = "arm64 Image",
		[GUEST_KERNEL_ELF] = "ELF",
		[GUEST_KERNEL_RAW] = "raw binary",
	};

	return names[format];
}

static u64 get_le(const u8 *p, unsigned int bytes)
{
	u64 v = 0;

	for (unsigned int i = 0; i < bytes; i++)
		v |= (u64)p[i] << (8 * i);
	return v;
}

static u64 ram_end(const struct guest_config *cfg)
{
	return cfg->ram_base + cfg->ram_size;
}

/* [ipa, ipa + len) inside guest RAM. */
static bool in_ram(const struct guest_config *cfg, u64 ipa, u64 len)
{
	return ipa >= cfg->ram_base && ipa <= ram_end(cfg) && len <= ram_end(cfg) - ipa;
}

static int plan_image(const struct guest_config *cfg, const u8 *hdr, struct guest_plan *p)
{
	u64 text_offset = get_le(hdr + ARM64_IMAGE_TEXT_OFF_OFF, 8);
	u64 image_size = get_le(hdr + ARM64_IMAGE_SIZE_OFF, 8);

	p->format = GUEST_KERNEL_IMAGE;
	p->kernel_start = ALIGN_DOWN(cfg->load_addr, ARM64_IMAGE_BASE_ALIGN) + text_offset;
	p->kernel_end = p->kernel_start + MAX(image_size, p->kernel_size);
	p->entry = p->kernel_start;
	return 0;
}

static int plan_raw(const struct guest_config *cfg, struct guest_plan *p)
{
	p->format = GUEST_KERNEL_RAW;
	p->kernel_start = cfg->load_addr;
	p->kernel_end = cfg->load_addr + p->kernel_size;
	p->entry = cfg->entry;
	return 0;
}

static int plan_elf(const struct guest_config *cfg, struct fat32_file *f, const u8 *hdr,
		    struct guest_plan *p)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)hdr;
	Elf64_Phdr ph;

	if (eh->e_ident[EI_CLASS] != ELFCLASS64 || eh->e_ident[EI_DATA] != ELFDATA2LSB ||
	    eh->e_machine != EM_AARCH64 || eh->e_phentsize != sizeof(ph) || !eh->e_phnum ||
	    eh->e_phnum > ELF_MAX_PHDRS) {
		printk("guest: %s: %s: not an ELF64 little-endian AArch64 executable\n", cfg->name,
		       cfg->kernel_path);
		return -1;
	}
	p->format = GUEST_KERNEL_ELF;
	p->kernel_start = ~0ULL;
	p->kernel_end = 0;
	for (unsigned int i = 0; i < eh->e_phnum; i++) {
		if (guest_file_pread(cfg->name, cfg->kernel_path, f, eh->e_phoff + i * sizeof(ph),
				     &ph, sizeof(ph)))
			return -1;
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > p->kernel_size ||
		    ph.p_filesz > p->kernel_size - ph.p_offset ||
		    !in_ram(cfg, ph.p_paddr, ph.p_memsz) || p->nr_segments == GUEST_MAX_SEGMENTS) {
			printk("guest: %s: %s: segment %u (0x%llx+0x%llx) is not inside the file "
			       "and guest RAM, or there are more than %u\n",
			       cfg->name, cfg->kernel_path, i, (unsigned long long)ph.p_paddr,
			       (unsigned long long)ph.p_memsz, GUEST_MAX_SEGMENTS);
			return -1;
		}
		p->segments[p->nr_segments++] = (struct guest_segment){
			.offset = ph.p_offset,
			.ipa = ph.p_paddr,
			.filesz = ph.p_filesz,
			.memsz = ph.p_memsz,
		};
		p->kernel_start = MIN(p->kernel_start, ph.p_paddr);
		p->kernel_end = MAX(p->kernel_end, ph.p_paddr + ph.p_memsz);
	}
	if (!p->nr_segments || !in_ram(cfg, eh->e_entry, 4)) {
		printk("guest: %s: %s: no loadable segment, or entry 0x%llx outside guest RAM\n",
		       cfg->name, cfg->kernel_path, (unsigned long long)eh->e_entry);
		return -1;
	}
	p->entry = eh->e_entry;
	return 0;
}

static int plan_kernel(const struct guest_config *cfg, struct guest_plan *p)
{
	u8 hdr[ARM64_IMAGE_HEADER_SIZE] = {0};
	struct fat32_file f;
	bool image, elf;
	int err = -1;

	_Static_assert(sizeof(Elf64_Ehdr) <= sizeof(hdr), "header buffer");
	if (guest_file_open(cfg->name, cfg->kernel_path, &f, &p->kernel_size))
		return -1;
	if (!p->kernel_size) {
		printk("guest: %s: %s: empty file\n", cfg->name, cfg->kernel_path);
		goto out;
	}
	if (guest_file_pread(cfg->name, cfg->kernel_path, &f, 0, hdr,
			     MIN(p->kernel_size, sizeof(hdr))))
		goto out;
	image = p->kernel_size >= ARM64_IMAGE_HEADER_SIZE &&
		get_le(hdr + ARM64_IMAGE_MAGIC_OFF, 4) == ARM64_IMAGE_MAGIC;
	elf = p->kernel_size >= sizeof(Elf64_Ehdr) && !memcmp(hdr, ELFMAG, SELFMAG);
	if (cfg->type == GUEST_TYPE_CUSTOM) {
		err = elf ? plan_elf(cfg, &f, hdr, p) : plan_raw(cfg, p);
	} else if (!image) {
		printk("guest: %s: %s: not an arm64 Image (no \"ARM\\x64\" magic at 0x38)\n",
		       cfg->name, cfg->kernel_path);
	} else {
		err = plan_image(cfg, hdr, p);
	}
	if (!err && (p->kernel_end < p->kernel_start ||
		     !in_ram(cfg, p->kernel_start, p->kernel_end - p->kernel_start))) {
		printk("guest: %s: %s: %llu bytes at 0x%llx do not fit in guest RAM "
		       "0x%llx-0x%llx\n",
		       cfg->name, cfg->kernel_path,
		       (unsigned long long)(p->kernel_end - p->kernel_start),
		       (unsigned long long)p->kernel_start, (unsigned long long)cfg->ram_base,
		       (unsigned long long)(ram_end(cfg) - 1));
		err = -1;
	}
out:
	guest_file_close(&f);
	return err;
}

static struct guest_dtb_params dtb_params(const struct guest_config *cfg,
					  const struct guest_plan *p)
{
	return (struct guest_dtb_params){
		.ram_base = cfg->ram_base,
		.ram_size = cfg->ram_size,
		.nr_vcpus = cfg->nr_vcpus,
		.bootargs = cfg->bootargs,
		.initrd_start = p->initrd_addr,
		.initrd_end = p->initrd_addr + p->initrd_size,
	};
}

/* Read and check the DTB into a buffer with room for the fix-ups; choose its address. */
static int plan_dtb(const struct guest_config *cfg, struct guest_plan *p)
{
	struct guest_dtb_params params = dtb_params(cfg, p);
	struct fat32_file f;
	struct fdt fdt;
	u64 size;
	int err;

	if (!cfg->dtb_path)
		return 0;
	if (guest_file_open(cfg->name, cfg->dtb_path, &f, &size))
		return -1;
	if (size > DTB_MAX_SIZE || size < FDT_HEADER_SIZE) {
		printk("guest: %s: %s: %llu bytes is not a DTB size (%u..%lu)\n", cfg->name,
		       cfg->dtb_path, (unsigned long long)size, FDT_HEADER_SIZE, DTB_MAX_SIZE);
		goto fail;
	}
	p->dtb_buf_size = (u32)(size + guest_dtb_room(&params));
	p->dtb = kmalloc(p->dtb_buf_size);
	if (!p->dtb) {
		printk("guest: %s: %s: no memory for the DTB\n", cfg->name, cfg->dtb_path);
		goto fail;
	}
	if (guest_file_pread(cfg->name, cfg->dtb_path, &f, 0, p->dtb, size))
		goto fail;
	guest_file_close(&f);
	err = fdt_open_rw(&fdt, p->dtb, size);
	if (err) {
		printk("guest: %s: %s: not a valid DTB: %s\n", cfg->name, cfg->dtb_path,
		       fdt_strerror(err));
		return -1;
	}
	p->dtb_size = fdt.total_size;
	p->dtb_addr = cfg->dtb_addr;
	if (!p->dtb_addr && cfg->ram_size >= DTB_MAX_SIZE)
		p->dtb_addr = ALIGN_DOWN(ram_end(cfg) - DTB_MAX_SIZE, SZ_2M);
	return 0;
fail:
	guest_file_close(&f);
	return -1;
}

/*
 * The DTB fix-ups (<hypervisor/guest_dtb.h>), once the initrd is placed;
 * then the fixed-up blob must fit where it goes.
 */
static int fixup_dtb(const struct guest_config *cfg, struct guest_plan *p)
{
	struct guest_dtb_params params = dtb_params(cfg, p);
	char msg[160];
	struct fdt fdt;
	int err;

	if (!p->dtb)
		return 0;
	err = fdt_open_rw(&fdt, p->dtb, p->dtb_buf_size);
	if (err) {
		printk("guest: %s: %s: not a valid DTB: %s\n", cfg->name, cfg->dtb_path,
		       fdt_strerror(err));
		return -1;
	}
	if (guest_dtb_fixup(&fdt, &params, msg, sizeof(msg))) {
		printk("guest: %s: %s: %s\n", cfg->name, cfg->dtb_path, msg);
		return -1;
	}
	p->dtb_size = fdt.total_size;
	if (p->dtb_size > DTB_MAX_SIZE || !in_ram(cfg, p->dtb_addr, p->dtb_size) ||
	    p->dtb_addr % DTB_ALIGN ||
	    (p->dtb_addr < p->kernel_end && p->kernel_start < p->dtb_addr + p->dtb_size)) {
		printk("guest: %s: %s: no room for the DTB (%u bytes) at 0x%llx (RAM "
		       "0x%llx-0x%llx, kernel 0x%llx-0x%llx)\n",
		       cfg->name, cfg->dtb_path, p->dtb_size, (unsigned long long)p->dtb_addr,
		       (unsigned long long)cfg->ram_base, (unsigned long long)(ram_end(cfg) - 1),
		       (unsigned long long)p->kernel_start, (unsigned long long)p->kernel_end);
		return -1;
	}
	return 0;
}

static int plan_initrd(const struct guest_config *cfg, struct guest_plan *p)
{
	struct fat32_file f;
	u64 top = p->dtb ? p->dtb_addr : ram_end(cfg);

	if (!cfg->initrd_path)
		return 0;
	if (guest_file_open(cfg->name, cfg->initrd_path, &f, &p->initrd_size))
		return -1;
	guest_file_close(&f);
	p->initrd_addr = ALIGN_DOWN(top - MIN(top, p->initrd_size), INITRD_ALIGN);
	if (!p->initrd_size || p->initrd_size > top - cfg->ram_base ||
	    p->initrd_addr < p->kernel_end) {
		printk("guest: %s: %s: an initrd of %llu bytes does not fit between the kernel "
		       "(ends 0x%llx) and 0x%llx\n",
		       cfg->name, cfg->initrd_path, (unsigned long long)p->initrd_size,
		       (unsigned long long)p->kernel_end, (unsigned long long)top);
		return -1;
	}
	return 0;
}

void guest_plan_free(struct guest_plan *plan)
{
	kfree(plan->dtb);
	plan->dtb = NULL;
}

int guest_plan(const struct guest_config *cfg, struct guest_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
	if (plan_kernel(cfg, plan) || plan_dtb(cfg, plan) || plan_initrd(cfg, plan) ||
	    fixup_dtb(cfg, plan)) {
		guest_plan_free(plan);
		return -1;
	}
	return 0;
}

/* Read [off, off + len) of path to ipa. */
static int load_file(struct vm *vm, const char *path, u64 off, u64 ipa, u64 len)
{
	struct fat32_file f;
	u64 size;
	int err;

	if (guest_file_open(vm->name, path, &f, &size))
		return -1;
	err = off + len > size ? -1 : guest_file_to_ram(vm, path, &f, off, ipa, len);
	if (off + len > size)
		printk("guest: %s: %s: changed while loading\n", vm->name, path);
	guest_file_close(&f);
	return err;
}

static int load_kernel(struct vm *vm, const struct guest_plan *p)
{
	const char *path = vm->cfg->kernel_path;

	if (p->format != GUEST_KERNEL_ELF)
		return load_file(vm, path, 0, p->kernel_start, p->kernel_size);
	for (unsigned int i = 0; i < p->nr_segments; i++) {
		const struct guest_segment *s = &p->segments[i];

		if (load_file(vm, path, s->offset, s->ipa, s->filesz))
			return -1;
	}
	return 0;
}

int guest_load(struct vm *vm)
{
	const struct guest_config *cfg = vm->cfg;
	struct guest_plan plan;
	int err;

	if (guest_plan(cfg, &plan))
		return -1;
	err = load_kernel(vm, &plan);
	if (!err && plan.initrd_size)
		err = load_file(vm, cfg->initrd_path, 0, plan.initrd_addr, plan.initrd_size);
	if (!err && plan.dtb)
		err = vm_copy_to_guest(vm, plan.dtb_addr, plan.dtb, plan.dtb_size);
	guest_plan_free(&plan);
	if (err)
		return -1;
	icache_inval_all(); /* no stale instructions of what the RAM held before */
	vcpu_reset(&vm->vcpus[0], plan.entry, plan.dtb_addr);
	printk("guest: %s: loaded %s (%s, %llu bytes) at 0x%llx, DTB at 0x%llx, entry 0x%llx\n",
	       cfg->name, cfg->kernel_path, guest_kernel_format_name(plan.format),
	       (unsigned long long)plan.kernel_size, (unsigned long long)plan.kernel_start,
	       (unsigned long long)plan.dtb_addr, (unsigned long long)plan.entry);
	return 0;
}
