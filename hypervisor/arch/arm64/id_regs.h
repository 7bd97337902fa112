/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's view of the ID registers (id_regs.c): ID group 3, trapped by HCR_EL2.TID3. */
#ifndef HV_ARCH_ARM64_ID_REGS_H
#define HV_ARCH_ARM64_ID_REGS_H

#include <avatar/types.h>

/* ID group 3 is Op0 = 3, Op1 = 0, CRn = 0, CRm = 1..7, Op2 = 0..7. */
#define ID_REG_INDEX(crm, op2) ((crm) << 3 | (op2))

/* What the guest reads from S3_0_C0_C<crm>_<op2>: the hardware's value, sanitised. */
u64 hv_id_reg_read(unsigned int crm, unsigned int op2);
/* val with the features the hypervisor does not give guests cleared. */
u64 hv_id_reg_sanitise(unsigned int crm, unsigned int op2, u64 val);

#endif
