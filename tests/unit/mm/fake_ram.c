// SPDX-License-Identifier: GPL-2.0
/* Aligned anonymous mappings standing in for physical RAM in unit tests. */
#include <stdlib.h>
#include <sys/mman.h>

#include "mm_test.h"

uintptr_t fake_ram_map(size_t size, size_t align)
{
	size_t span = size + align;
	char *p = mmap(NULL, span, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	uintptr_t base, end;

	if (p == MAP_FAILED)
		abort();
	/* Keep the aligned part, give the slack on both sides back. */
	base = ((uintptr_t)p + align - 1) & ~(uintptr_t)(align - 1);
	end = base + size;
	if (base > (uintptr_t)p)
		munmap(p, base - (uintptr_t)p);
	if ((uintptr_t)p + span > end)
		munmap((void *)end, (uintptr_t)p + span - end);
	return base;
}

void fake_ram_unmap(uintptr_t base, size_t size)
{
	munmap((void *)base, size);
}
