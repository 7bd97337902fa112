// SPDX-License-Identifier: GPL-2.0
/* printf and puts over write(STDOUT_FD), formatted by kernel/lib/vsnprintf.c. */
#include <ulib.h>

#define PRINTF_BUF 256 /* longer output is cut */

int printf(const char *fmt, ...)
{
	char buf[PRINTF_BUF];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	return (int)write(STDOUT_FD, buf, (size_t)n);
}

int puts(const char *s)
{
	write(STDOUT_FD, s, strlen(s));
	return (int)write(STDOUT_FD, "\n", 1);
}
