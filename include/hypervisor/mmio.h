/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The MMIO bus of a VM (hypervisor/mmio.c) and register tables for the
 * emulated devices on it.
 *
 * A guest data abort on an IPA that stage 2 does not map is decoded once
 * (hypervisor/arch/arm64/dabt.c) into a struct mmio_access and handed to
 * mmio_bus_dispatch(), which finds the device whose window holds the
 * address. An access to no device is logged (the first few per VM) and
 * answered read-as-zero / write-ignored: a guest probing for hardware
 * that is not there is contained, never fatal.
 *
 * A device describes its registers with a table of struct mmio_reg
 * {offset, widths, read, write}; mmio_regs_dispatch() is the one place
 * that checks alignment and width and finds the entry. An access that
 * fails the checks, or hits no register, is read-as-zero / write-ignored.
 */
#ifndef HYPERVISOR_MMIO_H
#define HYPERVISOR_MMIO_H

#include <avatar/types.h>

struct vm;
struct vcpu;

/* One decoded guest access: the neutral description of a data abort. */
struct mmio_access {
	u64 ipa;
	unsigned int size; /* bytes: 1, 2, 4 or 8 */
	bool write;
	bool sign_extend;  /* reads: sign-extend to the register */
	bool reg64;	   /* reads: the target is an X register (else W) */
	unsigned int reg;  /* guest register, 31 = XZR */
	u64 data;	   /* write: value (truncated to size); read: result */
	struct vcpu *vcpu; /* who accessed (banked registers: the GICv2 distributor) */
};

struct mmio_device;

struct mmio_device_ops {
	/* offset is from the device base; fill/consume acc->data. */
	void (*access)(struct mmio_device *dev, u64 offset, struct mmio_access *acc);
	/*
	 * Optional: answer a read in the exit fast path (IRQs masked, the
	 * guest's EL1 and vGIC state still in the CPU, not in the vCPU
	 * thread's loop): true if done, false to leave it to access() in
	 * the full exit path. Only for reads that do not sleep, change no
	 * interrupt state (no injection, no kick) and have no side effect
	 * the vCPU loop must see; mmio_regs_fast_read() does it for the
	 * registers of a table marked MMIO_REG_FAST_READ.
	 */
	bool (*fast_read)(struct mmio_device *dev, u64 offset, struct mmio_access *acc);
	/*
	 * Optional, the same for a write (acc->data holds the value): under
	 * the same rules; true if done, false to leave it to access().
	 */
	bool (*fast_write)(struct mmio_device *dev, u64 offset, struct mmio_access *acc);
};

struct mmio_device {
	const char *name;
	u64 base;
	u64 size;
	const struct mmio_device_ops *ops;
	void *priv;
};

#define MMIO_BUS_MAX_DEVICES 8

struct mmio_bus {
	unsigned int count;
	struct mmio_device *devices[MMIO_BUS_MAX_DEVICES];
	unsigned int unclaimed; /* accesses to no device, for the log limit */
};

/* Add dev; 0, or -1 if the bus is full or dev overlaps another device. */
int mmio_bus_add(struct mmio_bus *bus, struct mmio_device *dev);

/* Perform acc on the device at acc->ipa, or RAZ/WI with a log line. */
void mmio_bus_dispatch(struct vm *vm, struct mmio_access *acc);

/*
 * Report an access at ipa that cannot be emulated (no instruction
 * syndrome: a load/store pair, writeback, SIMD) and is answered with an
 * external abort; the same log limit as accesses to nothing.
 */
void mmio_bus_report_unemulable(struct vm *vm, u64 ipa, bool write);

/*
 * The exit fast path's read (hypervisor/arch/arm64/fastpath.c): true if
 * the device at acc->ipa answered it through its fast_read; false if
 * there is none, or it declines (then mmio_bus_dispatch() does it).
 * acc->vcpu must be set: the access is counted in its exit statistics.
 */
bool mmio_bus_fast_read(struct vm *vm, struct mmio_access *acc);
/* The same for a write, through the device's fast_write. */
bool mmio_bus_fast_write(struct vm *vm, struct mmio_access *acc);

/* Width bits of struct mmio_reg.widths. */
#define MMIO_W8	 (1U << 0)
#define MMIO_W16 (1U << 1)
#define MMIO_W32 (1U << 2)
#define MMIO_W64 (1U << 3)

/*
 * A flag in struct mmio_reg.widths: reading the register has no side
 * effect, so the exit fast path may do it (mmio_regs_fast_read()).
 */
#define MMIO_REG_FAST_READ (1U << 8)

struct mmio_reg {
	u32 offset;
	u32 widths; /* MMIO_W* accepted, and MMIO_REG_FAST_READ */
	u64 (*read)(void *dev, u32 offset);
	void (*write)(void *dev, u32 offset, u64 val);
};

/*
 * The checks every register dispatcher makes (this one and the vGIC's
 * vgic_regs_dispatch()): acc aligned to its size at offset, and of a width
 * in widths (0: no register there). false if not; then acc is answered
 * read-as-zero / write-ignored.
 */
bool mmio_access_check(struct mmio_access *acc, u64 offset, u32 widths);

/*
 * Find the register of table[0..count) at offset and run its handler for
 * acc (NULL handler: read-as-zero / write-ignored). false if the access
 * was misaligned, of a width the register does not take, or hit no
 * register (then read-as-zero / write-ignored too).
 */
bool mmio_regs_dispatch(const struct mmio_reg *table, unsigned int count, void *dev, u64 offset,
			struct mmio_access *acc);

/*
 * A fast_read op for a register table: the read, if it hits a register
 * marked MMIO_REG_FAST_READ with a valid width and alignment; else false
 * and nothing done (the full path then gives the usual answer).
 */
bool mmio_regs_fast_read(const struct mmio_reg *table, unsigned int count, void *dev, u64 offset,
			 struct mmio_access *acc);

#endif /* HYPERVISOR_MMIO_H */
