/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The emulated PL011 UART of a VM (hypervisor/vpl011.c), at the QEMU
 * virt address 0x09000000 with the QEMU virt interrupt (SPI 1, INTID 33,
 * level-high, as the generated guest DTB says). The registers, FIFO and
 * interrupt status are the pure model of <hypervisor/vpl011_regs.h>;
 * this part adds the VM: a lock, the interrupt line into the vGIC, and
 * where the output goes.
 *
 * Output: what the guest writes is collected a line at a time into the
 * guest's log ('guest log') and, depending on the console mux
 * (<hypervisor/console_mux.h>), printed prefixed with the guest's name
 * ("[testos] TestOS: hello") while the console is with the shell, shown
 * byte by byte as it comes while this guest is attached, or not printed
 * while another guest is attached.
 *
 * Input: vpl011_rx_push() (the console mux, from the shell thread) puts
 * a character in the receive FIFO; the guest reads it by interrupt or by
 * polling UARTFR.
 *
 * Output fast path: a write of UARTDR (a byte transmitted; no interrupt
 * state changes: the emulated TX FIFO is always empty) is answered in
 * the exit fast path (hypervisor/arch/arm64/fastpath.c), which may not
 * print or take u->lock: it appends the byte to tx_ring (under tx_lock
 * alone) and the guest resumes at once. A line's '\n', any byte while
 * the console is attached to this guest, and any byte when the ring is
 * full take the full path. The bytes go out, in order, when the ring is
 * drained: before any full-path access to the UART (so at every '\n'),
 * by the vCPU thread after every full exit, at attach/detach and at VM
 * stop. So a line is out when its '\n' is written; an unfinished one (a
 * prompt) stays in the line buffer as before.
 *
 * Locking: u->lock (IRQs off) covers the model and the line; the
 * interrupt line is driven into the vGIC under it, so its changes reach
 * the vGIC in order (lock order: vpl011 -> vgic -> vCPU wait queue).
 */
#ifndef HYPERVISOR_VPL011_H
#define HYPERVISOR_VPL011_H

#include <avatar/spinlock.h>
#include <hypervisor/mmio.h>
#include <hypervisor/vpl011_regs.h>

#define VPL011_BASE	0x09000000ULL
#define VPL011_SIZE	0x1000ULL
#define VPL011_INTID	33 /* SPI 1: scripts/guest-dts.py UART_SPI, QEMU virt's */
#define VPL011_LINE_MAX 160
#define VPL011_TX_RING	1024 /* bytes written by the fast path, not yet out */

struct vm;

struct vpl011 {
	struct mmio_device dev;
	struct vm *vm;
	spinlock_t lock;
	struct pl011_regs regs;
	bool irq_level; /* the level last driven into the vGIC */
	bool attached;	/* the console shows this guest raw (console mux) */
	unsigned int len;
	char line[VPL011_LINE_MAX + 1];
	spinlock_t
		tx_lock; /* tx_ring, raw_spin_lock(): inside u->lock, or alone by the fast path */
	unsigned int tx_head, tx_count;
	char tx_ring[VPL011_TX_RING];
};

/* Set up vm's UART and add it to vm's bus. 0 or -1. */
int vpl011_init(struct vpl011 *u, struct vm *vm);
/* Bytes the exit fast path wrote to UARTDR out (vCPU thread, after an exit). */
void vpl011_drain(struct vpl011 *u);
/* Log (and print) what is left of a line (at VM stop). */
void vpl011_flush(struct vpl011 *u);
/* A received character into the FIFO: 0, or -1 if it was full (lost, overrun). */
int vpl011_rx_push(struct vpl011 *u, char c);
/* Room in the receive FIFO for another character? */
bool vpl011_rx_room(struct vpl011 *u);
/*
 * Console mux: show this guest's output raw (attach) or not. Attaching
 * first prints the unfinished line (a prompt), so nothing is lost or
 * shown twice. Returns whether a line is unfinished (for a clean banner).
 */
bool vpl011_set_attached(struct vpl011 *u, bool attached);

#endif /* HYPERVISOR_VPL011_H */
