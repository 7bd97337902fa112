/* SPDX-License-Identifier: GPL-2.0 */
/* Symbols defined by the linker script (arch/arm64/avatar.lds.S) and head.S. */
#ifndef ASM_SECTIONS_H
#define ASM_SECTIONS_H

extern char _text[], _etext[], _end[];
extern char __bss_start[], __bss_end[];
extern char __cpu_stacks[], __cpu_stacks_end[];

#endif /* ASM_SECTIONS_H */
