// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor entry: called by start_kernel() once every CPU is up at EL2.
 * Sets up what guests need from EL2 (VTCR, VMIDs, the trap tables) and
 * reports the guest set the build generated from Kconfig. Guests start
 * from the shell ('guest start'); starting the autostart ones at boot
 * waits for the storage stack (host.img), which most guests load from.
 */
#include <avatar/hypervisor.h>
#include <avatar/printk.h>
#include <hypervisor/guest_config.h>
#include <hypervisor/vm.h>

void hv_sysreg_table_check(void);

void hv_init(void)
{
	unsigned int autostart = 0;

	vm_arch_init();
	hv_sysreg_table_check();
	for (unsigned int i = 0; i < guest_table.count; i++)
		autostart += guest_table.guests[i].autostart;
	printk("hypervisor: %u guest%s configured (%u marked autostart, not started yet); "
	       "'guest list' shows them, 'guest start <id>' starts one\n",
	       guest_table.count, guest_table.count == 1 ? "" : "s", autostart);
}
