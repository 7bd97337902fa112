// SPDX-License-Identifier: GPL-2.0
/*
 * The ELF64 program loader: static AArch64 executables (ET_EXEC) whose
 * PT_LOAD segments lie inside the EL0 window. Headers are copied out of
 * the image before use (it need not be aligned); every offset and size is
 * checked against the image, so a corrupt program is refused, not run.
 */
#include <asm/pgtable.h>
#include <avatar/aspace.h>
#include <avatar/compiler.h>
#include <avatar/elf.h>
#include <avatar/page_alloc.h>
#include <avatar/string.h>
#include <uapi/avatar/errno.h>

static unsigned int segment_prot(u32 flags)
{
	return ((flags & PF_R) ? PROT_READ : 0) | ((flags & PF_W) ? PROT_WRITE : 0) |
	       ((flags & PF_X) ? PROT_EXEC : 0);
}

static int load_segment(struct aspace *as, const u8 *image, const Elf64_Phdr *ph)
{
	uintptr_t va = ALIGN_DOWN(ph->p_vaddr, PAGE_SIZE);
	uintptr_t end = ph->p_vaddr + ph->p_memsz;
	uintptr_t file_end = ph->p_vaddr + ph->p_filesz;

	for (; va < end; va += PAGE_SIZE) {
		uintptr_t pa = aspace_lookup(as, va, NULL), from, to;
		bool fresh = !pa;
		int err;

		if (fresh) {
			pa = alloc_page();
			if (!pa)
				return -ENOMEM;
			memset(pa_to_va(pa), 0, PAGE_SIZE);
		}
		/* The file bytes that fall in this page. */
		from = va > ph->p_vaddr ? va : ph->p_vaddr;
		to = va + PAGE_SIZE < file_end ? va + PAGE_SIZE : file_end;
		if (from < to)
			memcpy((u8 *)pa_to_va(pa) + (from - va),
			       image + ph->p_offset + (from - ph->p_vaddr), to - from);
		if (!fresh)
			continue; /* shared with the previous segment: mapped already */
		err = aspace_map_page(as, va, pa, segment_prot(ph->p_flags));
		if (err) {
			free_page(pa);
			return err;
		}
	}
	return 0;
}

int elf_load(struct aspace *as, const void *image, size_t size, uintptr_t *entry, uintptr_t *end)
{
	const u8 *img = image;
	Elf64_Ehdr eh;
	uintptr_t top = 0;
	unsigned int i;

	if (size < sizeof(eh))
		return -ENOEXEC;
	memcpy(&eh, img, sizeof(eh));
	if (memcmp(eh.e_ident, ELFMAG, SELFMAG) || eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_ident[EI_DATA] != ELFDATA2LSB || eh.e_type != ET_EXEC ||
	    eh.e_machine != EM_AARCH64 || eh.e_phentsize != sizeof(Elf64_Phdr) ||
	    eh.e_phoff > size || eh.e_phnum > (size - eh.e_phoff) / sizeof(Elf64_Phdr))
		return -ENOEXEC;
	for (i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph;
		int err;

		memcpy(&ph, img + eh.e_phoff + i * sizeof(ph), sizeof(ph));
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (ph.p_filesz > ph.p_memsz || ph.p_offset > size ||
		    ph.p_filesz > size - ph.p_offset || ph.p_vaddr < PAGE_SIZE ||
		    ph.p_vaddr >= USER_VA_END || ph.p_memsz > USER_VA_END - ph.p_vaddr)
			return -ENOEXEC;
		err = load_segment(as, img, &ph);
		if (err)
			return err;
		if (ph.p_vaddr + ph.p_memsz > top)
			top = ph.p_vaddr + ph.p_memsz;
	}
	if (!top || eh.e_entry < PAGE_SIZE || eh.e_entry >= top)
		return -ENOEXEC;
	*entry = eh.e_entry;
	*end = top;
	return 0;
}
