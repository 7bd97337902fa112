// SPDX-License-Identifier: GPL-2.0
/*
 * EL2 configuration for guests and one run of a vCPU (the C half of the
 * world switch; entry.S is the other). The choices, register by
 * register, are in docs/hypervisor.md ("EL2 configuration").
 *
 * vcpu_arch_run(), with IRQs masked throughout:
 *   1. unless they are in this CPU already (below), the guest's EL1
 *      system registers (GUEST_SYSREGS) and FP/SIMD registers are
 *      loaded; then its virtual timer (GUEST_TIMER_SYSREGS) and the EL2
 *      controls of its VM (HCR, VTTBR, VTCR, MDCR, CPTR, CNTHCTL,
 *      CNTVOFF, VPIDR, VMPIDR);
 *   2. __guest_enter() runs it until an exception takes it back to EL2;
 *   3. the timer registers are saved and the timer stopped (it must not
 *      fire into the host), and the host HCR_EL2 is back.
 *
 * Lazy switching (like KVM's vcpu_load/vcpu_put): the EL1 and FP/SIMD
 * registers stay in the CPU across exits, because the host at EL2 never
 * uses them (it is built with -mgeneral-regs-only and runs in the EL2
 * regime). loaded_vcpu[cpu] names the vCPU whose registers they are. They
 * go back to memory only when the vCPU thread is switched out (the
 * scheduler's switch-out hook, vcpu_arch_put()), or when C code needs
 * them there (vcpu_arch_sysregs_sync(): exception injection, trapped
 * MDSCR_EL1). So loaded_vcpu[cpu] is only ever the vCPU whose thread runs
 * on that CPU, and a thread that moves to another CPU finds its state in
 * memory. A reset from another vCPU (PSCI CPU_ON) sets sys_stale, which
 * forces a load at the next entry.
 */
#include <asm/guest.h>
#include <asm/ptrace.h>
#include <asm/simd.h>
#include <asm/sysreg.h>
#include <asm/virt.h>
#include <avatar/irq.h>
#include <avatar/panic.h>
#include <avatar/printk.h>
#include <avatar/smp.h>
#include <avatar/time.h>
#include <asm/counter.h>
#include <hypervisor/stage2.h>
#include <hypervisor/vm.h>
#include <hypervisor/vmid.h>
#include <hypervisor/vtimer.h>

#include <stddef.h>

_Static_assert(offsetof(struct guest_regs, sp_el0) == GREGS_SP_EL0, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, pc) == GREGS_PC, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, pstate) == GREGS_PSTATE, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, esr) == GREGS_ESR, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, far) == GREGS_FAR, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, hpfar) == GREGS_HPFAR, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, fpsr) == GREGS_FPSR, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, fpcr) == GREGS_FPCR, "guest_regs layout");
_Static_assert(offsetof(struct guest_regs, v) == GREGS_V, "guest_regs layout");
_Static_assert(sizeof(struct guest_regs) == GREGS_SIZE, "guest_regs layout");
_Static_assert(offsetof(struct vcpu, regs) == 0, "regs first in struct vcpu");

/* The host's HCR_EL2 (arch/arm64/el.S): EL1 AArch64, physical interrupts to EL2. */
#define HCR_HOST (HCR_EL2_RW | HCR_EL2_IMO | HCR_EL2_FMO | HCR_EL2_AMO)

/* HCR_EL2 for guests (docs/hypervisor.md has the reason for each bit). */
#define HCR_GUEST                                                                                  \
	(HCR_EL2_VM | HCR_EL2_SWIO | HCR_EL2_FMO | HCR_EL2_IMO | HCR_EL2_AMO | HCR_EL2_FB |        \
	 HCR_EL2_BSU_IS | HCR_EL2_TWI | HCR_EL2_TWE | HCR_EL2_TID3 | HCR_EL2_TSC | HCR_EL2_TIDCP | \
	 HCR_EL2_TACR | HCR_EL2_TLOR | HCR_EL2_RW)

/* EL1 may read the physical counter (CNTVOFF_EL2 is per VM: docs); its physical timer traps. */
#define CNTHCTL_GUEST CNTHCTL_EL1PCTEN
#define CNTHCTL_HOST  (CNTHCTL_EL1PCTEN | CNTHCTL_EL1PCEN)

/* FP/SIMD switched eagerly (no TFP); trace registers and SVE (TZ, in RES1) trapped. */
#define CPTR_GUEST (CPTR_EL2_RES1 | CPTR_EL2_TTA)

#define ID_AA64DFR0_PMUVER_SHIFT  8
#define ID_AA64DFR0_PMUVER_MASK	  _UL(0xf)
#define ID_AA64DFR0_PMUVER_IMPDEF 0xf

static void vcpu_arch_put_loaded(void);

static u64 vtcr_el2;
static u64 mdcr_el2;
static unsigned int ipa_bits;

