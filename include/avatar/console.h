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
	/* Read one character from the device if one is waiting, else return -1. */
	int (*trygetc)(struct console *con);
	/*
	 * Optional: deliver received characters through interrupt 'irq' to
	 * console_input_push() from now on. 0, or negative on failure.
	 */
	int (*enable_rx_irq)(struct console *con, unsigned int irq);
};

void console_register(struct console *con);
const char *console_name(void);
void console_putc(char c);
void console_write(const char *s, size_t len);
/* Next input character, -1 if none is waiting. */
int console_trygetc(void);
/*
 * Wait for the next input character: asleep on a wait queue when input is
 * interrupt driven and the caller is a thread that may sleep, else polling.
 */
int console_getc(void);

/* Read the device directly (polled input), -1 if nothing is waiting. */
int console_poll_getc(void);
/* Ask the driver to use its receive interrupt (struct console.enable_rx_irq). */
int console_enable_rx_irq(unsigned int irq);

/* Interrupt-driven input (kernel/console_input.c). */
/* Switch input to the driver's receive interrupt; polled input stays if it fails. */
void console_input_start(unsigned int irq);
/* A received character, from the driver's interrupt handler. */
void console_input_push(char c);
/* console_getc(), but give up (-1) once *stop is true and the reader is woken. */
int console_getc_unless(const bool *stop);
/* Wake the reader in console_getc_unless() (its *stop was just set). */
void console_input_wake(void);
/* Characters lost because the input ring was full. */
unsigned long console_input_dropped(void);

#endif /* AVATAR_CONSOLE_H */
