/* SPDX-License-Identifier: GPL-2.0 */
/* Host stand-ins for kmalloc and mutexes (tests/unit/vfs/kernel_shim.c). */
#ifndef TESTS_UNIT_VFS_KERNEL_SHIM_H
#define TESTS_UNIT_VFS_KERNEL_SHIM_H

extern int shim_kmalloc_fail_after; /* fail the n-th next kmalloc; <0 never */
extern int shim_mutex_errors;	    /* unbalanced lock/unlock calls */

#endif
