// SPDX-License-Identifier: GPL-2.0
/*
 * Data aborts from a guest: stage 2 has no mapping for the IPA, so it is
 * an emulated device (or nothing). The syndrome is decoded once into the
 * neutral struct mmio_access (address, size, direction, register, sign
 * and register width) that the MMIO bus works with; the result of a read
 * is written back to the guest register here.
 *
 * Not emulated (the VM is stopped, with a message): aborts without a
 * valid instruction syndrome (ISV = 0: load/store pair, writeback,
 * SIMD), aborts on a stage 1 table walk (the guest's page tables are not
 * in its RAM) and faults other than translation faults.
 */
#include <asm/virt.h>
#include <hypervisor/mmio.h>
#include <hypervisor/vm.h>

#include "exit.h"

#define FSC_TRANSLATION_MASK 0x3c /* 0b0001LL: translation fault, level LL */
#define FSC_TRANSLATION	     0x04
#define FAR_PAGE_OFFSET_MASK 0xfffULL

static void dabt_decode(const struct vcpu *v, const struct hv_exit *e, struct mmio_access *acc)
{
	u64 ipa = (v->regs.hpfar & HPFAR_EL2_FIPA_MASK) << (12 - HPFAR_EL2_FIPA_SHIFT);

	acc->ipa = ipa | (v->regs.far & FAR_PAGE_OFFSET_MASK);
	acc->size = 1U << ((e->iss >> ESR_DABT_SAS_SHIFT) & ESR_DABT_SAS_MASK);
	acc->write = e->iss & ESR_DABT_WNR;
	acc->sign_extend = e->iss & ESR_DABT_SSE;
	acc->reg64 = e->iss & ESR_DABT_SF;
	acc->reg = (e->iss >> ESR_DABT_SRT_SHIFT) & ESR_DABT_SRT_MASK;
	acc->data = 0;
}

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : (1ULL << (size * 8)) - 1;
}

/* The result of a read into the guest register: masked, sign-extended, W or X. */
static void dabt_complete_read(struct vcpu *v, const struct mmio_access *acc)
{
	u64 val = acc->data & size_mask(acc->size);

	if (acc->sign_extend && acc->size < 8 && (val >> (acc->size * 8 - 1)) & 1)
		val |= ~size_mask(acc->size);
	if (!acc->reg64)
		val &= 0xffffffffULL;
	vcpu_set_reg(v, acc->reg, val);
}

/* An abort the MMIO bus can emulate: a syndrome, not on a table walk, a translation fault. */
static bool dabt_emulable(u32 iss)
{
	return (iss & ESR_DABT_ISV) && !(iss & ESR_DABT_S1PTW) &&
	       (iss & FSC_TRANSLATION_MASK) == FSC_TRANSLATION;
}

bool hv_fast_dabt(struct vcpu *v, const struct hv_exit *e)
{
	struct mmio_access acc;

	if (!dabt_emulable(e->iss))
		return false;
	dabt_decode(v, e, &acc);
	acc.vcpu = v;
	if (acc.write) {
		acc.data = vcpu_get_reg(v, acc.reg) & size_mask(acc.size);
		return mmio_bus_fast_write(v->vm, &acc);
	}
	if (!mmio_bus_fast_read(v->vm, &acc))
		return false;
	dabt_complete_read(v, &acc);
	return true;
}

enum hv_verdict hv_handle_dabt(struct vcpu *v, const struct hv_exit *e)
{
	struct mmio_access acc;

	if (!(e->iss & ESR_DABT_ISV)) {
		hv_exit_fatal(v, e, "data abort without instruction syndrome (not emulated)");
		return HV_RESUME;
	}
	if (e->iss & ESR_DABT_S1PTW) {
		hv_exit_fatal(v, e, "stage 1 table walk outside guest RAM");
		return HV_RESUME;
	}
	if ((e->iss & FSC_TRANSLATION_MASK) != FSC_TRANSLATION) {
		hv_exit_fatal(v, e, "stage 2 fault other than a translation fault");
		return HV_RESUME;
	}
	dabt_decode(v, e, &acc);
	acc.vcpu = v;
	if (acc.write)
		acc.data = vcpu_get_reg(v, acc.reg) & size_mask(acc.size);
	mmio_bus_dispatch(v->vm, &acc);
	if (!acc.write)
		dabt_complete_read(v, &acc);
	return HV_ADVANCE;
}
