/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSCI 1.1 and SMCCC 1.1 as seen by a guest (hypervisor/psci.c), reached
 * with HVC #0 or (trapped by HCR_EL2.TSC) SMC #0, function id in w0.
 *
 * Avatar's own calls live in the SMCCC "vendor specific hypervisor
 * service" range (owning entity 6):
 *
 *	0x86000000  AVATAR_HC_NULL	returns 0 at once (exit cost benchmark)
 *	0x8600ff01  AVATAR_HC_CALL_UID	the service UID in x0-x3 (AVATAR_UID_*)
 *
 * Unknown function ids return SMCCC_RET_NOT_SUPPORTED (-1).
 */
#ifndef HYPERVISOR_PSCI_H
#define HYPERVISOR_PSCI_H

#include <avatar/types.h>

/* SMCCC (Arm DEN 0028). */
#define SMCCC_VERSION_FN	0x80000000U
#define SMCCC_ARCH_FEATURES_FN	0x80000001U
#define SMCCC_VERSION_1_1	0x10001U
#define SMCCC_RET_SUCCESS	0
#define SMCCC_RET_NOT_SUPPORTED (-1)
#define SMCCC_64BIT		(1U << 30) /* SMC64/HVC64 calling convention */

/* PSCI (Arm DEN 0022), 32-bit ids; the 64-bit form of a call is id | SMCCC_64BIT. */
#define PSCI_FN_VERSION		  0x84000000U
#define PSCI_FN_CPU_SUSPEND	  0x84000001U
#define PSCI_FN_CPU_OFF		  0x84000002U
#define PSCI_FN_CPU_ON		  0x84000003U
#define PSCI_FN_AFFINITY_INFO	  0x84000004U
#define PSCI_FN_MIGRATE_INFO_TYPE 0x84000006U
#define PSCI_FN_SYSTEM_OFF	  0x84000008U
#define PSCI_FN_SYSTEM_RESET	  0x84000009U
#define PSCI_FN_FEATURES	  0x8400000aU
#define PSCI_VERSION_1_1	  0x10001U
#define PSCI_AFF_ON		  0
#define PSCI_AFF_OFF		  1
#define PSCI_AFF_ON_PENDING	  2
#define PSCI_TOS_NOT_PRESENT_MP	  2 /* MIGRATE_INFO_TYPE: no Trusted OS to migrate */

/* Avatar vendor hypervisor service. */
#define AVATAR_HC_NULL	   0x86000000U
#define AVATAR_HC_CALL_UID 0x8600ff01U
/* UID words (x0..x3): "AVATAR-HYP-UID01" as four little-endian words. */
#define AVATAR_UID_0 0x54415641U /* "AVAT" */
#define AVATAR_UID_1 0x482d5241U /* "AR-H" */
#define AVATAR_UID_2 0x552d5059U /* "YP-U" */
#define AVATAR_UID_3 0x31304449U /* "ID01" */

struct vcpu;

/* Handle the SMCCC call in the vCPU's x0-x3; the result goes to x0-x3. */
void hv_smccc_call(struct vcpu *vcpu);
/*
 * The same for the calls that need no thread context (no blocking, no
 * stop, no kick): true if it was one and is answered, false (nothing
 * changed) otherwise. Safe with IRQs masked in the exit path.
 */
bool hv_smccc_fast_call(struct vcpu *vcpu);

#endif /* HYPERVISOR_PSCI_H */
