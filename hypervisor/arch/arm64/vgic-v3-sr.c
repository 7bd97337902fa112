// SPDX-License-Identifier: GPL-2.0
/*
 * Save and restore of the GICv3 virtual CPU interface (IHI 0069 12.4,
 * ICH_*_EL2): the list registers the manager filled (vgic_flush), the
 * active-priority registers and ICH_VMCR_EL2 (the guest's ICV_PMR,
 * ICV_BPR*, ICV_IGRPEN*, ICV_CTLR.EOImode). ICH_HCR_EL2.En is set only
 * while the guest runs; on exit it is written 0, which also lowers any
 * maintenance interrupt before the host unmasks IRQs. The list registers
 * the guest used are read back and zeroed, so the next vCPU on this CPU
 * finds them empty.
 */
#include <asm/sysreg.h>
#include <hypervisor/vgic.h>

#define ICH_VTR_LISTREGS_MASK 0x1f
#define ICH_VTR_PREBITS_SHIFT 26
#define ICH_VTR_PREBITS_MASK  0x7

#define LR_CASES(op)                                                                            \
	op(0) op(1) op(2) op(3) op(4) op(5) op(6) op(7) op(8) op(9) op(10) op(11) op(12) op(13) \
		op(14) op(15)

static void write_lr(unsigned int n, u64 val)
{
	switch (n) {
#define W(i)                                        \
	case i:                                     \
		write_sysreg(val, ich_lr##i##_el2); \
		break;
		LR_CASES(W)
#undef W
	}
}

static u64 read_lr(unsigned int n)
{
	switch (n) {
#define R(i)    \
	case i: \
		return read_sysreg(ich_lr##i##_el2);
		LR_CASES(R)
#undef R
	}
	return 0;
}

static unsigned int aprs = 1;

/* Active-priority registers implemented: 1, 2 or 4 for 5, 6 or 7 preemption bits. */
static unsigned int nr_aprs(void)
{
	unsigned int pre = (unsigned int)(read_sysreg(ich_vtr_el2) >> ICH_VTR_PREBITS_SHIFT &
					  ICH_VTR_PREBITS_MASK) +
			   1;

	return pre >= 7 ? 4 : pre == 6 ? 2 : 1;
}

unsigned int vgic_v3_probe(void)
{
	aprs = nr_aprs();
	return (unsigned int)(read_sysreg(ich_vtr_el2) & ICH_VTR_LISTREGS_MASK) + 1;
}

void vgic_v3_load(struct vgic_cpu *cpu)
{
	write_sysreg(cpu->vmcr, ich_vmcr_el2);
	write_sysreg(cpu->ap0r[0], ich_ap0r0_el2);
	write_sysreg(cpu->ap1r[0], ich_ap1r0_el2);
	if (aprs > 1) {
		write_sysreg(cpu->ap0r[1], ich_ap0r1_el2);
		write_sysreg(cpu->ap1r[1], ich_ap1r1_el2);
	}
	if (aprs > 2) {
		write_sysreg(cpu->ap0r[2], ich_ap0r2_el2);
		write_sysreg(cpu->ap1r[2], ich_ap1r2_el2);
		write_sysreg(cpu->ap0r[3], ich_ap0r3_el2);
		write_sysreg(cpu->ap1r[3], ich_ap1r3_el2);
	}
	for (unsigned int i = 0; i < cpu->nr_lr_used; i++)
		write_lr(i, cpu->lr[i]);
	write_sysreg(cpu->hcr, ich_hcr_el2);
}

void vgic_v3_save(struct vgic_cpu *cpu)
{
	write_sysreg(0, ich_hcr_el2); /* virtual interface off; maintenance IRQ lowered */
	cpu->vmcr = read_sysreg(ich_vmcr_el2);
	cpu->ap0r[0] = read_sysreg(ich_ap0r0_el2);
	cpu->ap1r[0] = read_sysreg(ich_ap1r0_el2);
	if (aprs > 1) {
		cpu->ap0r[1] = read_sysreg(ich_ap0r1_el2);
		cpu->ap1r[1] = read_sysreg(ich_ap1r1_el2);
	}
	if (aprs > 2) {
		cpu->ap0r[2] = read_sysreg(ich_ap0r2_el2);
		cpu->ap1r[2] = read_sysreg(ich_ap1r2_el2);
		cpu->ap0r[3] = read_sysreg(ich_ap0r3_el2);
		cpu->ap1r[3] = read_sysreg(ich_ap1r3_el2);
	}
	for (unsigned int i = 0; i < cpu->nr_lr_used; i++) {
		cpu->lr[i] = read_lr(i);
		write_lr(i, 0);
	}
	__asm__ __volatile__("isb" ::: "memory");
}
