/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest files on host.img (hypervisor/guest_file.c): the image source of
 * the loader. Paths are the guest table's, on the FAT32 volume mounted
 * at boot (<avatar/volume.h>). Every failure prints one line naming the
 * guest and the file.
 */
#ifndef HYPERVISOR_GUEST_FILE_H
#define HYPERVISOR_GUEST_FILE_H

#include <avatar/types.h>
#include <fs/fat32.h>

struct vm;

/* Open path read-only for guest 'guest': 0 and *size, or -1 with a message. */
int guest_file_open(const char *guest, const char *path, struct fat32_file *f, u64 *size);
/* Exactly len bytes at offset off into buf: 0, or -1 with a message. */
int guest_file_pread(const char *guest, const char *path, struct fat32_file *f, u64 off, void *buf,
		     size_t len);
/*
 * len bytes at offset off straight into vm's RAM at ipa (no intermediate
 * copy), cleaned to the PoC: 0, or -1 with a message.
 */
int guest_file_to_ram(struct vm *vm, const char *path, struct fat32_file *f, u64 off, u64 ipa,
		      u64 len);
void guest_file_close(struct fat32_file *f);

#endif /* HYPERVISOR_GUEST_FILE_H */
