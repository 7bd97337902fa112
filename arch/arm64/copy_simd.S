/* SPDX-License-Identifier: GPL-2.0 */
/*
 * __memcpy_simd(dst, src, n): n a non-zero multiple of 64 bytes, called
 * inside a SIMD section (<asm/simd.h>). LD1/ST1 of four q-registers with
 * post-increment move 64 bytes per instruction: the main loop copies 256
 * bytes in 10 instructions (general registers need 2 per 16 bytes plus
 * the loop). Element size 8 bits: no alignment is required of either
 * pointer (Arm ARM C3.2.9), so -mstrict-align does not concern it.
 */
#include <asm/linkage.h>

	.text
ENTRY(__memcpy_simd)
	subs	x2, x2, #256
	b.lo	2f
1:	ld1	{v0.16b-v3.16b}, [x1], #64
	ld1	{v4.16b-v7.16b}, [x1], #64
	ld1	{v16.16b-v19.16b}, [x1], #64
	ld1	{v20.16b-v23.16b}, [x1], #64
	st1	{v0.16b-v3.16b}, [x0], #64
	st1	{v4.16b-v7.16b}, [x0], #64
	st1	{v16.16b-v19.16b}, [x0], #64
	st1	{v20.16b-v23.16b}, [x0], #64
	subs	x2, x2, #256
	b.hs	1b
2:	adds	x2, x2, #256		/* 0, 64, 128 or 192 bytes left */
	b.eq	4f
3:	ld1	{v0.16b-v3.16b}, [x1], #64
	st1	{v0.16b-v3.16b}, [x0], #64
	subs	x2, x2, #64
	b.ne	3b
4:	ret
END(__memcpy_simd)
