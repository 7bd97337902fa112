/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ELF64 (System V gABI, AArch64 ELF supplement): the headers the program
 * loader reads (kernel/user/elf.c), with their specification names.
 */
#ifndef AVATAR_ELF_H
#define AVATAR_ELF_H

#include <avatar/types.h>

#define EI_NIDENT   16
#define ELFMAG	    "\177ELF"
#define SELFMAG	    4
#define EI_CLASS    4
#define ELFCLASS64  2
#define EI_DATA	    5
#define ELFDATA2LSB 1
#define ET_EXEC	    2
#define EM_AARCH64  183
#define PT_LOAD	    1
#define PF_X	    1U
#define PF_W	    2U
#define PF_R	    4U

typedef struct {
	u8 e_ident[EI_NIDENT];
	u16 e_type;
	u16 e_machine;
	u32 e_version;
	u64 e_entry;
	u64 e_phoff;
	u64 e_shoff;
	u32 e_flags;
	u16 e_ehsize;
	u16 e_phentsize;
	u16 e_phnum;
	u16 e_shentsize;
	u16 e_shnum;
	u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
	u32 p_type;
	u32 p_flags;
	u64 p_offset;
	u64 p_vaddr;
	u64 p_paddr;
	u64 p_filesz;
	u64 p_memsz;
	u64 p_align;
} Elf64_Phdr;

struct aspace;

/*
 * Load the static ELF executable image[0..size) into as: every PT_LOAD
 * segment page by page (file bytes copied, the rest zero: .bss), with the
 * segment's rights. *entry = the entry point, *end = the highest address
 * loaded (where the heap may start). 0 or -ENOEXEC / -EFAULT / -ENOMEM.
 */
int elf_load(struct aspace *as, const void *image, size_t size, uintptr_t *entry, uintptr_t *end);

#endif /* AVATAR_ELF_H */
