// SPDX-License-Identifier: GPL-2.0
/*
 * The virtio-mmio transport (virtio 1.2, 4.2).
 *
 * Every "virtio,mmio" node of the device tree is a slot (QEMU virt has 32
 * at 0x0a000000 + n * 0x200, SPI 16 + n); most are empty (DeviceID 0).
 * For a populated slot with a driver in `virtio_drivers`, the generic
 * initialisation of 3.1.1 runs here: reset, ACKNOWLEDGE, DRIVER, feature
 * negotiation, then the driver's probe sets up its queues and calls
 * virtio_driver_ok().
 *
 * Both register layouts are handled:
 *  - Version 1 (legacy, QEMU's default for virtio-mmio): 32 feature bits,
 *    no FEATURES_OK step, GuestPageSize written once, each queue given as
 *    a page frame number (QueuePFN) with the used ring at QueueAlign;
 *  - Version 2 (modern, `-global virtio-mmio.force-legacy=false`):
 *    VIRTIO_F_VERSION_1 is required and acknowledged, FEATURES_OK is
 *    checked, queue parts are given as 64-bit addresses (QueueDesc,
 *    QueueDriver, QueueDevice) and enabled with QueueReady.
 *
 * The interrupt handler acknowledges InterruptStatus and runs the
 * callbacks of the device's queues.
 */
#define pr_fmt(fmt) "virtio-mmio: " fmt

#include <asm/barrier.h>
#include <asm/io.h>
#include <avatar/irq.h>
#include <avatar/kconfig.h>
#include <avatar/page_alloc.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/string.h>
#include <avatar/virtio.h>

#define VIRTIO_MMIO_COMPATIBLE "virtio,mmio"
#define VIRTIO_MMIO_MAX_SLOTS  64

/* GIC interrupt specifier (3 cells): type, number, flags. */
#define GIC_SPEC_CELLS	 3
#define GIC_SPEC_SPI	 0
#define GIC_SPEC_PPI	 1
#define GIC_SPI_BASE	 32
#define GIC_PPI_BASE	 16
#define LEGACY_PAGE_SIZE PAGE_SIZE

/* The drivers, by DeviceID. */
static const struct virtio_driver *const virtio_drivers[] = {
#ifdef CONFIG_VIRTIO_BLK
	&virtio_blk_driver,
#endif
};

#define VIRTIO_RESET_POLLS 1000000

static u32 vread(struct virtio_device *vdev, unsigned int reg)
{
	return readl(vdev->base + reg);
}

static void vwrite(struct virtio_device *vdev, unsigned int reg, u32 val)
{
	writel(val, vdev->base + reg);
}

static void set_status(struct virtio_device *vdev, u32 bits)
{
	vwrite(vdev, VIRTIO_MMIO_STATUS, vread(vdev, VIRTIO_MMIO_STATUS) | bits);
}

u32 virtio_config_read32(struct virtio_device *vdev, unsigned int offset)
{
	return vread(vdev, VIRTIO_MMIO_CONFIG + offset);
}

u64 virtio_config_read64(struct virtio_device *vdev, unsigned int offset)
{
	u32 gen, lo, hi;

	/* A modern device may change the field between the two halves (4.2.2.2). */
	do {
		gen = vdev->version == VIRTIO_MMIO_VERSION_MODERN
			      ? vread(vdev, VIRTIO_MMIO_CONFIG_GENERATION)
			      : 0;
		lo = virtio_config_read32(vdev, offset);
		hi = virtio_config_read32(vdev, offset + 4);
	} while (vdev->version == VIRTIO_MMIO_VERSION_MODERN &&
		 gen != vread(vdev, VIRTIO_MMIO_CONFIG_GENERATION));
	return (u64)hi << 32 | lo;
}

void virtio_notify(struct virtqueue *vq)
{
	dsb(st); /* the ring update reaches memory before the doorbell */
	vwrite(vq->vdev, VIRTIO_MMIO_QUEUE_NOTIFY, vq->index);
}

void virtio_reset(struct virtio_device *vdev)
{
	vwrite(vdev, VIRTIO_MMIO_STATUS, 0);
	/* 4.2.3.1: the reset is complete once Status reads back 0 (bounded: the device may be broken). */
	for (unsigned int i = 0; i < VIRTIO_RESET_POLLS && vread(vdev, VIRTIO_MMIO_STATUS); i++)
		;
	set_status(vdev, VIRTIO_STATUS_FAILED);
}

