/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the FDT reader (fdt.c) and writer (fdt_rw.c) share: the encoding of
 * a blob (devicetree specification v0.4, chapter 5) and the one token
 * decoder that every access to the structure block goes through.
 */
#ifndef KERNEL_LIB_FDT_INTERNAL_H
#define KERNEL_LIB_FDT_INTERNAL_H

#include <avatar/fdt.h>

/* Structure block tokens. */
#define FDT_BEGIN_NODE 0x1
#define FDT_END_NODE   0x2
#define FDT_PROP       0x3
#define FDT_NOP	       0x4
#define FDT_END	       0x9

#define FDT_TOKEN_SIZE	  4
#define FDT_PROP_HDR_SIZE (3 * FDT_TOKEN_SIZE) /* FDT_PROP, len, nameoff */

/* Header field offsets (all big-endian u32). */
enum fdt_header_field {
	HDR_MAGIC = 0,
	HDR_TOTALSIZE = 4,
	HDR_OFF_DT_STRUCT = 8,
	HDR_OFF_DT_STRINGS = 12,
	HDR_OFF_MEM_RSVMAP = 16,
	HDR_VERSION = 20,
	HDR_LAST_COMP_VERSION = 24,
	HDR_BOOT_CPUID_PHYS = 28,
	HDR_SIZE_DT_STRINGS = 32,
	HDR_SIZE_DT_STRUCT = 36,
};

/* One decoded token of the structure block. */
struct fdt_token {
	u32 tag;	  /* FDT_BEGIN_NODE, ... */
	int next;	  /* offset of the following token */
	const char *name; /* BEGIN_NODE: node name; PROP: property name or NULL if bad */
	const u8 *value;  /* PROP: value */
	u32 len;	  /* PROP: value length */
};

/* Round up to the 4-byte token alignment. */
static inline u32 fdt_align(u64 off)
{
	return (u32)((off + FDT_TOKEN_SIZE - 1) & ~(u64)(FDT_TOKEN_SIZE - 1));
}

/* Decode the token at structure-block offset 'off', bounds-checked. */
int fdt_read_token(const struct fdt *fdt, int off, struct fdt_token *tok);
/* Walk the whole structure block: balanced nodes, named properties, final END. */
int fdt_check_structure(const struct fdt *fdt);

#endif /* KERNEL_LIB_FDT_INTERNAL_H */
