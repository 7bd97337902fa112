// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's view of the ID registers (HCR_EL2.TID3).
 *
 * TID3 traps EL1 reads of "ID group 3": every encoding Op0 = 3, Op1 = 0,
 * CRn = 0, CRm = 1..7 (Arm ARM D19.2.48, HCR_EL2.TID3; the reserved
 * encodings of that space included, which read as zero). The guest gets
 * the hardware's value with the features the hypervisor does not give
 * it hidden: their state is not switched between VMs and their registers
 * or instructions trap (CPTR_EL2.TZ for SVE, HCR_EL2.API/APK clear for
 * pointer authentication, HCR_EL2.TLOR, MDCR_EL2.TPM, CPTR_EL2.TTA ...).
 * Without this an OS that sees, say, SVE in ID_AA64PFR0_EL1 uses it and
 * takes an Undefined Instruction it does not expect (Linux on -cpu max
 * dies in read_zcr_features()).
 */
#include <asm/sysreg.h>
#include <avatar/compiler.h>

#include "id_regs.h"

#define FIELD(shift) (_UL(0xf) << (shift)) /* ID register fields are 4 bits */

/* ID_AA64PFR0_EL1 (CRm 4, Op2 0). */
#define PFR0_SVE  FIELD(32)
#define PFR0_MPAM FIELD(40)
#define PFR0_AMU  FIELD(44)
/* ID_AA64PFR1_EL1 (4, 1). */
#define PFR1_MTE       FIELD(8)
#define PFR1_MPAM_FRAC FIELD(16)
#define PFR1_SME       FIELD(24)
/* ID_AA64DFR0_EL1 (5, 0). */
#define DFR0_TRACEVER	 FIELD(4)
#define DFR0_PMUVER	 FIELD(8)
#define DFR0_PMSVER	 FIELD(32)
#define DFR0_TRACEFILT	 FIELD(40)
#define DFR0_TRACEBUFFER FIELD(44)
/* ID_AA64ISAR1_EL1 (6, 1), ID_AA64ISAR2_EL1 (6, 2): pointer authentication. */
#define ISAR1_APA  FIELD(4)
#define ISAR1_API  FIELD(8)
#define ISAR1_GPA  FIELD(24)
#define ISAR1_GPI  FIELD(28)
#define ISAR2_GPA3 FIELD(8)
#define ISAR2_APA3 FIELD(12)
/* ID_AA64MMFR1_EL1 (7, 1). */
#define MMFR1_LO FIELD(16)

#define ALL_FIELDS (~_UL(0))

/* What each register hides; registers not listed are passed as they are. */
static const struct {
	unsigned int crm, op2;
	u64 hide;
} id_hidden[] = {
	{4, 0, PFR0_SVE | PFR0_MPAM | PFR0_AMU},      /* ID_AA64PFR0_EL1 */
	{4, 1, PFR1_MTE | PFR1_MPAM_FRAC | PFR1_SME}, /* ID_AA64PFR1_EL1 */
	{4, 4, ALL_FIELDS},			      /* ID_AA64ZFR0_EL1: SVE */
	{4, 5, ALL_FIELDS},			      /* ID_AA64SMFR0_EL1: SME */
	/* PMU and trace: trapped, not virtualised; breakpoints keep their counts. */
	{5, 0, DFR0_TRACEVER | DFR0_PMUVER | DFR0_PMSVER | DFR0_TRACEFILT | DFR0_TRACEBUFFER},
	{6, 1, ISAR1_APA | ISAR1_API | ISAR1_GPA | ISAR1_GPI}, /* ID_AA64ISAR1_EL1 */
	{6, 2, ISAR2_GPA3 | ISAR2_APA3},		       /* ID_AA64ISAR2_EL1 */
	{7, 1, MMFR1_LO},				       /* ID_AA64MMFR1_EL1 */
};

#define ID_READ(crm, op2)            \
	case ID_REG_INDEX(crm, op2): \
		return read_sysreg(S3_0_C0_C##crm##_##op2)
#define ID_READ_BANK(crm) \
	ID_READ(crm, 0);  \
	ID_READ(crm, 1);  \
	ID_READ(crm, 2);  \
	ID_READ(crm, 3);  \
	ID_READ(crm, 4);  \
	ID_READ(crm, 5);  \
	ID_READ(crm, 6);  \
	ID_READ(crm, 7)

/* The hardware's value (EL2 reads are not trapped). */
static u64 id_reg_hw(unsigned int crm, unsigned int op2)
{
	switch (ID_REG_INDEX(crm, op2)) {
		ID_READ_BANK(1);
		ID_READ_BANK(2);
		ID_READ_BANK(3);
		ID_READ_BANK(4);
		ID_READ_BANK(5);
		ID_READ_BANK(6);
		ID_READ_BANK(7);
	default:
		return 0;
	}
}

u64 hv_id_reg_sanitise(unsigned int crm, unsigned int op2, u64 val)
{
	for (unsigned int i = 0; i < ARRAY_SIZE(id_hidden); i++)
		if (id_hidden[i].crm == crm && id_hidden[i].op2 == op2)
			val &= ~id_hidden[i].hide;
	return val;
}

u64 hv_id_reg_read(unsigned int crm, unsigned int op2)
{
	return hv_id_reg_sanitise(crm, op2, id_reg_hw(crm, op2));
}
