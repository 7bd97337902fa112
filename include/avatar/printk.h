/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel messages on the console.
 *
 * printk() always prints (it is also the shell's output function).
 * pr_emerg() .. pr_debug() print only if their level is <= CONFIG_LOG_LEVEL
 * (Linux numbering, 0 = emergency .. 7 = debug); the test is a constant,
 * so filtered calls compile away but are still type-checked. A file may
 * define pr_fmt(fmt) before its includes to prefix its messages:
 *
 *	#define pr_fmt(fmt) "psci: " fmt
 *
 * One printk() call is written out under a lock, so lines from different
 * CPUs do not interleave; build a line in one call where that matters.
 */
#ifndef AVATAR_PRINTK_H
#define AVATAR_PRINTK_H

#include <stdarg.h>
#include <avatar/compiler.h>
#include <avatar/types.h>

#define LOGLEVEL_EMERG	 0 /* system is unusable */
#define LOGLEVEL_ALERT	 1
#define LOGLEVEL_CRIT	 2
#define LOGLEVEL_ERR	 3 /* an operation failed */
#define LOGLEVEL_WARNING 4 /* something is off, carrying on */
#define LOGLEVEL_NOTICE	 5
#define LOGLEVEL_INFO	 6 /* normal progress */
#define LOGLEVEL_DEBUG	 7

#ifndef pr_fmt
#define pr_fmt(fmt) fmt
#endif

int printk(const char *fmt, ...) __printf(1, 2);
int vprintk(const char *fmt, va_list ap) __printf(1, 0);
/* Write len bytes as they are, contiguous with other printk output (user write()). */
void printk_write(const char *buf, size_t len);

#define pr_level(level, fmt, ...)                           \
	do {                                                \
		if ((level) <= CONFIG_LOG_LEVEL)            \
			printk(pr_fmt(fmt), ##__VA_ARGS__); \
	} while (0)

#define pr_emerg(fmt, ...)  pr_level(LOGLEVEL_EMERG, fmt, ##__VA_ARGS__)
#define pr_alert(fmt, ...)  pr_level(LOGLEVEL_ALERT, fmt, ##__VA_ARGS__)
#define pr_crit(fmt, ...)   pr_level(LOGLEVEL_CRIT, fmt, ##__VA_ARGS__)
#define pr_err(fmt, ...)    pr_level(LOGLEVEL_ERR, fmt, ##__VA_ARGS__)
#define pr_warn(fmt, ...)   pr_level(LOGLEVEL_WARNING, fmt, ##__VA_ARGS__)
#define pr_notice(fmt, ...) pr_level(LOGLEVEL_NOTICE, fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...)   pr_level(LOGLEVEL_INFO, fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...)  pr_level(LOGLEVEL_DEBUG, fmt, ##__VA_ARGS__)

#endif /* AVATAR_PRINTK_H */
