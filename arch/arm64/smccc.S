/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMC Calling Convention (Arm DEN 0028) trampolines: x0 = function id,
 * x1-x3 = arguments, result in x0. The callee may clobber x0-x17, which
 * the AAPCS64 already treats as caller-saved.
 */
#include <asm/linkage.h>

	.text
ENTRY(smccc_smc)
	smc	#0
	ret
END(smccc_smc)

ENTRY(smccc_hvc)
	hvc	#0
	ret
END(smccc_hvc)
