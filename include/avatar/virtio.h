/* SPDX-License-Identifier: GPL-2.0 */
/*
 * virtio over the memory-mapped transport (virtio 1.2 specification,
 * section 4.2 "Virtio Over MMIO"), and split virtqueues (section 2.7).
 *
 * drivers/virtio/virtio_mmio.c probes every "virtio,mmio" node of the
 * device tree, resets the device, negotiates features (both the legacy
 * register layout, Version 1, and the modern one, Version 2) and hands
 * the device to the driver for its DeviceID. The driver asks for its
 * virtqueues with virtio_find_vq() and finishes with virtio_driver_ok().
 * drivers/virtio/virtqueue.c holds the ring: buffers are added as chains
 * of descriptors (device-readable first, then device-writable), the device
 * is notified, and used chains are collected in the interrupt handler.
 * See docs/storage.md.
 */
#ifndef AVATAR_VIRTIO_H
#define AVATAR_VIRTIO_H

#include <avatar/spinlock.h>
#include <avatar/types.h>

/* MMIO device registers (4.2.2), offsets from the slot base. */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000 /* "virt" */
#define VIRTIO_MMIO_VERSION		0x004 /* 1 legacy, 2 modern */
#define VIRTIO_MMIO_DEVICE_ID		0x008 /* 0: empty slot */
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL 0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL 0x024
#define VIRTIO_MMIO_GUEST_PAGE_SIZE	0x028 /* legacy only */
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_ALIGN		0x03c /* legacy only */
#define VIRTIO_MMIO_QUEUE_PFN		0x040 /* legacy only */
#define VIRTIO_MMIO_QUEUE_READY		0x044 /* modern only */
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080 /* modern only, the six below too */
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc /* modern only */
#define VIRTIO_MMIO_CONFIG		0x100 /* device-specific configuration */

#define VIRTIO_MMIO_MAGIC	   0x74726976 /* "virt", little-endian */
#define VIRTIO_MMIO_VERSION_LEGACY 1
#define VIRTIO_MMIO_VERSION_MODERN 2

/* InterruptStatus / InterruptACK bits (4.2.2). */
#define VIRTIO_MMIO_INT_VRING  (1u << 0) /* a used buffer notification */
#define VIRTIO_MMIO_INT_CONFIG (1u << 1) /* the configuration changed */

/* Device status field (2.1). */
#define VIRTIO_STATUS_ACKNOWLEDGE	 1
#define VIRTIO_STATUS_DRIVER		 2
#define VIRTIO_STATUS_DRIVER_OK		 4
#define VIRTIO_STATUS_FEATURES_OK	 8
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64
#define VIRTIO_STATUS_FAILED		 128

/* Device-independent feature bits (6). */
#define VIRTIO_F_VERSION_1 32

/* Device IDs (5). */
#define VIRTIO_ID_NONE	0
#define VIRTIO_ID_BLOCK 2

/* Split virtqueue layout (2.7). */
#define VIRTQ_DESC_F_NEXT  1 /* the chain continues in `next` */
#define VIRTQ_DESC_F_WRITE 2 /* device-writable buffer */

struct virtq_desc {
	u64 addr;
	u32 len;
	u16 flags;
	u16 next;
};

struct virtq_avail {
	u16 flags;
	u16 idx;
	u16 ring[];
};

struct virtq_used_elem {
	u32 id; /* head of the used descriptor chain */
	u32 len;
};

struct virtq_used {
	u16 flags;
	u16 idx;
	struct virtq_used_elem ring[];
};

/* The legacy interface aligns the used ring to this (4.2.4, 2.7.2). */
#define VIRTQ_LEGACY_ALIGN 4096
/* Largest queue we set up (descriptors), whatever QueueNumMax allows. */
#define VIRTQ_MAX_SIZE 256

struct virtio_device;
struct virtqueue;

/* Called in IRQ context when the device has used buffers of vq. */
typedef void (*virtq_callback_t)(struct virtqueue *vq);

