/* SPDX-License-Identifier: GPL-2.0 */
/* Look-ups in the generated guest table (hypervisor/guest_config.c). */
#ifndef HYPERVISOR_GUEST_CONFIG_H
#define HYPERVISOR_GUEST_CONFIG_H

#include <hypervisor/guest_table.h>

/* Guests in all, generated and from the manifest (vm.c and guest_log.c hold 32). */
#define GUEST_CONFIG_MAX 32

/*
 * A guest by shell id: its index in the table ("0", "1", ...) or its
 * name. NULL if there is none.
 */
const struct guest_config *guest_config_find(const char *id);

/* Index of cfg in guest_table. */
unsigned int guest_config_index(const struct guest_config *cfg);

#endif /* HYPERVISOR_GUEST_CONFIG_H */
