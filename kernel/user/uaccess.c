// SPDX-License-Identifier: GPL-2.0
/* Checked copies between the kernel and a process (see <avatar/uaccess.h>). */
#include <asm/pgtable.h>
#include <avatar/aspace.h>
#include <avatar/compiler.h>
#include <avatar/page_alloc.h>
#include <avatar/string.h>
#include <avatar/uaccess.h>
#include <uapi/avatar/errno.h>

static bool in_demand_region(const struct process *p, uintptr_t va)
{
	return (va >= p->heap_start && va < p->brk) || (va >= p->stack_lo && va < p->stack_top);
}

int user_fault_in(struct process *p, uintptr_t va)
{
	uintptr_t page = ALIGN_DOWN(va, PAGE_SIZE), pa;
	int err;

	if (!in_demand_region(p, va) || aspace_lookup(p->aspace, page, NULL))
		return -EFAULT;
	pa = alloc_page();
	if (!pa)
		return -ENOMEM;
	memset(pa_to_va(pa), 0, PAGE_SIZE);
	err = aspace_map_page(p->aspace, page, pa, PROT_READ | PROT_WRITE);
	if (err)
		free_page(pa);
	return err;
}

/* Kernel address of user address va, checked for prot; NULL if not allowed. */
static void *user_page(struct process *p, uintptr_t va, unsigned int prot)
{
	uintptr_t page = ALIGN_DOWN(va, PAGE_SIZE), pa;
	unsigned int have;

	if (va >= USER_VA_END)
		return NULL;
	pa = aspace_lookup(p->aspace, page, &have);
	if (!pa && user_fault_in(p, va) == 0)
		pa = aspace_lookup(p->aspace, page, &have);
	if (!pa || (have & prot) != prot)
		return NULL;
	return (u8 *)pa_to_va(pa) + (va - page);
}

/* Copy len bytes between kernel buf and user va, page by page. */
static int user_copy(struct process *p, uintptr_t va, void *buf, size_t len, bool to_user)
{
	u8 *k = buf;

	if (va + len < va)
		return -EFAULT;
	while (len) {
		size_t chunk = PAGE_SIZE - (va & (PAGE_SIZE - 1));
		void *u = user_page(p, va, to_user ? PROT_WRITE : PROT_READ);

		if (!u)
			return -EFAULT;
		if (chunk > len)
			chunk = len;
		if (to_user)
			memcpy(u, k, chunk);
		else
			memcpy(k, u, chunk);
		va += chunk;
		k += chunk;
		len -= chunk;
	}
	return 0;
}

int user_access_ok(struct process *p, uintptr_t va, size_t len, bool write)
{
	uintptr_t end = va + len, page;

	if (end < va)
		return -EFAULT;
	for (page = ALIGN_DOWN(va, PAGE_SIZE); page < end; page += PAGE_SIZE)
		if (!user_page(p, page, write ? PROT_WRITE : PROT_READ))
			return -EFAULT;
	return 0;
}

int copy_from_user(struct process *p, void *dst, uintptr_t src, size_t len)
{
	return user_copy(p, src, dst, len, false);
}

int copy_to_user(struct process *p, uintptr_t dst, const void *src, size_t len)
{
	return user_copy(p, dst, (void *)src, len, true);
}

long strncpy_from_user(struct process *p, char *dst, uintptr_t src, size_t max)
{
	size_t n = 0;

	while (n < max) {
		size_t chunk = PAGE_SIZE - (src & (PAGE_SIZE - 1)), i;
		const char *u = user_page(p, src, PROT_READ);

		if (!u)
			return -EFAULT;
		for (i = 0; i < chunk && n < max; i++, n++) {
			dst[n] = u[i];
			if (!u[i])
				return (long)n;
		}
		src += chunk;
	}
	dst[max - 1] = '\0';
	return -E2BIG;
}
