// SPDX-License-Identifier: GPL-2.0
/*
 * The kernel services the VFS, ramfs and the FAT32 adapter use, for host
 * tests: kmalloc over malloc (with a failure switch for out-of-memory
 * tests), and mutexes that check they are balanced (the tests are
 * single-threaded: a lock taken twice is a bug).
 */
#include <stdlib.h>
#include <string.h>

#include <avatar/mutex.h>
#include <avatar/slab.h>

#include "vfs/kernel_shim.h"

int shim_kmalloc_fail_after = -1; /* <0: never fail */
int shim_mutex_errors;

void *kmalloc(size_t size)
{
	if (shim_kmalloc_fail_after == 0)
		return NULL;
	if (shim_kmalloc_fail_after > 0)
		shim_kmalloc_fail_after--;
	return size ? malloc(size) : NULL;
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

int kfree(const void *ptr)
{
	free((void *)ptr);
	return 0;
}

void mutex_init(struct mutex *m)
{
	m->owner = 0;
}

void mutex_lock(struct mutex *m)
{
	if (m->owner)
		shim_mutex_errors++;
	m->owner = 1;
}

void mutex_unlock(struct mutex *m)
{
	if (!m->owner)
		shim_mutex_errors++;
	m->owner = 0;
}
