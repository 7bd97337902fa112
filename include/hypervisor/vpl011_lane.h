/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vPL011's transmit lane: the ring of bytes a guest has written to
 * UARTDR that the host has not printed yet (hypervisor/vpl011.c), shared
 * with the assembly that fills it at exception entry
 * (hypervisor/arch/arm64/entry.S, "console lane"), hence the fixed
 * layout and the offsets below, checked against the struct at compile
 * time.
 *
 * Producers: the VM's vCPUs, from the exception entry (the lane in
 * entry.S) or the C exit fast path (vpl011_fast_write()), IRQs masked.
 * Consumer: vpl011.c's drain, under the UART's lock. All of them hold
 * `lock`, an arch_spinlock_t (<asm/spinlock.h>): a 32-bit word, 0 free,
 * 1 held, taken with LDAXR/STXR and released with STLR; the assembly
 * follows that protocol.
 *
 * `open` is 1 while bytes may be queued: 0 while the console shows this
 * guest raw (every byte then takes the full path, which prints it at
 * once, so typed echo is not delayed).
 */
#ifndef HYPERVISOR_VPL011_LANE_H
#define HYPERVISOR_VPL011_LANE_H

#define VPL011_BASE    0x09000000 /* the guest's UART (QEMU virt's address) */
#define VPL011_TX_RING 1024	  /* bytes queued, not yet out; a power of two */

#define LANE_LOCK  0
#define LANE_OPEN  4
#define LANE_HEAD  8
#define LANE_COUNT 12
#define LANE_BYTES 16 /* bytes the assembly lane queued (guest stats) */
#define LANE_RING  24

#ifndef __ASSEMBLER__
#include <asm/spinlock.h>
#include <avatar/types.h>

struct vpl011_lane {
	arch_spinlock_t lock;
	u32 open;
	u32 head, count;
	u64 bytes;
	char ring[VPL011_TX_RING];
};

_Static_assert(__builtin_offsetof(struct vpl011_lane, lock) == LANE_LOCK, "lane layout");
_Static_assert(sizeof(arch_spinlock_t) == 4, "the lane's assembly takes a 32-bit lock word");
_Static_assert(__builtin_offsetof(struct vpl011_lane, open) == LANE_OPEN, "lane layout");
_Static_assert(__builtin_offsetof(struct vpl011_lane, head) == LANE_HEAD, "lane layout");
_Static_assert(__builtin_offsetof(struct vpl011_lane, count) == LANE_COUNT, "lane layout");
_Static_assert(__builtin_offsetof(struct vpl011_lane, bytes) == LANE_BYTES, "lane layout");
_Static_assert(__builtin_offsetof(struct vpl011_lane, ring) == LANE_RING, "lane layout");
_Static_assert((VPL011_TX_RING & (VPL011_TX_RING - 1)) == 0, "the ring index is masked");
#endif

#endif /* HYPERVISOR_VPL011_LANE_H */
