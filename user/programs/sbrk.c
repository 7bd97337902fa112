// SPDX-License-Identifier: GPL-2.0
/*
 * Heap growth: sbrk 1 MiB, write and check every page (each allocated by
 * the kernel on first touch), shrink it back, check that an absurd
 * request fails.
 */
#include <ulib.h>

#define GROW	 (1024 * 1024)
#define PAGE	 4096
#define TOO_MUCH (512L * 1024 * 1024)

int main(void)
{
	char *start = sbrk(0), *p = sbrk(GROW);
	long i;

	if (p == (void *)-1 || p != start) {
		printf("sbrk: FAIL grow returned %p\n", p);
		return 1;
	}
	for (i = 0; i < GROW; i += PAGE)
		p[i] = (char)(i / PAGE);
	for (i = 0; i < GROW; i += PAGE)
		if (p[i] != (char)(i / PAGE)) {
			printf("sbrk: FAIL page %ld\n", i / PAGE);
			return 1;
		}
	if (sbrk(-GROW) == (void *)-1 || sbrk(0) != start) {
		printf("sbrk: FAIL shrink\n");
		return 1;
	}
	if (sbrk(TOO_MUCH) != (void *)-1) {
		printf("sbrk: FAIL huge request accepted\n");
		return 1;
	}
	printf("sbrk: OK, %d pages touched at %p\n", GROW / PAGE, p);
	return 0;
}
