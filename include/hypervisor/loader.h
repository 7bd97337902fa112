/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest loader (hypervisor/loader.c): a guest of the guest table
 * into a VM's RAM, its boot vCPU set up for the arm64 boot protocol.
 *
 * Where images come from is one function, guest_image_get(): for now the
 * images built into the hypervisor (CONFIG_HV_BUILTIN_GUESTS,
 * hypervisor/builtin.c); once the storage stack is there, the files of
 * host.img at the guest table's paths.
 */
#ifndef HYPERVISOR_LOADER_H
#define HYPERVISOR_LOADER_H

#include <avatar/types.h>

struct vm;

/* Find the file at path (a host.img path): 0 and data/size, or -1. */
int guest_image_get(const char *path, const void **data, size_t *size);

/* Load vm->cfg's kernel and DTB and set up vCPU 0. 0, or -1 with a message. */
int guest_load(struct vm *vm);

/* arm64 Linux Image header (Documentation/arch/arm64/booting.rst). */
#define ARM64_IMAGE_MAGIC	 0x644d5241U /* "ARM\x64" */
#define ARM64_IMAGE_MAGIC_OFF	 56
#define ARM64_IMAGE_TEXT_OFF_OFF 8
#define ARM64_IMAGE_SIZE_OFF	 16
#define ARM64_IMAGE_HEADER_SIZE	 64

#endif /* HYPERVISOR_LOADER_H */