static void virtio_mmio_irq(unsigned int irq, void *arg)
{
	struct virtio_device *vdev = arg;
	u32 status = vread(vdev, VIRTIO_MMIO_INTERRUPT_STATUS);

	(void)irq;
	vwrite(vdev, VIRTIO_MMIO_INTERRUPT_ACK, status);
	if (status & VIRTIO_MMIO_INT_VRING)
		for (unsigned int i = 0; i < vdev->nr_vqs; i++)
			if (vdev->vqs[i] && vdev->vqs[i]->callback)
				vdev->vqs[i]->callback(vdev->vqs[i]);
}

static void write_addr(struct virtio_device *vdev, unsigned int lo_reg, const void *p)
{
	u64 pa = va_to_pa(p);

	vwrite(vdev, lo_reg, (u32)pa);
	vwrite(vdev, lo_reg + 4, (u32)(pa >> 32));
}

struct virtqueue *virtio_find_vq(struct virtio_device *vdev, unsigned int index,
				 unsigned int max_num, virtq_callback_t callback)
{
	bool modern = vdev->version == VIRTIO_MMIO_VERSION_MODERN;
	struct virtqueue *vq;
	unsigned int num;
	int order;

	if (index >= VIRTIO_MAX_QUEUES)
		return NULL;
	vwrite(vdev, VIRTIO_MMIO_QUEUE_SEL, index);
	if (vread(vdev, modern ? VIRTIO_MMIO_QUEUE_READY : VIRTIO_MMIO_QUEUE_PFN)) {
		pr_err("slot %u: queue %u already in use\n", vdev->slot, index);
		return NULL;
	}
	num = vread(vdev, VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (!num)
		return NULL;
	num = MIN(num, MIN(max_num, (unsigned int)VIRTQ_MAX_SIZE));
	vq = kzalloc(sizeof(*vq));
	order = page_order_for(virtq_ring_size(num));
	if (!vq || order < 0)
		goto fail;
	vq->ring_order = (unsigned int)order;
	vq->ring_mem = alloc_pages(vq->ring_order);
	if (!vq->ring_mem)
		goto fail;
	memset(pa_to_va(vq->ring_mem), 0, PAGE_SIZE << vq->ring_order);
	virtq_init(vq, num, pa_to_va(vq->ring_mem));
	vq->vdev = vdev;
	vq->index = index;
	vq->callback = callback;

	vwrite(vdev, VIRTIO_MMIO_QUEUE_NUM, num);
	if (modern) {
		write_addr(vdev, VIRTIO_MMIO_QUEUE_DESC_LOW, vq->desc);
		write_addr(vdev, VIRTIO_MMIO_QUEUE_DRIVER_LOW, vq->avail);
		write_addr(vdev, VIRTIO_MMIO_QUEUE_DEVICE_LOW, vq->used);
		vwrite(vdev, VIRTIO_MMIO_QUEUE_READY, 1);
	} else {
		vwrite(vdev, VIRTIO_MMIO_QUEUE_ALIGN, VIRTQ_LEGACY_ALIGN);
		vwrite(vdev, VIRTIO_MMIO_QUEUE_PFN, (u32)(vq->ring_mem / LEGACY_PAGE_SIZE));
	}
	vdev->vqs[index] = vq;
	if (index >= vdev->nr_vqs)
		vdev->nr_vqs = index + 1;
	return vq;
fail:
	kfree(vq);
	return NULL;
}

int virtio_driver_ok(struct virtio_device *vdev)
{
	int err = request_irq(vdev->irq, virtio_mmio_irq, vdev, "virtio-mmio");

	if (err) {
		pr_err("slot %u: IRQ %u: error %d\n", vdev->slot, vdev->irq, err);
		return err;
	}
	set_status(vdev, VIRTIO_STATUS_DRIVER_OK);
	return 0;
}

static int negotiate(struct virtio_device *vdev, const struct virtio_driver *drv)
{
	bool modern = vdev->version == VIRTIO_MMIO_VERSION_MODERN;
	u64 offered, wanted;

	vwrite(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
	offered = vread(vdev, VIRTIO_MMIO_DEVICE_FEATURES);
	if (modern) {
		vwrite(vdev, VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
		offered |= (u64)vread(vdev, VIRTIO_MMIO_DEVICE_FEATURES) << 32;
		if (!((offered >> VIRTIO_F_VERSION_1) & 1)) {
			pr_err("slot %u: modern device without VIRTIO_F_VERSION_1\n", vdev->slot);
			return VIRTIO_ENODEV;
		}
	}
	wanted = offered & (drv->features | (modern ? 1ULL << VIRTIO_F_VERSION_1 : 0));
	vwrite(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vwrite(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)wanted);
	if (modern) {
		vwrite(vdev, VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
		vwrite(vdev, VIRTIO_MMIO_DRIVER_FEATURES, (u32)(wanted >> 32));
		set_status(vdev, VIRTIO_STATUS_FEATURES_OK);
		if (!(vread(vdev, VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
			pr_err("slot %u: features 0x%llx refused\n", vdev->slot,
			       (unsigned long long)wanted);
			return VIRTIO_ENODEV;
		}
	} else {
		vwrite(vdev, VIRTIO_MMIO_GUEST_PAGE_SIZE, LEGACY_PAGE_SIZE);
	}
	vdev->features = wanted;
	return 0;
}

static int irq_of(const struct fdt *fdt, int node, unsigned int *irq)
{
	u32 len;
	const u8 *p = fdt_getprop(fdt, node, "interrupts", &len);

	if (!p || len < GIC_SPEC_CELLS * 4)
		return VIRTIO_EINVAL;
	if (fdt_be32(p) == GIC_SPEC_SPI)
		*irq = GIC_SPI_BASE + fdt_be32(p + 4);
	else if (fdt_be32(p) == GIC_SPEC_PPI)
		*irq = GIC_PPI_BASE + fdt_be32(p + 4);
	else
		return VIRTIO_EINVAL;
	return 0;
}

static const struct virtio_driver *find_driver(u32 device_id)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(virtio_drivers); i++)
		if (virtio_drivers[i]->device_id == device_id)
			return virtio_drivers[i];
	return NULL;
}

static void probe_slot(const struct fdt *fdt, int node, unsigned int slot)
{
	struct virtio_device tmp = {.slot = slot}, *vdev;
	const struct virtio_driver *drv;
	u64 base;
	int err;

	if (fdt_reg(fdt, node, 0, &base, NULL) || irq_of(fdt, node, &tmp.irq))
		return;
	tmp.base = (uintptr_t)base;
	if (vread(&tmp, VIRTIO_MMIO_MAGIC_VALUE) != VIRTIO_MMIO_MAGIC)
		return;
	tmp.version = vread(&tmp, VIRTIO_MMIO_VERSION);
	tmp.device_id = vread(&tmp, VIRTIO_MMIO_DEVICE_ID);
	if (tmp.device_id == VIRTIO_ID_NONE)
		return;
	if (tmp.version != VIRTIO_MMIO_VERSION_LEGACY &&
	    tmp.version != VIRTIO_MMIO_VERSION_MODERN) {
		pr_warn("slot %u: unknown version %u\n", slot, tmp.version);
		return;
	}
	drv = find_driver(tmp.device_id);
	pr_info("slot %u at 0x%llx, IRQ %u: device %u, %s transport%s\n", slot,
		(unsigned long long)base, tmp.irq, tmp.device_id,
		tmp.version == VIRTIO_MMIO_VERSION_MODERN ? "modern" : "legacy",
		drv ? "" : ", no driver");
	if (!drv)
		return;
	vdev = kzalloc(sizeof(*vdev));
	if (!vdev)
		return;
	*vdev = tmp;
	vdev->vendor_id = vread(vdev, VIRTIO_MMIO_VENDOR_ID);
	vwrite(vdev, VIRTIO_MMIO_STATUS, 0); /* reset */
	set_status(vdev, VIRTIO_STATUS_ACKNOWLEDGE);
	set_status(vdev, VIRTIO_STATUS_DRIVER);
	err = negotiate(vdev, drv);
	if (!err)
		err = drv->probe(vdev);
	if (err) {
		pr_err("slot %u: %s failed (%d)\n", slot, drv->name, err);
		set_status(vdev, VIRTIO_STATUS_FAILED);
	}
}

void virtio_mmio_init(void)
{
	const struct fdt *fdt = &platform.fdt;
	unsigned int slot = 0;

	if (!platform.dt_valid)
		return;
	for (int node = fdt_node_by_compatible(fdt, -1, VIRTIO_MMIO_COMPATIBLE);
	     node >= 0 && slot < VIRTIO_MMIO_MAX_SLOTS;
	     node = fdt_node_by_compatible(fdt, node, VIRTIO_MMIO_COMPATIBLE), slot++)
		if (fdt_node_is_enabled(fdt, node))
			probe_slot(fdt, node, slot);
}
