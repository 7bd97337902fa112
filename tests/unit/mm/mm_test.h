/* SPDX-License-Identifier: GPL-2.0 */
/* Helpers shared by the memory allocator unit tests. */
#ifndef TESTS_UNIT_MM_TEST_H
#define TESTS_UNIT_MM_TEST_H

#include <stddef.h>
#include <stdint.h>

/* tests/unit/mm/printk_shim.c */
extern unsigned int mm_printk_count; /* printk() calls so far */
extern int mm_printk_quiet;	     /* non-zero: count but do not print */

/*
 * tests/unit/mm/fake_ram.c: "physical memory" for the allocators, an
 * anonymous mapping of `size` bytes whose start is aligned to `align`
 * (a power of two). Pages are only backed once touched, so a test can
 * manage gigabytes and only pay for the metadata.
 */
uintptr_t fake_ram_map(size_t size, size_t align);
void fake_ram_unmap(uintptr_t base, size_t size);

#endif /* TESTS_UNIT_MM_TEST_H */
