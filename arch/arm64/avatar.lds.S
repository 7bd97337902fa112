/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel memory layout (identity mapped, so virtual = physical):
 *
 *	CONFIG_TEXT_BASE  _text, _head	Image header, then boot code
 *	                  .text		code; vectors (2 KiB aligned)
 *	                  .rodata
 *	                  .shell_cmds	struct shell_command entries, sorted by name
 *	                  .data
 *	__bss_start       .bss		zeroed by head.S; CPU stacks, page tables
 *	__bss_end, _end
 *
 * Preprocessed with cpp (autoconf.h included), so only CONFIG_ macros
 * may be used here, no C headers.
 */
OUTPUT_FORMAT("elf64-littleaarch64")
OUTPUT_ARCH(aarch64)
ENTRY(_head)

/* Separate segments so that none is writable and executable at once. */
PHDRS
{
	text PT_LOAD FLAGS(5);		/* R X */
	rodata PT_LOAD FLAGS(4);	/* R */
	data PT_LOAD FLAGS(6);		/* RW */
}

SECTIONS
{
	. = CONFIG_TEXT_BASE;
	_text = .;

	.head.text : {
		KEEP(*(.head.text))
	} :text

	.text : {
		*(.text .text.*)
	}
	_etext = .;

	. = ALIGN(4096);
	.rodata : {
		*(.rodata .rodata.*)
	} :rodata

	/* Shell commands; section names .shell_cmds.<name> make the list sorted. */
	.shell_cmds : ALIGN(8) {
		__shell_cmds_start = .;
		KEEP(*(SORT_BY_NAME(.shell_cmds.*)))
		__shell_cmds_end = .;
	}

	. = ALIGN(4096);
	.data : {
		*(.data .data.*)
	} :data

	.bss : ALIGN(16) {
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(16);
		__bss_end = .;
	} :data

	. = ALIGN(4096);
	_end = .;

	/* Size the loader must reserve, BSS included (Image header image_size). */
	_kernel_size = _end - _text;

	/DISCARD/ : {
		*(.comment)
		*(.note .note.*)
		*(.eh_frame .eh_frame_hdr)
		*(.interp .dynamic .dynsym .dynstr .hash .gnu.hash)
	}
}
