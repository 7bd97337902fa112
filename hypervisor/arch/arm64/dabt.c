// SPDX-License-Identifier: GPL-2.0
/*
 * Data aborts from a guest: stage 2 has no mapping for the IPA, so it is
 * an emulated device (or nothing). The syndrome is decoded once into the
 * neutral struct mmio_access (address, size, direction, register, sign
 * and register width) that the MMIO bus works with; the result of a read
 * is written back to the guest register here.
 *
 * Two kinds of stage 2 fault are device accesses: a translation fault
 * (nothing mapped there) and a permission fault on a write (a device page
 * mapped read-only, the vPL011's register page, <hypervisor/vpl011.h>).
 *
 * An access without a valid instruction syndrome (ISV = 0: load/store
 * pair, writeback, SIMD) cannot be emulated: it is answered as a bus
 * would answer, with a synchronous external abort injected into the
 * guest (and a log line), and the guest decides. Not emulated (the VM is
 * stopped, with a message): aborts on a stage 1 table walk (the guest's
 * page tables are not in its RAM) and other faults.
 */
#include <asm/esr.h>
#include <asm/sysreg.h>
#include <asm/virt.h>
#include <hypervisor/mmio.h>
#include <hypervisor/vm.h>

#include "exit.h"

#define FAR_PAGE_OFFSET_MASK 0xfffULL

/* PAR_EL1 after an AT instruction (Arm ARM D19.2, PAR_EL1): F, and PA[47:12] when F = 0. */
#define PAR_EL1_F	 (1ULL << 0)
#define PAR_EL1_PA_MASK	 0x0000fffffffff000ULL
#define PAR_EL1_PA_SHIFT 12

/* A stage 2 fault the MMIO bus emulates: a translation fault, or a permission fault on a write. */
static bool dabt_fault_is_mmio(u32 iss)
{
	u32 type = iss & ESR_ISS_FSC_TYPE;

	return type == ESR_FSC_TRANS || (type == ESR_FSC_PERM && (iss & ESR_DABT_WNR));
}

bool hv_dabt_fault_ipa(struct vcpu *v, const struct hv_exit *e)
{
	u64 guest_par, par;

	if ((e->iss & ESR_ISS_FSC_TYPE) != ESR_FSC_PERM || (e->iss & ESR_DABT_S1PTW))
		return true; /* HPFAR_EL2 has it */
	/*
	 * HPFAR_EL2 is written for stage 2 translation and access flag
	 * faults only (Arm ARM, HPFAR_EL2): for a permission fault it is
	 * UNKNOWN. The guest's EL1 translation regime is still in the CPU,
	 * so AT S1E1R translates FAR by the guest's stage 1 alone, whose
	 * output is the IPA; stage 1 has already granted the access. PAR_EL1
	 * is the guest's and is put back.
	 */
	guest_par = read_sysreg(par_el1);
	__asm__ __volatile__("at s1e1r, %0\n\tisb" : : "r"(v->regs.far) : "memory");
	par = read_sysreg(par_el1);
	write_sysreg(guest_par, par_el1);
	if (par & PAR_EL1_F)
		return false; /* the guest changed its mapping meanwhile */
	v->regs.hpfar = ((par & PAR_EL1_PA_MASK) >> PAR_EL1_PA_SHIFT) << HPFAR_EL2_FIPA_SHIFT;
	return true;
}

/* The faulting IPA: its page from regs.hpfar (hv_dabt_fault_ipa()), the offset from FAR. */
static u64 dabt_ipa(const struct vcpu *v)
{
	u64 page = (v->regs.hpfar & HPFAR_EL2_FIPA_MASK) << (12 - HPFAR_EL2_FIPA_SHIFT);

	return page | (v->regs.far & FAR_PAGE_OFFSET_MASK);
}

static void dabt_decode(const struct vcpu *v, const struct hv_exit *e, struct mmio_access *acc)
{
	acc->ipa = dabt_ipa(v);
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

/* An abort the MMIO bus can emulate: a syndrome, not on a table walk, a device access. */
static bool dabt_emulable(u32 iss)
{
	return (iss & ESR_DABT_ISV) && !(iss & ESR_DABT_S1PTW) && dabt_fault_is_mmio(iss);
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

	if (e->iss & ESR_DABT_S1PTW) {
		hv_exit_fatal(v, e, "stage 1 table walk outside guest RAM");
		return HV_RESUME;
	}
	if (!dabt_fault_is_mmio(e->iss)) {
		hv_exit_fatal(v, e, "stage 2 fault other than a device access");
		return HV_RESUME;
	}
	if (!(e->iss & ESR_DABT_ISV)) {
		mmio_bus_report_unemulable(v->vm, dabt_ipa(v), e->iss & ESR_DABT_WNR);
		vcpu_arch_inject_external_dabt(v, v->regs.far, e->iss & ESR_DABT_WNR);
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
