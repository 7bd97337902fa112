// SPDX-License-Identifier: GPL-2.0
/*
 * memcpy_bulk(): large copies (the buffer cache's blocks) with the SIMD
 * registers, in sections of SIMD_CHUNK bytes with IRQs masked; see
 * <asm/simd.h> for why that is all the FP ownership they need.
 */
#include <asm/simd.h>
#include <avatar/compiler.h>
#include <avatar/string.h>

static void (*simd_state_saver)(void);

void arch_simd_set_state_saver(void (*save)(void))
{
	simd_state_saver = save;
}

void arch_simd_save_live_state(void)
{
	if (simd_state_saver)
		simd_state_saver();
}

/* Below this the general-register memcpy() is as good (no section to open). */
#define MEMCPY_BULK_MIN 256

void *memcpy_bulk(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;
	size_t simd = n & ~(size_t)(SIMD_COPY_GRAIN - 1);

	if (n < MEMCPY_BULK_MIN)
		return memcpy(dst, src, n);
	while (simd) {
		size_t chunk = MIN(simd, (size_t)SIMD_CHUNK);
		unsigned long flags = arch_simd_begin();

		__memcpy_simd(d, s, chunk);
		arch_simd_end(flags);
		d += chunk;
		s += chunk;
		simd -= chunk;
	}
	if (n & (SIMD_COPY_GRAIN - 1))
		memcpy(d, s, n & (SIMD_COPY_GRAIN - 1));
	return dst;
}
