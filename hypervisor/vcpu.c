// SPDX-License-Identifier: GPL-2.0
/*
 * vCPU threads (design in <hypervisor/vcpu.h> and docs/hypervisor.md).
 *
 * The loop runs in thread context with IRQs enabled between runs, so an
 * exit handler may sleep (WFI), take locks or, later, read the disk. A
 * stop request sets vm->stopping and kicks every vCPU: a blocked one is
 * woken through its wait queue, one inside the guest gets an IPI, whose
 * physical IRQ takes the guest out (HCR_EL2.IMO). vcpu_arch_run() tests
 * the flag again with IRQs masked, so a kick between the test in the
 * loop and the entry is not lost (the IPI stays pending and exits the
 * guest at once).
 */
#include <avatar/ipi.h>
#include <avatar/smp.h>
#include <avatar/sprintf.h>
#include <hypervisor/vcpu.h>
#include <hypervisor/vm.h>

/* Below the shell's priority: a guest that never waits cannot take the console away. */
#define VCPU_THREAD_PRIO (THREAD_PRIO_DEFAULT + 1)

static int vcpu_thread(void *arg)
{
	struct vcpu *v = arg;
	struct vm *vm = v->vm;
	u64 reason;

	vcpu_arch_thread_start(v);
	while (!vm->stopping) {
		if (v->power != VCPU_ON) {
			wait_event(&v->wq, v->power == VCPU_ON || vm->stopping);
			continue;
		}
		reason = vcpu_arch_run(v);
		/* Console bytes of the exit fast path out, before a WFI may block. */
		vpl011_drain(&vm->uart);
		vcpu_arch_handle_exit(v, reason);
	}
	vcpu_arch_thread_stop(v);
	vm_put(vm); /* v and vm may be gone after this */
	return 0;
}

int vcpu_start_thread(struct vcpu *v)
{
	char name[THREAD_NAME_LEN];
	struct thread *t;

	snprintf(name, sizeof(name), "%s/%u", v->vm->name, v->id);
	t = thread_create(name, vcpu_thread, v, VCPU_THREAD_PRIO, v->vm->cfg->cpu_affinity);
	if (!t)
		return -1;
	v->thread = t;
	thread_detach(t); /* the VM is torn down by its last thread; nobody joins */
	return 0;
}

void vcpu_kick(struct vcpu *v)
{
	struct thread *t = v->thread;
	unsigned long flags = spin_lock_irqsave(&v->wq.lock);

	v->kicked = true;
	spin_unlock_irqrestore(&v->wq.lock, flags);
	waitqueue_wake_all(&v->wq);
	/* In the guest on another CPU: an IPI makes it exit. */
	if (t && t->state == THREAD_RUNNING && t->cpu != smp_processor_id())
		smp_send_ipi(t->cpu, IPI_RESCHEDULE);
}

void vcpu_reset(struct vcpu *v, u64 entry, u64 arg)
{
	vcpu_arch_reset(v, entry, arg);
}

void vcpu_block(struct vcpu *v)
{
	u64 deadline = vcpu_arch_timer_deadline(v);
	unsigned long flags;

	/* deadline 0: the timer condition is met already; or an interrupt is pending: no wait. */
	if (deadline && !vgic_vcpu_pending(v))
		(void)__wait_event(&v->wq, v->kicked || v->vm->stopping, deadline);
	flags = spin_lock_irqsave(&v->wq.lock);
	v->kicked = false;
	spin_unlock_irqrestore(&v->wq.lock, flags);
}
