// SPDX-License-Identifier: GPL-2.0
/*
 * virtio block device (virtio 1.2, 5.2).
 *
 * One request queue. A request is a descriptor chain: the 16-byte header
 * (type, sector; device-readable), the data segments (device-readable for
 * a write, device-writable for a read) and the one-byte status
 * (device-writable). Header and status live in a per-request slot of a
 * table allocated at probe (VBLK_SLOTS of them, so that many requests can
 * be in flight); the slot is the chain's cookie. The interrupt handler
 * collects used chains, turns the status into an error code and completes
 * the block-layer request (blk_complete() wakes its waiter).
 *
 * Time-out (CONFIG_VIRTIO_BLK_TIMEOUT_MS, enforced by the block layer):
 * the device is reset (Status = 0: it stops using the rings and the
 * buffers, so a late transfer cannot land in memory that was given back)
 * and marked FAILED, every request in flight completes with BLK_EIO, and
 * the block device is marked failed. Recovering would mean setting the
 * device up again from scratch; a disk that stopped answering is not
 * trusted again until reboot.
 *
 * Fault injection (CONFIG_BLK_FAULT_INJECT, `blkfault`): with
 * blk.fault_lose_next set, the next request takes a slot but is never
 * put in the ring, as if the device had dropped it: it times out.
 *
 * Capacity comes from the configuration space (in 512-byte sectors); the
 * number of data segments per request from seg_max (when offered) and
 * the queue size. VIRTIO_BLK_F_FLUSH enables BLK_OP_FLUSH,
 * VIRTIO_BLK_F_RO makes the device read-only.
 */
#define pr_fmt(fmt) "virtio-blk: " fmt

#include <asm/barrier.h>
#include <avatar/blkdev.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/time.h>
#include <avatar/virtio.h>

/* Feature bits (5.2.3). */
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX  2
#define VIRTIO_BLK_F_RO	      5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_FLUSH    9

/* Configuration layout (5.2.4). */
#define VIRTIO_BLK_CFG_CAPACITY 0x00 /* le64, 512-byte sectors */
#define VIRTIO_BLK_CFG_SIZE_MAX 0x08 /* le32, bytes per segment */
#define VIRTIO_BLK_CFG_SEG_MAX	0x0c /* le32, segments per request */

/* Request types and status values (5.2.6). */
#define VIRTIO_BLK_T_IN	    0
#define VIRTIO_BLK_T_OUT    1
#define VIRTIO_BLK_T_FLUSH  4
#define VIRTIO_BLK_S_OK	    0
#define VIRTIO_BLK_S_IOERR  1
#define VIRTIO_BLK_S_UNSUPP 2

#define VBLK_QUEUE	 0
#define VBLK_SLOTS	 32
#define VBLK_STATUS_NONE 0xff /* not yet written by the device */

struct virtio_blk_outhdr {
	u32 type;
	u32 reserved;
	u64 sector;
};

struct vblk_slot {
	struct virtio_blk_outhdr hdr;
	u8 status;
	bool busy;
	struct blk_request *req; /* NULL: no request (free, or failed by a time-out) */
};

struct vblk {
	struct blkdev blk;
	bool dead; /* reset after a time-out */
	struct virtio_device *vdev;
	struct virtqueue *vq;
	u32 size_max; /* bytes per segment, 0: no limit */
	struct vblk_slot slots[VBLK_SLOTS];
	struct virtq_buf bufs[VIRTQ_MAX_SIZE];
};

static int status_to_error(u8 status)
{
	switch (status) {
	case VIRTIO_BLK_S_OK:
		return 0;
	case VIRTIO_BLK_S_UNSUPP:
		return BLK_EOPNOTSUPP;
	default:
		return BLK_EIO;
	}
}

static void vblk_done(struct virtqueue *vq)
{
	struct vblk *vb = vq->vdev->priv;
	struct vblk_slot *slot;
	unsigned long flags = spin_lock_irqsave(&vq->lock);

	while (!vb->dead && (slot = virtq_get_used(vq, NULL))) {
		struct blk_request *req = slot->req;

		slot->busy = false;
		slot->req = NULL;
		if (req)
			blk_complete(req, status_to_error(READ_ONCE(slot->status)));
	}
	spin_unlock_irqrestore(&vq->lock, flags);
}

