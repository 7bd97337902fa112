/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest manifest: an optional text file on host.img
 * (GUEST_MANIFEST_PATH) describing guests beyond the generated table, so
 * a new guest needs no rebuild (DESIGN.md principle 5). Format, one
 * section per guest (docs/hypervisor.md, "Guest manifest"):
 *
 *	# a comment (a line starting with '#' or ';')
 *	[testos2]
 *	type      = testos          linux | testos | avatar | custom
 *	kernel    = /guests/testos/testos.bin
 *	dtb       = /guests/testos/guest.dtb
 *	vcpus     = 1
 *	mem       = 32              MiB (or 32M, 1G)
 *	autostart = yes
 *
 * guest_manifest_parse() is pure (no I/O, no allocation; the host unit
 * test tests/unit/test_guest_manifest.c runs it): it checks each guest
 * with the rules scripts/genguests.py applies to the Kconfig slots,
 * reports every bad line with its number, drops a guest with any error
 * and keeps the good ones. guest_manifest_load() (guest_manifest_load.c)
 * reads the file at boot and appends the good guests to guest_table.
 */
#ifndef HYPERVISOR_GUEST_MANIFEST_H
#define HYPERVISOR_GUEST_MANIFEST_H

#include <stddef.h>
#include <stdint.h>

#include <hypervisor/guest_table.h>

#define GUEST_MANIFEST_PATH "/guests/manifest.txt"
#define GUEST_MANIFEST_MAX  (64 * 1024) /* bytes: larger files are refused */

/* The guest-physical layout every guest sees (docs/architecture.md). */
#define GUEST_DEVICE_START    0x08000000ULL /* GIC, PL011, ...: no RAM */
#define GUEST_DEVICE_END      0x40000000ULL
#define GUEST_IPA_LIMIT	      (1ULL << 40) /* VTCR_EL2: 40-bit IPA space */
#define GUEST_DEFAULT_RAM     0x40000000ULL
#define GUEST_DEFAULT_LOAD    0x40080000ULL /* RAM + the arm64 Image text offset */
#define GUEST_NAME_MAX	      31
#define GUEST_MANIFEST_LINE_W 160 /* longest message */

/* What a guest is checked against: the Kconfig values genguests.py uses. */
struct guest_manifest_limits {
	unsigned int max_vcpus; /* CONFIG_HV_MAX_VCPUS */
	unsigned int nr_cpus;	/* CONFIG_NR_CPUS: affinity bits allowed */
	uint64_t board_ram;	/* CONFIG_BOARD_RAM_MB in bytes; 0: not checked */
	uint64_t reserved;	/* CONFIG_HV_RESERVED_MB in bytes */
	/*
	 * Size of a file on host.img, or < 0 if there is none. NULL: files
	 * are not checked here (the loader checks them at start).
	 */
	long long (*file_size)(void *ctx, const char *path);
	/* Called once per problem: line 0 for the file as a whole. */
	void (*report)(void *ctx, unsigned int line, const char *msg);
	void *ctx;
};

/*
 * Parse the manifest in text (len bytes, and text[len] writable: it is
 * modified in place, and the strings of the guests returned point into
 * it, so it must outlive them). existing:
 * the guests already configured (names must differ, RAM adds up). Good
 * guests are written to out[0..max_out-1] (slot 0, manifest_line set);
 * returns how many. *refused counts the guests dropped.
 */
unsigned int guest_manifest_parse(char *text, size_t len, const struct guest_table *existing,
				  const struct guest_manifest_limits *lim, struct guest_config *out,
				  unsigned int max_out, unsigned int *refused);

/* Read GUEST_MANIFEST_PATH if host.img has one and add its guests (boot). */
void guest_manifest_load(void);

#endif /* HYPERVISOR_GUEST_MANIFEST_H */
