// SPDX-License-Identifier: GPL-2.0
/*
 * Loop forever, yielding now and then: something to `kill`. With an
 * argument n, stop after n rounds instead.
 */
#include <ulib.h>

#define ROUND 100000

int main(int argc, char **argv)
{
	unsigned long rounds = argc > 1 ? strtoul(argv[1], NULL, 0) : 0, i;
	volatile unsigned long sink = 0;

	printf("spin: pid %d looping\n", getpid());
	for (i = 0; !rounds || i < rounds; i++) {
		unsigned int j;

		for (j = 0; j < ROUND; j++)
			sink += j;
		yield();
	}
	printf("spin: done\n");
	return 0;
}