void vm_arch_init(void)
{
	u64 mmfr0 = read_sysreg(id_aa64mmfr0_el1);
	unsigned int parange =
		(unsigned int)(mmfr0 >> ID_AA64MMFR0_PARANGE_SHIFT) & ID_AA64MMFR0_PARANGE_MASK;
	u64 dfr0 = read_sysreg(id_aa64dfr0_el1);
	unsigned int pmuver =
		(unsigned int)(dfr0 >> ID_AA64DFR0_PMUVER_SHIFT) & ID_AA64DFR0_PMUVER_MASK;
	u64 hpmn = 0;
	unsigned int vmid_bits = vmid_init();

	arch_simd_set_state_saver(vcpu_arch_put_loaded);
	ipa_bits = stage2_ipa_bits(parange);
	vtcr_el2 = stage2_vtcr(ipa_bits, parange, vmid_16bit());
	/* HPMN = PMCR_EL0.N keeps every counter "EL1's"; the PMU is trapped anyway. */
	if (pmuver && pmuver != ID_AA64DFR0_PMUVER_IMPDEF)
		hpmn = (read_sysreg(pmcr_el0) >> PMCR_EL0_N_SHIFT) & PMCR_EL0_N_MASK;
	mdcr_el2 = (hpmn & MDCR_EL2_HPMN_MASK) | MDCR_EL2_TPMCR | MDCR_EL2_TPM | MDCR_EL2_TDA |
		   MDCR_EL2_TDOSA | MDCR_EL2_TDRA;
	printk("hypervisor: EL2 ready: %u-bit IPA (PARange %u), %u-bit VMIDs, VTCR_EL2 0x%llx, "
	       "HCR_EL2 0x%llx for guests\n",
	       ipa_bits, parange, vmid_bits, (unsigned long long)vtcr_el2,
	       (unsigned long long)HCR_GUEST);
}

u64 vm_arch_hcr(void)
{
	return HCR_GUEST;
}

u64 vm_arch_ipa_bits(void)
{
	return ipa_bits;
}

/* The vCPU whose EL1 and FP/SIMD registers are in each CPU (IRQs masked to touch). */
static struct vcpu *loaded_vcpu[CONFIG_NR_CPUS];

static void el1_load(struct vcpu *v)
{
	struct guest_sysregs *s = &v->sys;

#define LOAD_SYSREG(reg) write_sysreg(s->reg, reg);
	GUEST_SYSREGS(LOAD_SYSREG)
#undef LOAD_SYSREG
	__fpsimd_load(&v->regs);
}

static void el1_save(struct vcpu *v)
{
	struct guest_sysregs *s = &v->sys;

#define SAVE_SYSREG(reg) s->reg = read_sysreg(reg);
	GUEST_SYSREGS(SAVE_SYSREG)
#undef SAVE_SYSREG
	__fpsimd_save(&v->regs);
}

void vcpu_arch_put(struct vcpu *v)
{
	unsigned int cpu = smp_processor_id();

	if (loaded_vcpu[cpu] == v) {
		el1_save(v);
		loaded_vcpu[cpu] = NULL;
	}
}

void vcpu_arch_sysregs_sync(struct vcpu *v)
{
	unsigned long flags = local_irq_save();

	vcpu_arch_put(v); /* the next entry loads them again */
	local_irq_restore(flags);
}

/*
 * arch_simd_begin()'s saver (<asm/simd.h>): the kernel is about to use
 * the FP/SIMD registers (memcpy_bulk), so a guest state still loaded here
 * goes back to memory; its next entry loads it again.
 */
static void vcpu_arch_put_loaded(void)
{
	struct vcpu *v = loaded_vcpu[smp_processor_id()];

	if (v)
		vcpu_arch_put(v);
}

/* The unexpected-exception dump (<asm/ptrace.h>): this CPU's EL2 controls and loaded vCPU. */
void exception_dump_extra(void)
{
	struct vcpu *v = loaded_vcpu[smp_processor_id()];

	printk("HCR_EL2 0x%llx  VTTBR_EL2 0x%llx  loaded vCPU: ",
	       (unsigned long long)read_sysreg(hcr_el2),
	       (unsigned long long)read_sysreg(vttbr_el2));
	if (v)
		printk("%s/%u\n", v->vm->name, v->id);
	else
		printk("none\n");
}

/* The vCPU thread's switch-out hook (thread_set_switch_out()); its argument is the vCPU. */
static void vcpu_switch_out(struct thread *t)
{
	vcpu_arch_put(t->arg);
}

void vcpu_arch_thread_start(struct vcpu *v)
{
	(void)v; /* the thread's own argument (vcpu_start_thread()) */
	thread_set_switch_out(vcpu_switch_out);
}

void vcpu_arch_thread_stop(struct vcpu *v)
{
	/* Nothing of it may stay in the CPU (the vCPU is freed soon): no preemption in between. */
	unsigned long flags = local_irq_save();

	vcpu_arch_put(v);
	thread_set_switch_out(NULL);
	local_irq_restore(flags);
}

