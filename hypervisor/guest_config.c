// SPDX-License-Identifier: GPL-2.0
/*
 * The guest table the build generates from Kconfig
 * ($(O)/generated/guest_table.c, see scripts/genguests.py): names of guest
 * types and look-ups by shell id.
 */
#include <avatar/string.h>
#include <hypervisor/guest_config.h>

static const char *const guest_type_names[] = {
	[GUEST_TYPE_LINUX] = "Linux",
	[GUEST_TYPE_TESTOS] = "TestOS",
	[GUEST_TYPE_AVATAR] = "Avatar",
	[GUEST_TYPE_CUSTOM] = "Custom",
};

const char *guest_type_name(enum guest_type type)
{
	if ((unsigned int)type >= sizeof(guest_type_names) / sizeof(guest_type_names[0]))
		return "?";
	return guest_type_names[type];
}

const struct guest_config *guest_config_find(const char *id)
{
	char *end;
	unsigned long index = strtoul(id, &end, 10);

	if (end != id && *end == '\0')
		return index < guest_table.count ? &guest_table.guests[index] : NULL;
	for (unsigned int i = 0; i < guest_table.count; i++)
		if (!strcmp(guest_table.guests[i].name, id))
			return &guest_table.guests[i];
	return NULL;
}

unsigned int guest_config_index(const struct guest_config *cfg)
{
	return (unsigned int)(cfg - guest_table.guests);
}
