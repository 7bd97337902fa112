// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor entry: called by start_kernel() once every CPU is up at EL2.
 * Sets up what guests need from EL2 (VTCR, VMIDs, the trap tables) and
 * reports the guest set the build generated from Kconfig (plus the guests
 * of the optional manifest on host.img, guest_manifest_load.c), then starts
 * the guests marked autostart (start_kernel() has mounted host.img, which
 * they load from): one line each, a failure reported and the next one
 * tried. The others start from the shell ('guest start').
 */
#include <avatar/hypervisor.h>
#include <avatar/printk.h>
#include <hypervisor/guest_config.h>
#include <hypervisor/guest_manifest.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

void hv_sysreg_table_check(void);

void hv_init(void)
{
	unsigned int autostart = 0;

	vm_arch_init();
	hv_sysreg_table_check();
	vgic_global_init();
	guest_manifest_load();
	for (unsigned int i = 0; i < guest_table.count; i++)
		autostart += guest_table.guests[i].autostart;
	printk("hypervisor: %u guest%s configured (%u marked autostart); "
	       "'guest list' shows them, 'guest start <id>' starts one\n",
	       guest_table.count, guest_table.count == 1 ? "" : "s", autostart);
	for (unsigned int i = 0; i < guest_table.count; i++)
		if (guest_table.guests[i].autostart)
			vm_start(&guest_table.guests[i]);
}
