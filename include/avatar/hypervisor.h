/* SPDX-License-Identifier: GPL-2.0 */
/* Entry point of the hypervisor layer (hypervisor/), called once the kernel is up. */
#ifndef AVATAR_HYPERVISOR_H
#define AVATAR_HYPERVISOR_H

#ifdef CONFIG_HYPERVISOR
void hv_init(void);
#else
static inline void hv_init(void)
{
}
#endif

#endif /* AVATAR_HYPERVISOR_H */