static void load_guest(struct vcpu *v)
{
	struct guest_sysregs *s = &v->sys;
	unsigned int cpu = smp_processor_id();
	struct vcpu *old = loaded_vcpu[cpu];

	if (old != v || v->sys_stale) {
		if (old && old != v)
			el1_save(old); /* not expected: its thread saves them when switched out */
		el1_load(v);
		loaded_vcpu[cpu] = v;
		v->sys_stale = false;
	}
#define LOAD_SYSREG(reg) write_sysreg(s->reg, reg);
	GUEST_TIMER_SYSREGS(LOAD_SYSREG)
#undef LOAD_SYSREG
	write_sysreg(s->vmpidr_el2, vmpidr_el2);
	write_sysreg(s->vpidr_el2, vpidr_el2);
	write_sysreg(vtcr_el2, vtcr_el2);
	write_sysreg(stage2_vttbr(&v->vm->s2), vttbr_el2);
	write_sysreg(mdcr_el2, mdcr_el2);
	write_sysreg(CPTR_GUEST, cptr_el2);
	write_sysreg(CNTHCTL_GUEST, cnthctl_el2);
	write_sysreg(v->vm->cntvoff, cntvoff_el2);
	write_sysreg(v->vm->hcr, hcr_el2);
	__asm__ __volatile__("isb" ::: "memory");
}

static void save_guest(struct vcpu *v)
{
	struct guest_sysregs *s = &v->sys;

#define SAVE_SYSREG(reg) s->reg = read_sysreg(reg);
	GUEST_TIMER_SYSREGS(SAVE_SYSREG)
#undef SAVE_SYSREG
	write_sysreg(0, cntv_ctl_el0); /* the guest's timer must not fire into the host */
	write_sysreg(HCR_HOST, hcr_el2);
	write_sysreg(CNTHCTL_HOST, cnthctl_el2);
	__asm__ __volatile__("isb" ::: "memory");
}

u64 vcpu_arch_run(struct vcpu *v)
{
	unsigned long flags = local_irq_save();
	unsigned int cpu;
	u64 reason;

	/* Tested with IRQs masked: a kick's IPI now stays pending and exits the guest. */
	if (v->vm->stopping || v->power != VCPU_ON) {
		local_irq_restore(flags);
		return GUEST_EXIT_NONE;
	}
	vtimer_sync(v); /* it may have passed while the vCPU was blocked */
	vgic_flush(v);
	vtimer_vcpu_load(v);
	load_guest(v);
	cpu = smp_processor_id();
	reason = __guest_enter(&v->regs, &v->vm->uart.lane);
	save_guest(v);
	/*
	 * The logical CPU is the running thread's field (<asm/percpu.h>):
	 * if it changed while this CPU ran the guest, another CPU switched
	 * to this thread meanwhile and both would use its stack.
	 */
	if (unlikely(smp_processor_id() != cpu))
		panic("%s/%u: its thread entered the guest on CPU%u and left on CPU%u: "
		      "it runs on two CPUs",
		      v->vm->name, v->id, cpu, smp_processor_id());
	vgic_sync(v);
	vtimer_sync(v);
	local_irq_restore(flags); /* a host IRQ that took the guest out is handled here */
	v->exits++;
	return reason;
}

void vcpu_arch_reset(struct vcpu *v, u64 entry, u64 arg)
{
	struct guest_sysregs *s = &v->sys;

	v->regs = (struct guest_regs){0};
	v->regs.x[0] = arg;
	v->regs.pc = entry;
	v->regs.pstate = PSR_MODE_EL1H | PSR_DAIF_MASK;
	*s = (struct guest_sysregs){0};
	v->sys_stale = true; /* the vCPU may have been loaded on its CPU: load these instead */
	s->sctlr_el1 = SCTLR_EL1_RES1; /* MMU and caches off, little-endian */
	s->vpidr_el2 = read_sysreg(midr_el1);
	/* MPIDR: bit 31 RES1, U (bit 30) = 0: a multiprocessor system; Aff0 = vCPU id. */
	s->vmpidr_el2 = (1UL << 31) | v->mpidr;
}

u64 vcpu_arch_timer_deadline(const struct vcpu *v)
{
	u64 ctl = v->sys.cntv_ctl_el0;
	u64 now, cval = v->sys.cntv_cval_el0;

	/* Off, masked, or its interrupt is being handled: nothing to wake for. */
	if (!(ctl & CNT_CTL_ENABLE) || (ctl & CNT_CTL_IMASK) ||
	    vgic_irq_active((struct vcpu *)v, VGIC_PPI_VTIMER))
		return WAIT_FOREVER;
	now = vtimer_now(v->vm);
	if (cval <= now)
		return 0;
	return time_now_ns() + ticks_to_ns(cval - now, counter_freq());
}
