// SPDX-License-Identifier: GPL-2.0
/*
 * printk() for the memory allocator unit tests: counts the messages (so a
 * test can assert that a bad free was reported) and prints them unless
 * the test asked for quiet.
 */
#include <stdarg.h>
#include <stdio.h>

#include "mm_test.h"

unsigned int mm_printk_count;
int mm_printk_quiet;

int vprintk(const char *fmt, va_list ap)
{
	__atomic_add_fetch(&mm_printk_count, 1, __ATOMIC_RELAXED);
	if (mm_printk_quiet)
		return 0;
	fputs("[printk] ", stdout);
	return vprintf(fmt, ap);
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}
