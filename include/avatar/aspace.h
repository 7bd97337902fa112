/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Address spaces of user processes (arch/arm64/aspace.c, CONFIG_USER).
 *
 * An address space is a private copy of the kernel's translation tables
 * whose EL0 window [0, USER_VA_END) maps the process's pages, tagged with
 * an ASID so switching needs no TLB flush. The kernel keeps running on
 * the shared part (see docs/user-mode.md). Pages mapped with
 * aspace_map_page() belong to the address space: unmapping or destroying
 * it frees them.
 *
 * The scheduler loads a thread's address space when it switches to it
 * (struct thread.aspace; NULL = the kernel's tables).
 */
#ifndef AVATAR_ASPACE_H
#define AVATAR_ASPACE_H

#include <avatar/types.h>

/* Access rights of a user page. */
#define PROT_READ  1U
#define PROT_WRITE 2U
#define PROT_EXEC  4U

struct aspace;

#ifdef CONFIG_USER
/* Can processes exist (the window is free, see mmu_user_window_ok())? */
bool aspace_supported(void);
/* A new, empty address space; NULL if out of memory or ASIDs. */
struct aspace *aspace_create(void);
/* Free every page, table and the ASID. Not the current one. */
void aspace_destroy(struct aspace *as);
/* Map the page at pa at va (page aligned, inside the window). 0 or -errno. */
int aspace_map_page(struct aspace *as, uintptr_t va, uintptr_t pa, unsigned int prot);
/* Unmap and free the page at va, if any. */
void aspace_unmap_page(struct aspace *as, uintptr_t va);
/* Physical address mapped at va (page aligned) and its rights; 0 if none. */
uintptr_t aspace_lookup(const struct aspace *as, uintptr_t va, unsigned int *prot);
/* Load as (NULL: the kernel's tables) on this CPU. */
void aspace_switch(const struct aspace *as);
unsigned int aspace_asid(const struct aspace *as);
#else
static inline void aspace_switch(const struct aspace *as)
{
	(void)as;
}
#endif

#endif /* AVATAR_ASPACE_H */
