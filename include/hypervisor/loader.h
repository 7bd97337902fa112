/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest loader (hypervisor/loader.c): a guest of the guest table
 * from its files on host.img into a VM's RAM, its boot vCPU set up for
 * the arm64 boot protocol.
 *
 * guest_plan() makes every check without a VM (files present, formats,
 * sizes, placement, the DTB and its fix-ups) and says where everything
 * goes; 'guest validate' prints the plan, guest_load() carries it out.
 */
#ifndef HYPERVISOR_LOADER_H
#define HYPERVISOR_LOADER_H

#include <avatar/types.h>
#include <hypervisor/guest_table.h>

struct vm;

enum guest_kernel_format {
	GUEST_KERNEL_IMAGE, /* arm64 Image (Documentation/arch/arm64/booting.rst) */
	GUEST_KERNEL_ELF,   /* ELF64 AArch64: PT_LOAD segments at their p_paddr */
	GUEST_KERNEL_RAW,   /* raw binary at load_addr */
};

#define GUEST_MAX_SEGMENTS 8 /* PT_LOAD segments of an ELF guest */

struct guest_segment {
	u64 offset; /* in the file */
	u64 ipa;
	u64 filesz;
	u64 memsz; /* the rest (BSS) stays zero: RAM is zeroed when the VM is made */
};

struct guest_plan {
	enum guest_kernel_format format;
	u64 kernel_size;	      /* the file */
	u64 kernel_start, kernel_end; /* footprint in RAM, BSS included */
	u64 entry;
	unsigned int nr_segments;
	struct guest_segment segments[GUEST_MAX_SEGMENTS];
	u64 initrd_size, initrd_addr; /* size 0: none */
	u8 *dtb;		      /* fixed-up copy (kmalloc), NULL: none */
	u32 dtb_size;		      /* of the blob */
	u32 dtb_buf_size;	      /* of the buffer: room for the fix-ups */
	u64 dtb_addr;
};

/* Check everything of cfg: 0 and *plan, or -1 with a one-line message. */
int guest_plan(const struct guest_config *cfg, struct guest_plan *plan);
void guest_plan_free(struct guest_plan *plan);
const char *guest_kernel_format_name(enum guest_kernel_format format);

/* Plan and load vm->cfg's files and set up vCPU 0. 0, or -1 with a message. */
int guest_load(struct vm *vm);

/* arm64 Linux Image header (Documentation/arch/arm64/booting.rst). */
#define ARM64_IMAGE_MAGIC	 0x644d5241U /* "ARM\x64" */
#define ARM64_IMAGE_MAGIC_OFF	 56
#define ARM64_IMAGE_TEXT_OFF_OFF 8
#define ARM64_IMAGE_SIZE_OFF	 16
#define ARM64_IMAGE_HEADER_SIZE	 64
#define ARM64_IMAGE_BASE_ALIGN	 SZ_2M /* the Image goes text_offset above this */

#endif /* HYPERVISOR_LOADER_H */
