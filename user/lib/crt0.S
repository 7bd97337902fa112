/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Program entry: the kernel enters here at EL0 with x0 = argc, x1 = argv
 * and SP 16-byte aligned below the argument strings. exit(main(argc, argv)).
 */
	.section .text.start, "ax"
	.globl	_start
_start:
	mov	x29, xzr
	mov	x30, xzr
	bl	main
	bl	exit
1:	b	1b