struct virtqueue {
	struct virtio_device *vdev;
	unsigned int index;
	u16 num;       /* descriptors */
	u16 num_free;  /* descriptors not in a chain */
	u16 free_head; /* first free descriptor (linked through next) */
	u16 avail_idx; /* our copy of avail->idx */
	u16 last_used; /* used->idx we have consumed up to */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	void *cookie[VIRTQ_MAX_SIZE]; /* per chain head, from virtq_add() */
	virtq_callback_t callback;
	spinlock_t lock; /* IRQ-saving: the callback runs in IRQ context */
	uintptr_t ring_mem;
	unsigned int ring_order;
};

/* One buffer of a descriptor chain. */
struct virtq_buf {
	void *addr;
	u32 len;
};

#define VIRTIO_MAX_QUEUES 2

struct virtio_device {
	uintptr_t base; /* MMIO registers */
	unsigned int slot;
	unsigned int irq; /* GIC INTID */
	u32 version;	  /* VIRTIO_MMIO_VERSION_* */
	u32 device_id;
	u32 vendor_id;
	u64 features; /* negotiated */
	struct virtqueue *vqs[VIRTIO_MAX_QUEUES];
	unsigned int nr_vqs;
	void *priv; /* the driver's */
};

/* A driver for one DeviceID (table in virtio_mmio.c). */
struct virtio_driver {
	const char *name;
	u32 device_id;
	u64 features; /* device-specific bits the driver understands */
	int (*probe)(struct virtio_device *vdev);
};

/* Errors (negative returns), Linux values. */
#define VIRTIO_EIO    (-5)
#define VIRTIO_ENOMEM (-12)
#define VIRTIO_EBUSY  (-16)
#define VIRTIO_ENODEV (-19)
#define VIRTIO_EINVAL (-22)
#define VIRTIO_ENOSPC (-28)

/* Probe every virtio,mmio slot of the device tree (boot, after mm_init). */
void virtio_mmio_init(void);

static inline bool virtio_has_feature(const struct virtio_device *vdev, unsigned int bit)
{
	return (vdev->features >> bit) & 1;
}

/* Device configuration space (little-endian on both layouts). */
u32 virtio_config_read32(struct virtio_device *vdev, unsigned int offset);
u64 virtio_config_read64(struct virtio_device *vdev, unsigned int offset);

/* Set up virtqueue `index`, with at most `max_num` descriptors. NULL on failure. */
struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 unsigned int max_num, virtq_callback_t callback);
/* Tell the device the driver is ready (sets DRIVER_OK) and enable its interrupt. */
int virtio_driver_ok(struct virtio_device *vdev);
void virtio_notify(struct virtqueue *vq);
/*
 * Give up on the device: reset it (it stops using the rings and buffers)
 * and set FAILED. Its queues are not usable afterwards.
 */
void virtio_reset(struct virtio_device *vdev);

/* --- drivers/virtio/virtqueue.c --- */
/* Lay the rings out in `mem` (virtq_ring_size(num) bytes, zeroed, page aligned). */
void virtq_init(struct virtqueue *vq, unsigned int num, void *mem);
/* Bytes for a queue of num descriptors in the legacy layout (used by both). */
size_t virtq_ring_size(unsigned int num);
size_t virtq_used_offset(unsigned int num);
/*
 * Add a chain: out[] device-readable, then in[] device-writable buffers.
 * Returns 0, or VIRTIO_ENOSPC if not enough free descriptors. Caller holds vq->lock.
 */
int virtq_add(struct virtqueue *vq, const struct virtq_buf *out, unsigned int nr_out,
	      const struct virtq_buf *in, unsigned int nr_in, void *cookie);
/* The next used chain's cookie (its descriptors freed), or NULL. Caller holds vq->lock. */
void *virtq_get_used(struct virtqueue *vq, u32 *len);

/* --- drivers/virtio/virtio_blk.c --- */
extern const struct virtio_driver virtio_blk_driver;

#endif /* AVATAR_VIRTIO_H */
