/* SPDX-License-Identifier: GPL-2.0 */
/* Symbol definition helpers for assembly files. */
#ifndef ASM_LINKAGE_H
#define ASM_LINKAGE_H

#ifdef __ASSEMBLER__
/* Assembler syntax, which clang-format does not understand. */
/* clang-format off */
#define ENTRY(name)	\
	.globl name;	\
	.type name, %function; \
	.balign 4;	\
name:

#define LOCAL_ENTRY(name) \
	.type name, %function; \
	.balign 4;	\
name:

#define END(name)	\
	.size name, . - name

/* Load the address of a symbol within +/-4 GiB, PC-relative (works with the MMU off). */
.macro adr_l, dst, sym
	adrp	\dst, \sym
	add	\dst, \dst, :lo12:\sym
.endm
/* clang-format on */
#endif

#endif /* ASM_LINKAGE_H */
