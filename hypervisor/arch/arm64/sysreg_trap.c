// SPDX-License-Identifier: GPL-2.0
/*
 * Trapped MSR/MRS (EC 0x18): one table of descriptors sorted by encoding
 * (Op0, Op1, CRn, CRm, Op2), searched by bisection and checked for order
 * at start-up. An access to a register not in the table injects an
 * Undefined Instruction exception (the exit table's default).
 *
 * What traps, and why (docs/hypervisor.md):
 *   - debug and OS lock registers (MDCR_EL2.TDA/TDOSA/TDRA): a guest's
 *     breakpoints must not stay armed for another VM; they read as zero,
 *     writes are ignored, MDSCR_EL1 is kept in the vCPU (it is part of
 *     the switched state), OSLSR_EL1 reads "OS lock implemented, unlocked";
 *   - the PMU (MDCR_EL2.TPM/TPMCR): not virtualised yet, read-as-zero /
 *     write-ignored (PMCR_EL0.N = 0: no counters);
 *   - the EL1 physical timer (CNTHCTL_EL2.EL1PCEN = 0): guests use the
 *     virtual timer; the physical one reads as zero, writes are ignored;
 *   - the ID registers (HCR_EL2.TID3): the hardware's values without the
 *     features guests do not get (id_regs.c); writes are ignored.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <asm/virt.h>
#include <avatar/compiler.h>
#include <avatar/panic.h>
#include <avatar/printk.h>
#include <hypervisor/vgic.h>
#include <hypervisor/vm.h>

#include "exit.h"
#include "id_regs.h"

/* The architectural encoding of a system register, ordered like KVM's. */
#define SYS_ENC(op0, op1, crn, crm, op2) \
	((u32)(op0) << 14 | (u32)(op1) << 11 | (u32)(crn) << 7 | (u32)(crm) << 3 | (u32)(op2))

struct sysreg_desc {
	const char *name;
	u32 enc;
	/* read: fill *val; write: use *val. */
	void (*access)(struct vcpu *v, const struct sysreg_desc *d, bool read, u64 *val);
	u64 reset; /* value a read returns (RAZ/WI and read-only registers) */
};

static void raz_wi(struct vcpu *v, const struct sysreg_desc *d, bool read, u64 *val)
{
	(void)v;
	if (read)
		*val = d->reset;
}

static void mdscr(struct vcpu *v, const struct sysreg_desc *d, bool read, u64 *val)
{
	(void)d;
	vcpu_arch_sysregs_sync(v); /* it may be in the CPU (lazy switch) */
	if (read)
		*val = v->sys.mdscr_el1;
	else
		v->sys.mdscr_el1 = *val;
}

/* SGIs the guest sends (trapped by HCR_EL2.IMO): the vGIC delivers them. Write-only. */
static void icc_sgi1r(struct vcpu *v, const struct sysreg_desc *d, bool read, u64 *val)
{
	(void)d;
	if (read)
		*val = 0;
	else
		vgic_v3_sgi1r(v, *val);
}

/* ID group 3 (HCR_EL2.TID3): read-only, sanitised. */
static void id_reg(struct vcpu *v, const struct sysreg_desc *d, bool read, u64 *val)
{
	(void)v;
	if (read)
		*val = hv_id_reg_read((d->enc >> 3) & 15, d->enc & 7);
}

#define OSLSR_OSLM_IMPLEMENTED 0x8 /* OSLM = 0b10: OS lock implemented; OSLK = 0 */

#define RAZ_WI(n, op0, op1, crn, crm, op2)                     \
	{                                                      \
		n, SYS_ENC(op0, op1, crn, crm, op2), raz_wi, 0 \
	}
/* The eight encodings S3_0_C0_C<crm>_<0..7> of ID group 3. */
#define ID_REG(crm, op2)                                                            \
	{                                                                           \
		"ID group 3 C" #crm "_" #op2, SYS_ENC(3, 0, 0, crm, op2), id_reg, 0 \
	}
#define ID_BANK(crm)                                                                    \
	ID_REG(crm, 0), ID_REG(crm, 1), ID_REG(crm, 2), ID_REG(crm, 3), ID_REG(crm, 4), \
		ID_REG(crm, 5), ID_REG(crm, 6), ID_REG(crm, 7)

