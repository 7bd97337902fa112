// SPDX-License-Identifier: GPL-2.0
/* Dereference NULL: the kernel must kill this process and live on. */
#include <ulib.h>

int main(void)
{
	volatile int *p = NULL;

	printf("crash: reading address 0\n");
	/* Hide the constant: the compiler would turn a known NULL load into a trap. */
	__asm__("" : "+r"(p));
	return *p;
}
