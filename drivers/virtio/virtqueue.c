// SPDX-License-Identifier: GPL-2.0
/*
 * Split virtqueues (virtio 1.2, 2.7).
 *
 * One block of pages holds the three parts in the legacy layout (2.7.2):
 * the descriptor table, the available ring right after it, and the used
 * ring at the next VIRTQ_LEGACY_ALIGN boundary. The modern transport could
 * place them anywhere; using the same layout for both keeps one code path.
 *
 * Free descriptors are linked through their `next` field from free_head.
 * A chain is published by writing its head into avail->ring and then
 * advancing avail->idx; the device returns the head in the used ring. The
 * caller holds vq->lock (the used side runs in the interrupt handler).
 *
 * Memory ordering (2.7.13, 2.7.14): the descriptors and the ring entry
 * must be visible to the device before the new avail->idx (dmb oshst,
 * outer-shareable: the device is an observer outside the inner domain);
 * a used entry is read only after used->idx has been read (dmb oshld).
 */
#include <asm/barrier.h>
#include <avatar/compiler.h>
#include <avatar/page_alloc.h>
#include <avatar/string.h>
#include <avatar/virtio.h>

/* flags + idx + ring[num] + used_event (2.7.6) */
static size_t avail_size(unsigned int num)
{
	return sizeof(u16) * (3 + num);
}

/* flags + idx + ring[num] + avail_event (2.7.8) */
static size_t used_size(unsigned int num)
{
	return sizeof(u16) * 3 + sizeof(struct virtq_used_elem) * num;
}

size_t virtq_used_offset(unsigned int num)
{
	return ALIGN_UP(sizeof(struct virtq_desc) * num + avail_size(num),
			(size_t)VIRTQ_LEGACY_ALIGN);
}

size_t virtq_ring_size(unsigned int num)
{
	return virtq_used_offset(num) + used_size(num);
}

void virtq_init(struct virtqueue *vq, unsigned int num, void *mem)
{
	u8 *base = mem;

	vq->num = (u16)num;
	vq->desc = (struct virtq_desc *)base;
	vq->avail = (struct virtq_avail *)(base + sizeof(struct virtq_desc) * num);
	vq->used = (struct virtq_used *)(base + virtq_used_offset(num));
	vq->avail_idx = 0;
	vq->last_used = 0;
	vq->free_head = 0;
	vq->num_free = (u16)num;
	for (unsigned int i = 0; i < num; i++)
		vq->desc[i].next = (u16)(i + 1);
	memset(vq->cookie, 0, sizeof(vq->cookie));
	spin_lock_init(&vq->lock);
}

int virtq_add(struct virtqueue *vq, const struct virtq_buf *out, unsigned int nr_out,
	      const struct virtq_buf *in, unsigned int nr_in, void *cookie)
{
	unsigned int total = nr_out + nr_in;
	u16 head = vq->free_head, idx = head, last = head;

	if (!total || total > vq->num)
		return VIRTIO_EINVAL;
	if (total > vq->num_free)
		return VIRTIO_ENOSPC;
	for (unsigned int i = 0; i < total; i++) {
		const struct virtq_buf *b = i < nr_out ? &out[i] : &in[i - nr_out];
		struct virtq_desc *d = &vq->desc[idx];

		d->addr = va_to_pa(b->addr);
		d->len = b->len;
		d->flags = (i >= nr_out ? VIRTQ_DESC_F_WRITE : 0) |
			   (i + 1 < total ? VIRTQ_DESC_F_NEXT : 0);
		last = idx;
		idx = d->next;
	}
	vq->free_head = vq->desc[last].next;
	vq->num_free -= (u16)total;
	vq->cookie[head] = cookie;

	vq->avail->ring[vq->avail_idx % vq->num] = head;
	dmb(oshst); /* descriptors and ring entry before the index */
	vq->avail_idx++;
	WRITE_ONCE(vq->avail->idx, vq->avail_idx);
	return 0;
}

void *virtq_get_used(struct virtqueue *vq, u32 *len)
{
	struct virtq_used_elem *e;
	void *cookie;
	u16 head, idx;

	if (READ_ONCE(vq->used->idx) == vq->last_used)
		return NULL;
	dmb(oshld); /* the index before the entry it covers */
	e = &vq->used->ring[vq->last_used % vq->num];
	head = (u16)e->id;
	if (len)
		*len = e->len;
	vq->last_used++;
	if (head >= vq->num)
		return NULL; /* a broken device; nothing to free */
	cookie = vq->cookie[head];
	vq->cookie[head] = NULL;
	/* Put the chain back on the free list. */
	idx = head;
	vq->num_free++;
	while (vq->desc[idx].flags & VIRTQ_DESC_F_NEXT) {
		idx = vq->desc[idx].next;
		vq->num_free++;
	}
	vq->desc[idx].next = vq->free_head;
	vq->free_head = head;
	return cookie;
}
