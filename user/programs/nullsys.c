// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark: n (argument, default 1000) null system calls; the exit code
 * is the time they took in nanoseconds (instructions under QEMU icount
 * shift=0), read by the kernel's `bench` command.
 */
#include <ulib.h>

int main(int argc, char **argv)
{
	unsigned long n = argc > 1 ? strtoul(argv[1], NULL, 0) : 1000, i;
	u64 t0 = time_ns();

	for (i = 0; i < n; i++)
		nop();
	return (int)(time_ns() - t0);
}
