/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel start-up (kernel/main.c, kernel/version.c). */
#ifndef AVATAR_INIT_H
#define AVATAR_INIT_H

#include <avatar/compiler.h>

/* C entry of the boot CPU, from head.S, with the MMU on; dtb = x0 at boot. */
void start_kernel(const void *dtb) __noreturn;
/* "Avatar 0.1.0 (hypervisor at EL2) — board qemu-virt, GICv3, 4 CPUs, HZ 100" */
void print_banner(void);

#endif /* AVATAR_INIT_H */
