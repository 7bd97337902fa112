/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest DTB fix-ups (hypervisor/guest_dtb.c): the loader is the authority
 * on what the guest gets, so whatever the DTB file says (a generated one,
 * or one the user supplied), the copy the guest sees describes:
 *
 *   /memory      the VM's RAM: one node, one reg entry (other memory
 *                nodes are deleted; the node is made if there is none);
 *   /cpus        exactly the VM's vCPUs: vCPU i is the cpu node whose reg
 *                (MPIDR affinity) is i; cpu nodes for no vCPU are deleted
 *                (and /cpus/cpu-map with them, whose phandles would
 *                dangle); a vCPU without a cpu node is an error;
 *   /chosen      bootargs from the guest table (when it has some; else
 *                the DTB's own are kept), linux,initrd-start/-end for the
 *                initrd where the loader put it (removed if there is
 *                none: a stale range would point into the kernel or
 *                free RAM). /chosen is made if there is none.
 *
 * Host-safe (tests/unit/test_guest_dtb.c).
 */
#ifndef HYPERVISOR_GUEST_DTB_H
#define HYPERVISOR_GUEST_DTB_H

#include <avatar/fdt.h>
#include <avatar/types.h>

struct guest_dtb_params {
	u64 ram_base, ram_size;
	unsigned int nr_vcpus;	      /* vCPU i has MPIDR affinity i */
	const char *bootargs;	      /* NULL or "": keep the DTB's */
	u64 initrd_start, initrd_end; /* [start, end); equal: no initrd */
};

/* Bytes the fix-ups may add to a blob: allocate this much beyond it. */
size_t guest_dtb_room(const struct guest_dtb_params *p);

/*
 * Apply the fix-ups to a blob opened with fdt_open_rw(). 0, or -1 with a
 * one-line reason in msg (the blob is then not usable).
 */
int guest_dtb_fixup(struct fdt *fdt, const struct guest_dtb_params *p, char *msg, size_t msglen);

#endif /* HYPERVISOR_GUEST_DTB_H */
