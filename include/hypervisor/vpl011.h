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
 * state changes: the emulated TX FIFO is always empty) is answered at
 * once, where nothing may print or take u->lock: the byte goes into the
 * transmit lane (<hypervisor/vpl011_lane.h>), under the lane's own lock,
 * and the guest resumes. With the register page the write is a stage 2
 * permission fault that the assembly at exception entry answers by
 * itself (entry.S, "console lane"); otherwise the C exit fast path
 * (hypervisor/arch/arm64/fastpath.c) does. A line's '\n', any byte while
 * the console is attached to this guest, and any byte when the ring is
 * full take the full path. The bytes go out, in order, when the ring is
 * drained: before any full-path access to the UART (so at every '\n'),
 * by the vCPU thread after every full exit, at attach/detach and at VM
 * stop. So a line is out when its '\n' is written; an unfinished one (a
 * prompt) stays in the line buffer as before.
 *
 * Register page (CONFIG_HV_VPL011_REG_PAGE): a page holding what every
 * register reads now (pl011_snapshot()) is mapped read-only at the UART's
 * address in the VM's stage 2, so register reads, UARTFR polled around
 * every byte above all, are plain loads and never trap. Writes are
 * stage 2 permission faults, emulated as before (UARTDR and UARTCR in
 * the fast path); after each emulated access the page is brought up to
 * date before the guest goes on. A read has a side effect in one state
 * only, received input in the FIFO (a UARTDR read pops it): from the
 * push until the FIFO is empty again the page is unmapped and reads trap.
 * The page is written through the hypervisor's cacheable mapping and
 * read with the guest's device attributes, so what changes is cleaned to
 * the point of coherency.
 *
 * Locking: u->lock (IRQs off) covers the model and the line; the
 * interrupt line is driven into the vGIC under it, so its changes reach
 * the vGIC in order (lock order: vpl011 -> vgic -> vCPU wait queue).
 */
#ifndef HYPERVISOR_VPL011_H
#define HYPERVISOR_VPL011_H

#include <avatar/spinlock.h>
#include <hypervisor/mmio.h>
#include <hypervisor/vpl011_lane.h>
#include <hypervisor/vpl011_regs.h>

#define VPL011_SIZE	0x1000ULL
#define VPL011_INTID	33 /* SPI 1: scripts/guest-dts.py UART_SPI, QEMU virt's */
#define VPL011_LINE_MAX 160

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
	u32 *page;		 /* the register page (CONFIG_HV_VPL011_REG_PAGE), or NULL */
	bool page_mapped;	 /* ... is mapped read-only at VPL011_BASE in the VM's stage 2 */
	struct vpl011_lane lane; /* bytes written by the fast paths, not yet out */
};

/* Set up vm's UART and add it to vm's bus. 0 or -1. */
int vpl011_init(struct vpl011 *u, struct vm *vm);
/* Free what vpl011_init() allocated (the VM's stage 2 is gone already). */
void vpl011_destroy(struct vpl011 *u);
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
