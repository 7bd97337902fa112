/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The system console: one character device (a UART driver) registered
 * at a time, used by printk() for output and by the shell for input.
 * Before any driver registers, output is dropped and input reads nothing.
 */
#ifndef AVATAR_CONSOLE_H
#define AVATAR_CONSOLE_H

#include <avatar/types.h>

struct console {
	const char *name;
	/* Write one character; a driver turns '\n' into "\r\n" itself. */
	void (*putc)(struct console *con, char c);
	/* Read one character if one is waiting, else return -1. */
	int (*trygetc)(struct console *con);
};

void console_register(struct console *con);
const char *console_name(void);
void console_putc(char c);
void console_write(const char *s, size_t len);
/* Next input character, -1 if none is waiting. */
int console_trygetc(void);
/* Wait for the next input character. */
int console_getc(void);

#endif /* AVATAR_CONSOLE_H */
