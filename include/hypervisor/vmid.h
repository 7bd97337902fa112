/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VMIDs (hypervisor/vmid.c): the tag of a VM's TLB entries. 8 or 16 bits
 * as ID_AA64MMFR1_EL1.VMIDBits says; VMID 0 is never given to a VM (it
 * is the one in VTTBR_EL2 while no guest is loaded). A VMID is handed
 * out at VM creation and returned at destruction, after the VM's TLB
 * entries have been invalidated, so a reused VMID finds no stale entry.
 */
#ifndef HYPERVISOR_VMID_H
#define HYPERVISOR_VMID_H

#include <avatar/types.h>

/* Read the VMID size from the CPU; returns the number of bits. */
unsigned int vmid_init(void);
/* A free VMID, or 0 if none is left. */
u64 vmid_alloc(void);
void vmid_free(u64 vmid);
bool vmid_16bit(void);

#endif /* HYPERVISOR_VMID_H */
