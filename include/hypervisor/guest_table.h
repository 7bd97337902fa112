/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest table: the guests chosen in Kconfig ("Guests" menu), as C data.
 *
 * scripts/genguests.py writes $(O)/generated/guest_table.c from .config;
 * nothing in the tree describes guests by hand. Paths are absolute paths
 * on host.img, where the build packs each guest's files under
 * /guests/<name>/. A list is a count plus a pointer.
 */
#ifndef HYPERVISOR_GUEST_TABLE_H
#define HYPERVISOR_GUEST_TABLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum guest_type {
	GUEST_TYPE_LINUX,
	GUEST_TYPE_TESTOS,
	GUEST_TYPE_AVATAR,
	GUEST_TYPE_CUSTOM,
};

struct guest_config {
	unsigned int slot; /* Kconfig slot number (GUEST<slot>_*) */
	const char *name;  /* unique; [a-z0-9_-]{1,31} */
	enum guest_type type;
	unsigned int nr_vcpus;
	uint64_t ram_base;     /* guest-physical start of RAM */
	uint64_t ram_size;     /* bytes */
	uint64_t cpu_affinity; /* physical CPU mask; 0 = any CPU */
	bool autostart;
	const char *kernel_path; /* on host.img */
	const char *initrd_path; /* NULL: no initrd */
	const char *dtb_path;	 /* NULL: no DTB is passed */
	const char *bootargs;
	uint64_t load_addr;	    /* guest-physical; image copied here */
	uint64_t entry;		    /* guest-physical first instruction */
	uint64_t dtb_addr;	    /* guest-physical; 0 = loader chooses */
	unsigned int manifest_line; /* 0: from Kconfig; else the [name] line of the manifest */
};

struct guest_table {
	unsigned int count;
	const struct guest_config *guests;
};

/*
 * Generated, then extended once at boot, before any guest starts and
 * before the shell runs, by the guests of the optional manifest on
 * host.img (guest_manifest_load()). Read-only after that.
 */
extern struct guest_table guest_table;

const char *guest_type_name(enum guest_type type);

#endif /* HYPERVISOR_GUEST_TABLE_H */
