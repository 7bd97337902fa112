/* SPDX-License-Identifier: GPL-2.0 */
/*
 * PSCI (Arm DEN 0022, "Power State Coordination Interface") client:
 * CPU_ON for SMP bring-up, SYSTEM_OFF / SYSTEM_RESET for the shell.
 * Calls go through the SMC Calling Convention (Arm DEN 0028) on the
 * conduit (HVC or SMC) the device tree's /psci node names.
 */
#ifndef ASM_PSCI_H
#define ASM_PSCI_H

#include <avatar/types.h>

/* Function ids (PSCI 0.2+, SMC64 where the call takes addresses). */
#define PSCI_0_2_FN_PSCI_VERSION 0x84000000U
#define PSCI_0_2_FN64_CPU_ON	 0xC4000003U
#define PSCI_0_2_FN_SYSTEM_OFF	 0x84000008U
#define PSCI_0_2_FN_SYSTEM_RESET 0x84000009U

/* Return codes. */
#define PSCI_RET_SUCCESS	  0
#define PSCI_RET_NOT_SUPPORTED	  -1
#define PSCI_RET_INVALID_PARAMS	  -2
#define PSCI_RET_DENIED		  -3
#define PSCI_RET_ALREADY_ON	  -4
#define PSCI_RET_ON_PENDING	  -5
#define PSCI_RET_INTERNAL_FAILURE -6
#define PSCI_RET_NOT_PRESENT	  -7
#define PSCI_RET_DISABLED	  -8
#define PSCI_RET_INVALID_ADDRESS  -9

enum psci_conduit {
	PSCI_CONDUIT_NONE,
	PSCI_CONDUIT_HVC,
	PSCI_CONDUIT_SMC,
};

struct fdt;

/* Read /psci from the device tree and pick the conduit; 0 or -1 (messages printed). */
int psci_init(const struct fdt *fdt);
bool psci_available(void);
const char *psci_conduit_name(void);
/* Start the CPU 'mpidr' at physical address 'entry' with x0 = context_id. */
int psci_cpu_on(u64 mpidr, uintptr_t entry, u64 context_id);
const char *psci_strerror(int ret);
void psci_system_off(void);
void psci_system_reset(void);

/* SMCCC calls (smccc.S): function id and three arguments, result in x0. */
long smccc_smc(u64 fn, u64 a1, u64 a2, u64 a3);
long smccc_hvc(u64 fn, u64 a1, u64 a2, u64 a3);

#endif /* ASM_PSCI_H */