static int vblk_submit(struct blkdev *blk, struct blk_request *req)
{
	struct vblk *vb = blk->priv;
	struct virtqueue *vq = vb->vq;
	struct vblk_slot *slot = NULL;
	unsigned int n = 0;
	unsigned long flags;
	int err;

	if (req->op == BLK_OP_FLUSH && !blk->has_flush)
		return BLK_EOPNOTSUPP;
	for (unsigned int i = 0; i < req->nr_segs; i++)
		if (vb->size_max && req->segs[i].len > vb->size_max)
			return BLK_EINVAL;
	flags = spin_lock_irqsave(&vq->lock);
	for (unsigned int i = 0; i < VBLK_SLOTS && !slot; i++)
		if (!vb->slots[i].busy)
			slot = &vb->slots[i];
	if (vb->dead || !slot) {
		spin_unlock_irqrestore(&vq->lock, flags);
		return vb->dead ? BLK_EIO : BLK_EAGAIN;
	}
	if (blk->fault_lose_next) {
		/* Injected fault: the request is lost on its way to the device. */
		blk->fault_lose_next = false;
		slot->busy = true;
		slot->req = req;
		req->driver_data = slot;
		spin_unlock_irqrestore(&vq->lock, flags);
		return 0;
	}
	slot->hdr.type = req->op == BLK_OP_READ	   ? VIRTIO_BLK_T_IN
			 : req->op == BLK_OP_WRITE ? VIRTIO_BLK_T_OUT
						   : VIRTIO_BLK_T_FLUSH;
	slot->hdr.reserved = 0;
	slot->hdr.sector = req->op == BLK_OP_FLUSH ? 0 : req->sector;
	slot->status = VBLK_STATUS_NONE;
	vb->bufs[n++] = (struct virtq_buf){&slot->hdr, sizeof(slot->hdr)};
	for (unsigned int i = 0; i < req->nr_segs; i++)
		vb->bufs[n++] = (struct virtq_buf){req->segs[i].buf, req->segs[i].len};
	vb->bufs[n++] = (struct virtq_buf){&slot->status, sizeof(slot->status)};
	/* Device-readable: the header, plus the data of a write. */
	if (req->op == BLK_OP_WRITE)
		err = virtq_add(vq, vb->bufs, n - 1, &vb->bufs[n - 1], 1, slot);
	else
		err = virtq_add(vq, vb->bufs, 1, &vb->bufs[1], n - 1, slot);
	if (!err) {
		slot->busy = true;
		slot->req = req;
		req->driver_data = slot;
		virtio_notify(vq);
	}
	spin_unlock_irqrestore(&vq->lock, flags);
	if (err == VIRTIO_ENOSPC)
		return BLK_EAGAIN;
	return err ? BLK_EINVAL : 0;
}

static bool vblk_timeout(struct blkdev *blk, struct blk_request *req)
{
	struct vblk *vb = blk->priv;
	unsigned long flags = spin_lock_irqsave(&vb->vq->lock);

	if (req->done) { /* completed after all (completions happen under this lock) */
		spin_unlock_irqrestore(&vb->vq->lock, flags);
		return false;
	}
	virtio_reset(vb->vdev);
	vb->dead = true;
	WRITE_ONCE(blk->failed, true);
	for (unsigned int i = 0; i < VBLK_SLOTS; i++) {
		struct blk_request *r = vb->slots[i].req;

		vb->slots[i].req = NULL;
		if (r)
			blk_complete(r, r == req ? BLK_ETIMEDOUT : BLK_EIO);
	}
	spin_unlock_irqrestore(&vb->vq->lock, flags);
	return true; /* the block layer reports it */
}

static const struct blkdev_ops vblk_ops = {
	.submit = vblk_submit,
	.timeout = vblk_timeout,
};

static int vblk_probe(struct virtio_device *vdev)
{
	struct vblk *vb = kzalloc(sizeof(*vb));
	unsigned int segs;
	int err;

	if (!vb)
		return VIRTIO_ENOMEM;
	vb->vdev = vdev;
	vdev->priv = vb;
	vb->vq = virtio_find_vq(vdev, VBLK_QUEUE, VIRTQ_MAX_SIZE, vblk_done);
	if (!vb->vq) {
		kfree(vb);
		return VIRTIO_ENODEV;
	}
	/* Header and status take two descriptors of each chain. */
	segs = vb->vq->num - 2;
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SEG_MAX)) {
		u32 seg_max = virtio_config_read32(vdev, VIRTIO_BLK_CFG_SEG_MAX);

		if (seg_max)
			segs = MIN(segs, seg_max);
	}
	if (virtio_has_feature(vdev, VIRTIO_BLK_F_SIZE_MAX))
		vb->size_max = virtio_config_read32(vdev, VIRTIO_BLK_CFG_SIZE_MAX);
	vb->blk.nr_sectors = virtio_config_read64(vdev, VIRTIO_BLK_CFG_CAPACITY);
	vb->blk.max_segs = segs;
	vb->blk.readonly = virtio_has_feature(vdev, VIRTIO_BLK_F_RO);
	vb->blk.has_flush = virtio_has_feature(vdev, VIRTIO_BLK_F_FLUSH);
	vb->blk.ops = &vblk_ops;
	vb->blk.timeout_ns = CONFIG_VIRTIO_BLK_TIMEOUT_MS * NSEC_PER_MSEC;
	vb->blk.priv = vb;
	err = virtio_driver_ok(vdev);
	if (!err)
		err = blkdev_register(&vb->blk, "vd");
	if (err)
		return err;
	pr_info("%s: %llu sectors (%llu MiB), %u segments/request, queue %u%s%s\n", vb->blk.name,
		(unsigned long long)vb->blk.nr_sectors,
		(unsigned long long)(vb->blk.nr_sectors >> (20 - BLK_SECTOR_SHIFT)), segs,
		vb->vq->num, vb->blk.has_flush ? ", flush" : "",
		vb->blk.readonly ? ", read-only" : "");
	return 0;
}

const struct virtio_driver virtio_blk_driver = {
	.name = "virtio-blk",
	.device_id = VIRTIO_ID_BLOCK,
	.features = 1ULL << VIRTIO_BLK_F_SIZE_MAX | 1ULL << VIRTIO_BLK_F_SEG_MAX |
		    1ULL << VIRTIO_BLK_F_RO | 1ULL << VIRTIO_BLK_F_BLK_SIZE |
		    1ULL << VIRTIO_BLK_F_FLUSH,
	.probe = vblk_probe,
};
