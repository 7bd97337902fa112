// SPDX-License-Identifier: GPL-2.0
/*
 * Early boot errors, reported before the MMU, the console driver or the
 * device tree are available: straight to the board's early UART.
 */
#include <asm/el.h>
#include <avatar/compiler.h>
#include <avatar/kconfig.h>
#include <avatar/pl011.h>

void boot_bad_el(unsigned long el) __noreturn;

static void early_puts(const char *s)
{
	if (IS_ENABLED(CONFIG_SERIAL_PL011))
		pl011_early_puts(CONFIG_EARLY_UART_BASE, s);
}

/* Called by el_setup (el.S) on its own stack; el.S parks the CPU afterwards. */
void boot_bad_el(unsigned long el)
{
	static const char *const el_names[] = {"EL0", "EL1", "EL2", "EL3"};

	if (KERNEL_EL == 2 && el == 1) {
		early_puts("\r\nAvatar hypervisor needs EL2: boot with virtualization enabled"
			   " (entered at EL1; QEMU: -M virt,virtualization=on)\r\n");
	} else {
		early_puts("\r\nAvatar: entered at ");
		early_puts(el_names[el & 3]);
		early_puts(KERNEL_EL == 2 ? ", the hypervisor must be entered at EL2\r\n"
					  : ", the kernel must be entered at EL1 or EL2\r\n");
	}
	early_puts("Avatar: CPU parked.\r\n");
	for (;;)
		__asm__ __volatile__("wfi");
}
