// SPDX-License-Identifier: GPL-2.0
/* VMID allocation (see <hypervisor/vmid.h>): a bitmap, VMID 0 kept back. */
#include <asm/sysreg.h>
#include <asm/virt.h>
#include <avatar/spinlock.h>
#include <hypervisor/vmid.h>

#define VMID_MAX_BITS 16
#define BITS_PER_WORD 64

static u64 vmid_map[(1U << VMID_MAX_BITS) / BITS_PER_WORD];
static unsigned int vmid_bits = 8;
static DEFINE_SPINLOCK(vmid_lock);

unsigned int vmid_init(void)
{
	u64 mmfr1 = read_sysreg(id_aa64mmfr1_el1);

	if (((mmfr1 >> ID_AA64MMFR1_VMIDBITS_SHIFT) & ID_AA64MMFR1_VMIDBITS_MASK) ==
	    ID_AA64MMFR1_VMIDBITS_16)
		vmid_bits = 16;
	vmid_map[0] |= 1; /* VMID 0: no VM */
	return vmid_bits;
}

bool vmid_16bit(void)
{
	return vmid_bits == 16;
}

u64 vmid_alloc(void)
{
	u64 nr = 1ULL << vmid_bits;
	u64 vmid = 0;

	spin_lock(&vmid_lock);
	for (u64 i = 1; i < nr; i++)
		if (!(vmid_map[i / BITS_PER_WORD] & (1ULL << (i % BITS_PER_WORD)))) {
			vmid_map[i / BITS_PER_WORD] |= 1ULL << (i % BITS_PER_WORD);
			vmid = i;
			break;
		}
	spin_unlock(&vmid_lock);
	return vmid;
}

void vmid_free(u64 vmid)
{
	if (!vmid || vmid >> vmid_bits)
		return;
	spin_lock(&vmid_lock);
	vmid_map[vmid / BITS_PER_WORD] &= ~(1ULL << (vmid % BITS_PER_WORD));
	spin_unlock(&vmid_lock);
}
