// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI 1.1 and SMCCC 1.1 for guests (see <hypervisor/psci.h>), and the
 * Avatar vendor hypervisor calls. Runs in the calling vCPU's thread.
 *
 * CPU_ON resets the target vCPU (entry point, context id in x0, EL1h,
 * MMU off) and wakes its thread, which is already there, waiting while
 * the vCPU is OFF. CPU_OFF turns the caller off (its thread waits again).
 * SYSTEM_OFF stops the VM, SYSTEM_RESET restarts it (<hypervisor/vm_reset.h>:
 * stopped, then started again from its configuration by a restart
 * thread), never the host. SYSTEM_RESET2 is not offered: Linux's default
 * (cold) reboot uses SYSTEM_RESET, and SYSTEM_RESET2's one architectural
 * type, the warm reset, is used by firmware to keep memory, which a
 * restart does not.
 */
#define pr_fmt(fmt) "hv: " fmt

#include <asm/psci.h>
#include <asm/sysreg.h>
#include <avatar/printk.h>
#include <hypervisor/psci.h>
#include <hypervisor/vm.h>
#include <hypervisor/vm_reset.h>

static s64 vpsci_cpu_on(struct vcpu *v, u64 target, u64 entry, u64 ctx)
{
	struct vm *vm = v->vm;
	struct vcpu *t = vm_find_vcpu(vm, target & MPIDR_HWID_MASK);
	unsigned long flags;
	s64 ret;

	if (!t)
		return PSCI_RET_INVALID_PARAMS;
	flags = spin_lock_irqsave(&vm->lock);
	if (t->power == VCPU_ON) {
		ret = PSCI_RET_ALREADY_ON;
	} else {
		vcpu_reset(t, entry, ctx);
		t->power = VCPU_ON;
		ret = PSCI_RET_SUCCESS;
	}
	spin_unlock_irqrestore(&vm->lock, flags);
	if (ret == PSCI_RET_SUCCESS)
		vcpu_kick(t);
	return ret;
}

static s64 vpsci_cpu_off(struct vcpu *v)
{
	unsigned long flags = spin_lock_irqsave(&v->vm->lock);

	v->power = VCPU_OFF;
	spin_unlock_irqrestore(&v->vm->lock, flags);
	return PSCI_RET_SUCCESS; /* not seen: the vCPU does not run again before CPU_ON */
}

static s64 vpsci_affinity_info(struct vcpu *v, u64 target, u64 level)
{
	struct vcpu *t = vm_find_vcpu(v->vm, target & MPIDR_HWID_MASK);

	if (!t || level != 0)
		return PSCI_RET_INVALID_PARAMS;
	return t->power == VCPU_ON ? PSCI_AFF_ON : PSCI_AFF_OFF;
}

static bool psci_implemented(u32 fn)
{
	switch (fn & ~SMCCC_64BIT) {
	case PSCI_FN_VERSION:
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN_CPU_OFF:
	case PSCI_FN_CPU_ON:
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN_MIGRATE_INFO_TYPE:
	case PSCI_FN_SYSTEM_OFF:
	case PSCI_FN_SYSTEM_RESET:
	case PSCI_FN_FEATURES:
		return true;
	default:
		return false;
	}
}

static s64 smccc_arch_features(u32 fn)
{
	if (fn == SMCCC_VERSION_FN || fn == SMCCC_ARCH_FEATURES_FN)
		return SMCCC_RET_SUCCESS;
	return SMCCC_RET_NOT_SUPPORTED; /* no Spectre workaround calls: not needed under QEMU */
}

/*
 * The calls that neither block, nor stop or wake anything, nor need the
 * vCPU thread: the answer depends only on the arguments. They are also
 * answered in the exit fast path (hypervisor/arch/arm64/fastpath.c),
 * with IRQs masked and the guest's state still in the CPU.
 */
bool hv_smccc_fast_call(struct vcpu *v)
{
	u32 fn = (u32)vcpu_get_reg(v, 0);
	u32 a1 = (u32)vcpu_get_reg(v, 1); /* only 32-bit arguments below */
	s64 ret;

	switch (fn) {
	case AVATAR_HC_NULL:
		ret = SMCCC_RET_SUCCESS;
		break;
	case AVATAR_HC_CALL_UID:
		vcpu_set_reg(v, 1, AVATAR_UID_1);
		vcpu_set_reg(v, 2, AVATAR_UID_2);
		vcpu_set_reg(v, 3, AVATAR_UID_3);
		ret = AVATAR_UID_0;
		break;
	case SMCCC_VERSION_FN:
		ret = SMCCC_VERSION_1_1;
		break;
	case SMCCC_ARCH_FEATURES_FN:
		ret = smccc_arch_features(a1);
		break;
	case PSCI_FN_VERSION:
		ret = PSCI_VERSION_1_1;
		break;
	case PSCI_FN_FEATURES:
		ret = psci_implemented(a1) || a1 == SMCCC_VERSION_FN ? PSCI_RET_SUCCESS
								     : PSCI_RET_NOT_SUPPORTED;
		break;
	case PSCI_FN_MIGRATE_INFO_TYPE:
		ret = PSCI_TOS_NOT_PRESENT_MP;
		break;
	default:
		return false;
	}
	vcpu_set_reg(v, 0, (u64)ret);
	return true;
}

void hv_smccc_call(struct vcpu *v)
{
	u32 fn = (u32)vcpu_get_reg(v, 0);
	u64 a1 = vcpu_get_reg(v, 1), a2 = vcpu_get_reg(v, 2), a3 = vcpu_get_reg(v, 3);
	s64 ret;

	if (hv_smccc_fast_call(v))
		return;
	/* SMC32/HVC32 arguments are 32 bits. */
	if (!(fn & SMCCC_64BIT)) {
		a1 &= 0xffffffffULL;
		a2 &= 0xffffffffULL;
		a3 &= 0xffffffffULL;
	}
	switch (fn) {
	case PSCI_FN_CPU_SUSPEND:
	case PSCI_FN_CPU_SUSPEND | SMCCC_64BIT:
		vcpu_block(v); /* every power state is a standby: wait like WFI */
		ret = PSCI_RET_SUCCESS;
		break;
	case PSCI_FN_CPU_OFF:
		ret = vpsci_cpu_off(v);
		break;
	case PSCI_FN_CPU_ON:
	case PSCI_FN_CPU_ON | SMCCC_64BIT:
		ret = vpsci_cpu_on(v, a1, a2, a3);
		break;
	case PSCI_FN_AFFINITY_INFO:
	case PSCI_FN_AFFINITY_INFO | SMCCC_64BIT:
		ret = vpsci_affinity_info(v, a1, a2);
		break;
	case PSCI_FN_SYSTEM_OFF:
		vm_request_stop(v->vm, "PSCI SYSTEM_OFF");
		ret = PSCI_RET_SUCCESS;
		break;
	case PSCI_FN_SYSTEM_RESET:
		vm_reset_request(v->vm, "PSCI SYSTEM_RESET");
		ret = PSCI_RET_SUCCESS; /* not seen: the vCPU does not run again */
		break;
	default:
		ret = SMCCC_RET_NOT_SUPPORTED;
		break;
	}
	vcpu_set_reg(v, 0, (u64)ret);
}
