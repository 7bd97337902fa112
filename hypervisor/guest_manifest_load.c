// SPDX-License-Identifier: GPL-2.0
/*
 * The optional guest manifest on host.img (GUEST_MANIFEST_PATH), read at
 * boot by hv_init() before the autostart guests are started: its guests
 * are appended to guest_table after the generated ones, so they appear in
 * `guest list`, start and stop like any other. The parser is
 * guest_manifest.c; this file is its I/O: the file read from FAT32, one
 * console line per problem (`hv: /guests/manifest.txt:7: [name] ...`),
 * one summary line. No manifest: nothing is printed.
 *
 * The file's text and the merged table are allocated once and kept for
 * as long as the hypervisor runs (the guests' strings point into the
 * text).
 */
#define pr_fmt(fmt) "hv: " fmt

#include <avatar/kconfig.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/volume.h>
#include <hypervisor/guest_config.h>
#include <hypervisor/guest_manifest.h>

static long long manifest_file_size(void *ctx, const char *path)
{
	struct fat32_fs *fs = ctx;
	struct fat32_file f;
	long long size;

	if (fat32_open(fs, &f, path, FAT32_O_RDONLY))
		return -1;
	size = f.size;
	fat32_close(&f);
	return size;
}

static void manifest_report(void *ctx, unsigned int line, const char *msg)
{
	(void)ctx;
	printk("hv: %s:%u: %s\n", GUEST_MANIFEST_PATH, line, msg);
}

/* The whole file in a buffer of size + 1 bytes, or NULL (said why). */
static char *manifest_read(struct fat32_fs *fs, size_t *len)
{
	struct fat32_file f;
	char *text = NULL;
	int64_t n;

	if (fat32_open(fs, &f, GUEST_MANIFEST_PATH, FAT32_O_RDONLY))
		return NULL; /* optional */
	if (f.size > GUEST_MANIFEST_MAX) {
		pr_err("%s: %llu bytes, larger than %u: ignored\n", GUEST_MANIFEST_PATH,
		       (unsigned long long)f.size, GUEST_MANIFEST_MAX);
		goto out;
	}
	text = kmalloc((size_t)f.size + 1);
	if (!text) {
		pr_err("%s: out of memory\n", GUEST_MANIFEST_PATH);
		goto out;
	}
	n = fat32_read(&f, text, (size_t)f.size);
	if (n != (int64_t)f.size) {
		pr_err("%s: %s\n", GUEST_MANIFEST_PATH,
		       n < 0 ? fat32_strerror((int)n) : "short read");
		kfree(text);
		text = NULL;
		goto out;
	}
	text[n] = '\0';
	*len = (size_t)n;
out:
	fat32_close(&f);
	return text;
}

/* Parse the manifest and append its guests; the volume lock is held (file reads, sizes). */
static void manifest_load_locked(struct volume *v)
{
	unsigned int room = GUEST_CONFIG_MAX - guest_table.count, n, refused = 0;
	struct guest_manifest_limits lim = {
		.max_vcpus = CONFIG_HV_MAX_VCPUS,
		.nr_cpus = CONFIG_NR_CPUS,
		.board_ram = (uint64_t)CONFIG_BOARD_RAM_MB << 20,
		.reserved = (uint64_t)CONFIG_HV_RESERVED_MB << 20,
		.file_size = manifest_file_size,
		.report = manifest_report,
	};
	struct guest_config *all;
	size_t len = 0;
	char *text;

	text = manifest_read(&v->fs, &len);
	if (!text)
		return;
	lim.ctx = &v->fs;
	all = kmalloc((guest_table.count + room) * sizeof(*all));
	if (!all) {
		pr_err("%s: out of memory\n", GUEST_MANIFEST_PATH);
		kfree(text);
		return;
	}
	memcpy(all, guest_table.guests, guest_table.count * sizeof(*all));
	n = guest_manifest_parse(text, len, &guest_table, &lim, all + guest_table.count, room,
				 &refused);
	printk("hv: %s: %u guest%s added, %u refused\n", GUEST_MANIFEST_PATH, n, n == 1 ? "" : "s",
	       refused);
	if (!n) {
		kfree(all);
		kfree(text);
		return;
	}
	/* Before any guest or the shell runs: nobody reads the table yet. */
	guest_table.guests = all;
	guest_table.count += n;
}

void guest_manifest_load(void)
{
	struct volume *v = volume_get();

	if (!v)
		return;
	mutex_lock(&v->lock);
	manifest_load_locked(v);
	mutex_unlock(&v->lock);
}
