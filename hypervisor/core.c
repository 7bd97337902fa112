// SPDX-License-Identifier: GPL-2.0
/*
 * Hypervisor entry: called by start_kernel() once every CPU is up at EL2.
 *
 * For now it reports the guest set the build generated from Kconfig; VMs,
 * vCPUs, stage-2 and the guest loader come with the hypervisor core.
 */
#include <avatar/hypervisor.h>
#include <avatar/printk.h>
#include <hypervisor/guest_config.h>

void hv_init(void)
{
	unsigned int autostart = 0;

	for (unsigned int i = 0; i < guest_table.count; i++)
		autostart += guest_table.guests[i].autostart;
	printk("hypervisor: %u guest%s configured (%u to start at boot); "
	       "'guest list' shows them\n",
	       guest_table.count, guest_table.count == 1 ? "" : "s", autostart);
}
