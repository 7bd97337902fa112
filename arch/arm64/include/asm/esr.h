/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ESR_ELx, the exception syndrome (Arm ARM D19.2.37): exception classes
 * and the fields of the data/instruction abort ISS (D19.2.37.1) that the
 * fault handlers decode. EC names for messages are in traps.c.
 */
#ifndef ASM_ESR_H
#define ASM_ESR_H

#include <asm/sysreg.h>

/* ESR_ELx.EC values. */
#define ESR_EC_UNKNOWN	0x00
#define ESR_EC_FP_ASIMD 0x07
#define ESR_EC_ILLEGAL	0x0e
#define ESR_EC_SVC64	0x15
#define ESR_EC_SYS64	0x18
#define ESR_EC_IABT_LOW 0x20 /* instruction abort from a lower EL */
#define ESR_EC_PC_ALIGN 0x22
#define ESR_EC_DABT_LOW 0x24 /* data abort from a lower EL */
#define ESR_EC_SP_ALIGN 0x26
#define ESR_EC_BRK64	0x3c

/* Abort ISS: fault status code [5:0] and write-not-read [6]. */
#define ESR_ISS_FSC_MASK  _UL(0x3f)
#define ESR_ISS_FSC_TYPE  _UL(0x3c) /* the code without its level bits [1:0] */
#define ESR_ISS_WNR	  _BITUL(6)
#define ESR_FSC_ADDRSIZE  _UL(0x00) /* address size fault, level in [1:0] */
#define ESR_FSC_TRANS	  _UL(0x04) /* translation fault, level in [1:0] */
#define ESR_FSC_ACCESS	  _UL(0x08) /* access flag fault */
#define ESR_FSC_PERM	  _UL(0x0c) /* permission fault */
#define ESR_FSC_SEA	  _UL(0x10) /* synchronous external abort, not on a table walk */
#define ESR_FSC_ALIGNMENT _UL(0x21)

#ifndef __ASSEMBLER__
#include <avatar/types.h>

/* A name for an exception class ("SVC (AArch64)", ...; traps.c). */
const char *esr_ec_name(unsigned int ec);

static inline unsigned int esr_ec(u64 esr)
{
	return (unsigned int)((esr >> ESR_ELx_EC_SHIFT) & ESR_ELx_EC_MASK);
}

static inline unsigned int esr_fsc(u64 esr)
{
	return (unsigned int)(esr & ESR_ISS_FSC_MASK);
}

static inline bool esr_is_write(u64 esr)
{
	return esr & ESR_ISS_WNR;
}
#endif

#endif /* ASM_ESR_H */
