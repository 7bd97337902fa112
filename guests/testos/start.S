/*
 * TestOS entry: arm64 Linux Image header, early setup, exception vectors.
 *
 * Boot contract (the arm64 Linux boot protocol): entered at offset 0 of the
 * image with the MMU off, x0 = physical address of the DTB, x1-x3 = 0,
 * interrupts masked, at EL1 (or EL2).  The image is linked to run at
 * 0x40080000 (RAM base + text_offset 0x80000).
 */

	.section .text.head, "ax"
	.global	_head
_head:
	b	_start				/* code0 */
	.long	0				/* code1 */
	.quad	0x80000				/* text_offset */
	.quad	_image_size			/* image_size, incl. bss and stack */
	.quad	0x2				/* flags: LE, 4K pages, 2 MiB-aligned base */
	.quad	0				/* res2 */
	.quad	0				/* res3 */
	.quad	0				/* res4 */
	.ascii	"ARM\x64"			/* magic */
	.long	0				/* res5: no PE/COFF header */

	.global	_start
_start:
	msr	daifset, #0xf
	mov	x19, x0				/* DTB address */

	adrp	x1, __stack_top
	add	x1, x1, :lo12:__stack_top
	mov	sp, x1

	/* Clear .bss (8-byte stores: MMU off means Device memory, no
	 * unaligned accesses). */
	adrp	x1, __bss_start
	add	x1, x1, :lo12:__bss_start
	adrp	x2, __bss_end
	add	x2, x2, :lo12:__bss_end
1:	cmp	x1, x2
	b.hs	2f
	str	xzr, [x1], #8
	b	1b
2:
	/* Exception vectors for the level we run at. */
	adrp	x1, testos_vectors
	add	x1, x1, :lo12:testos_vectors
	mrs	x2, CurrentEL
	cmp	x2, #(2 << 2)
	b.eq	3f
	msr	vbar_el1, x1
	b	4f
3:	msr	vbar_el2, x1
4:	isb

	mov	x0, x19
	bl	testos_main
5:	wfi
	b	5b

/*
 * Exception vectors: every entry saves x0-x30, ELR and SPSR in a frame on
 * the current stack and calls testos_exception(frame, vector_index).  The
 * C handler may change frame->elr; the entry then restores and returns.
 */
#define FRAME_SIZE	(34 * 8)		/* x0-x30, elr, spsr, pad */

	.macro	vector idx
	.balign	0x80
	sub	sp, sp, #FRAME_SIZE
	stp	x0, x1, [sp, #16 * 0]
	mov	x1, #\idx
	b	exception_entry
	.endm

	.section .text.vectors, "ax"
	.balign	0x800
	.global	testos_vectors
testos_vectors:
	vector	0	/* current EL, SP_EL0: sync */
	vector	1	/* irq */
	vector	2	/* fiq */
	vector	3	/* serror */
	vector	4	/* current EL, SP_ELx: sync */
	vector	5
	vector	6
	vector	7
	vector	8	/* lower EL, AArch64 */
	vector	9
	vector	10
	vector	11
	vector	12	/* lower EL, AArch32 */
	vector	13
	vector	14
	vector	15

exception_entry:
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	mrs	x2, CurrentEL
	cmp	x2, #(2 << 2)
	b.eq	1f
	mrs	x2, elr_el1
	mrs	x3, spsr_el1
	b	2f
1:	mrs	x2, elr_el2
	mrs	x3, spsr_el2
2:	stp	x30, x2, [sp, #16 * 15]
	str	x3, [sp, #16 * 16]
	mov	x0, sp
	bl	testos_exception
	ldp	x30, x2, [sp, #16 * 15]
	ldr	x3, [sp, #16 * 16]
	mrs	x4, CurrentEL
	cmp	x4, #(2 << 2)
	b.eq	3f
	msr	elr_el1, x2
	msr	spsr_el1, x3
	b	4f
3:	msr	elr_el2, x2
	msr	spsr_el2, x3
4:	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	add	sp, sp, #FRAME_SIZE
	eret