/* DBGBVR<n>, DBGBCR<n>, DBGWVR<n>, DBGWCR<n>_EL1. */
#define DBG_BANK(n)                                                                           \
	RAZ_WI("DBGBVR" #n "_EL1", 2, 0, 0, n, 4), RAZ_WI("DBGBCR" #n "_EL1", 2, 0, 0, n, 5), \
		RAZ_WI("DBGWVR" #n "_EL1", 2, 0, 0, n, 6),                                    \
		RAZ_WI("DBGWCR" #n "_EL1", 2, 0, 0, n, 7)

static const struct sysreg_desc sysreg_table[] = {
	DBG_BANK(0),
	DBG_BANK(1),
	{"MDSCR_EL1", SYS_ENC(2, 0, 0, 2, 2), mdscr, 0},
	DBG_BANK(2),
	DBG_BANK(3),
	DBG_BANK(4),
	DBG_BANK(5),
	DBG_BANK(6),
	DBG_BANK(7),
	DBG_BANK(8),
	DBG_BANK(9),
	DBG_BANK(10),
	DBG_BANK(11),
	DBG_BANK(12),
	DBG_BANK(13),
	DBG_BANK(14),
	DBG_BANK(15),
	RAZ_WI("OSLAR_EL1", 2, 0, 1, 0, 4),
	{"OSLSR_EL1", SYS_ENC(2, 0, 1, 1, 4), raz_wi, OSLSR_OSLM_IMPLEMENTED},
	RAZ_WI("OSDLR_EL1", 2, 0, 1, 3, 4),
	RAZ_WI("DBGPRCR_EL1", 2, 0, 1, 4, 4),
	ID_BANK(1),
	ID_BANK(2),
	ID_BANK(3),
	ID_BANK(4),
	ID_BANK(5),
	ID_BANK(6),
	ID_BANK(7),
	RAZ_WI("PMINTENSET_EL1", 3, 0, 9, 14, 1),
	RAZ_WI("PMINTENCLR_EL1", 3, 0, 9, 14, 2),
	{"ICC_SGI1R_EL1", SYS_ENC(3, 0, 12, 11, 5), icc_sgi1r, 0},
	RAZ_WI("ICC_ASGI1R_EL1", 3, 0, 12, 11, 6),
	RAZ_WI("ICC_SGI0R_EL1", 3, 0, 12, 11, 7),
	RAZ_WI("PMCR_EL0", 3, 3, 9, 12, 0),
	RAZ_WI("PMCNTENSET_EL0", 3, 3, 9, 12, 1),
	RAZ_WI("PMCNTENCLR_EL0", 3, 3, 9, 12, 2),
	RAZ_WI("PMOVSCLR_EL0", 3, 3, 9, 12, 3),
	RAZ_WI("PMSWINC_EL0", 3, 3, 9, 12, 4),
	RAZ_WI("PMSELR_EL0", 3, 3, 9, 12, 5),
	RAZ_WI("PMCEID0_EL0", 3, 3, 9, 12, 6),
	RAZ_WI("PMCEID1_EL0", 3, 3, 9, 12, 7),
	RAZ_WI("PMCCNTR_EL0", 3, 3, 9, 13, 0),
	RAZ_WI("PMXEVTYPER_EL0", 3, 3, 9, 13, 1),
	RAZ_WI("PMXEVCNTR_EL0", 3, 3, 9, 13, 2),
	RAZ_WI("PMUSERENR_EL0", 3, 3, 9, 14, 0),
	RAZ_WI("PMOVSSET_EL0", 3, 3, 9, 14, 3),
	RAZ_WI("CNTP_TVAL_EL0", 3, 3, 14, 2, 0),
	RAZ_WI("CNTP_CTL_EL0", 3, 3, 14, 2, 1),
	RAZ_WI("CNTP_CVAL_EL0", 3, 3, 14, 2, 2),
};

void hv_sysreg_table_check(void)
{
	for (unsigned int i = 1; i < ARRAY_SIZE(sysreg_table); i++)
		if (sysreg_table[i - 1].enc >= sysreg_table[i].enc)
			panic("hv: sysreg table not sorted at %s", sysreg_table[i].name);
}

static const struct sysreg_desc *sysreg_find(u32 enc)
{
	unsigned int lo = 0, hi = ARRAY_SIZE(sysreg_table);

	while (lo < hi) {
		unsigned int mid = lo + (hi - lo) / 2;

		if (sysreg_table[mid].enc == enc)
			return &sysreg_table[mid];
		if (sysreg_table[mid].enc < enc)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

enum hv_verdict hv_handle_sysreg(struct vcpu *v, const struct hv_exit *e)
{
	u32 iss = e->iss;
	u32 enc = SYS_ENC((iss >> ESR_SYS64_OP0_SHIFT) & 3, (iss >> ESR_SYS64_OP1_SHIFT) & 7,
			  (iss >> ESR_SYS64_CRN_SHIFT) & 15, (iss >> ESR_SYS64_CRM_SHIFT) & 15,
			  (iss >> ESR_SYS64_OP2_SHIFT) & 7);
	unsigned int rt = (iss >> ESR_SYS64_RT_SHIFT) & 31;
	bool read = iss & ESR_SYS64_DIR_READ;
	const struct sysreg_desc *d = sysreg_find(enc);
	u64 val;

	exit_stats_sysreg(&v->stats, d ? d->name : "(not emulated)");
	if (!d) {
		pr_warn("%s: vCPU%u: %s of unknown system register S%u_%u_C%u_C%u_%u at PC 0x%llx: "
			"undefined instruction injected\n",
			v->vm->name, v->id, read ? "MRS" : "MSR", (enc >> 14) & 3, (enc >> 11) & 7,
			(enc >> 7) & 15, (enc >> 3) & 15, enc & 7, (unsigned long long)v->regs.pc);
		vcpu_arch_inject_undef(v);
		return HV_RESUME;
	}
	val = read ? 0 : vcpu_get_reg(v, rt);
	d->access(v, d, read, &val);
	if (read)
		vcpu_set_reg(v, rt, val);
	return HV_ADVANCE;
}
