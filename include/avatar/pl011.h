/* SPDX-License-Identifier: GPL-2.0 */
/* Arm PL011 UART driver (drivers/serial/pl011.c). */
#ifndef AVATAR_PL011_H
#define AVATAR_PL011_H

#include <avatar/types.h>

/*
 * Make the PL011 at 'base' the console. reinit = false keeps the boot
 * loader's configuration untouched (early console); true reprograms the
 * line to 8N1 with FIFOs and enables transmit and receive (the baud rate
 * divisors set by the firmware are kept, the UART clock being unknown).
 */
void pl011_console_init(uintptr_t base, bool reinit);

/* Print a string by polling, without locks or globals (usable with the MMU off). */
void pl011_early_puts(uintptr_t base, const char *s);

#endif /* AVATAR_PL011_H */
