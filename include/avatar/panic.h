/* SPDX-License-Identifier: GPL-2.0 */
/* Fatal errors: stop the CPU with a message. */
#ifndef AVATAR_PANIC_H
#define AVATAR_PANIC_H

#include <avatar/compiler.h>

/* Print "Kernel panic on CPUn: <message>" and halt this CPU. */
void panic(const char *fmt, ...) __noreturn __printf(1, 2);
/* Mask all exceptions on this CPU and wait forever. */
void cpu_halt(void) __noreturn;

#endif /* AVATAR_PANIC_H */
