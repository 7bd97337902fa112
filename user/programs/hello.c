// SPDX-License-Identifier: GPL-2.0
/* The first program: one line on the console. */
#include <ulib.h>

int main(void)
{
	printf("Hello from user space! (pid %d)\n", getpid());
	return 0;
}
