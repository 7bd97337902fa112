// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests for the vGIC's list-register logic (hypervisor/vgic/vgic-lr.c):
 * which interrupts go into the list registers and in what order (active
 * first, then by priority, then INTID), overflow when more are pending
 * than there are registers, the ICH_LR encoding, and the pending/active
 * transitions when a register's state is read back on exit (edge latch
 * moved into the LR and back, level interrupts following their line,
 * EOI maintenance for level interrupts, the HW bit of hardware-mapped
 * ones); the same for the GICv2 GICH_LR format, and GICv2 SGIs pending
 * once per source CPU.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <hypervisor/vgic-lr.h>

static struct vgic_irq make(unsigned int intid, u8 prio, bool edge)
{
	struct vgic_irq irq = {0};

	irq.intid = (u16)intid;
	irq.priority = prio;
	irq.edge = edge;
	irq.enabled = true;
	irq.group1 = true;
	return irq;
}

static u64 lr_state(u64 lr)
{
	return lr & (ICH_LR_PENDING | ICH_LR_ACTIVE);
}

static void test_pending_rules(void **state)
{
	struct vgic_irq e = make(1, 0x80, true), l = make(27, 0x80, false);

	(void)state;
	assert_false(vgic_irq_pending(&e));
	e.latch = true;
	assert_true(vgic_irq_pending(&e));
	e.active = true; /* an edge interrupt can be pending again while active */
	assert_true(vgic_irq_pending(&e));
	e.enabled = false;
	assert_false(vgic_irq_pending(&e));

	assert_false(vgic_irq_pending(&l));
	l.line = true;
	assert_true(vgic_irq_pending(&l));
	l.active = true; /* a level one is not offered again until deactivated */
	assert_false(vgic_irq_pending(&l));
}

static void test_select_by_priority(void **state)
{
	struct vgic_irq irqs[6] = {make(1, 0x80, true),	  make(2, 0x10, true),
				   make(3, 0x80, true),	  make(27, 0x40, false),
				   make(33, 0x00, false), make(5, 0xf0, true)};
	struct vgic_irq *cand[6];
	bool overflow;
	unsigned int n;

	(void)state;
	for (int i = 0; i < 6; i++) {
		irqs[i].latch = irqs[i].edge;
		irqs[i].line = !irqs[i].edge;
		cand[i] = &irqs[i];
	}
	n = vgic_lr_select(cand, 6, 4, &overflow);
	assert_int_equal(n, 4);
	assert_true(overflow); /* 6 pending, 4 registers */
	assert_int_equal(cand[0]->intid, 33);
	assert_int_equal(cand[1]->intid, 2);
	assert_int_equal(cand[2]->intid, 27);
	assert_int_equal(cand[3]->intid, 1); /* 1 before 3: same priority, lower INTID */
	assert_int_equal(cand[4]->intid, 3);
	assert_int_equal(cand[5]->intid, 5);

	n = vgic_lr_select(cand, 3, 4, &overflow);
	assert_int_equal(n, 3);
	assert_false(overflow);
}

static void test_active_first(void **state)
{
	struct vgic_irq a = make(40, 0xf0, false), p = make(1, 0x00, true);
	struct vgic_irq *cand[2] = {&p, &a};
	bool overflow;

	(void)state;
	a.active = true;
	p.latch = true;
	assert_int_equal(vgic_lr_select(cand, 2, 1, &overflow), 1);
	assert_ptr_equal(cand[0], &a); /* the guest must be able to deactivate it */
	assert_true(overflow);
}

static void test_overflow_only_counts_pending(void **state)
{
	struct vgic_irq a = make(40, 0x10, false), b = make(41, 0x20, false);
	struct vgic_irq *cand[2] = {&a, &b};
	bool overflow;

	(void)state;
	a.active = true;
	b.active = true; /* left out, but not pending: no maintenance needed */
	assert_int_equal(vgic_lr_select(cand, 2, 1, &overflow), 1);
	assert_false(overflow);
}

static void test_encode(void **state)
{
	struct vgic_irq e = make(1, 0x48, true), l = make(27, 0x80, false);
	u64 lr;

	(void)state;
	e.latch = true;
	lr = vgic_lr_encode(&e);
	assert_int_equal(lr & ICH_LR_VINTID_MASK, 1);
	assert_int_equal((lr >> ICH_LR_PRIORITY_SHIFT) & 0xff, 0x48);
	assert_true(lr & ICH_LR_GROUP);
	assert_false(lr & ICH_LR_HW);
	assert_false(lr & ICH_LR_EOI);
	assert_int_equal(lr_state(lr), ICH_LR_PENDING);
	assert_false(e.latch); /* moved into the LR */
	assert_false(vgic_lr_waiting(&e));

	l.line = true;
	lr = vgic_lr_encode(&l);
	assert_false(vgic_lr_waiting(&l)); /* the line is high, but the LR carries it */
	assert_int_equal(lr_state(lr), ICH_LR_PENDING);
	assert_true(lr & ICH_LR_EOI); /* exit on deactivation to sample the line */
	assert_true(l.line);

	l.group1 = false;
	l.active = true;
	lr = vgic_lr_encode(&l);
	assert_int_equal(lr_state(lr), ICH_LR_ACTIVE);
	assert_false(lr & ICH_LR_GROUP);
}

static void test_retire_edge(void **state)
{
	struct vgic_irq e = make(1, 0x80, true);
	u64 lr;

	(void)state;
	e.latch = true;
	lr = vgic_lr_encode(&e);
	/* Not acknowledged by the guest: pending comes back. */
	vgic_lr_retire(&e, lr);
	assert_true(e.latch);
	assert_false(e.active);

	lr = vgic_lr_encode(&e);
	/* Acknowledged: active; meanwhile injected again from another CPU. */
	e.latch = true;
	vgic_lr_retire(&e, (lr & ~ICH_LR_PENDING) | ICH_LR_ACTIVE);
	assert_true(e.active);
	assert_true(e.latch); /* the second edge is not lost */

	lr = vgic_lr_encode(&e);
	assert_int_equal(lr_state(lr), ICH_LR_PENDING | ICH_LR_ACTIVE);
	/* Deactivated and the second taken and finished: nothing left. */
	vgic_lr_retire(&e, lr & ~(ICH_LR_PENDING | ICH_LR_ACTIVE));
	assert_false(e.active);
	assert_false(e.latch);
	assert_false(vgic_irq_pending(&e));
}

static void test_retire_level(void **state)
{
	struct vgic_irq l = make(27, 0x80, false);
	u64 lr;

	(void)state;
	l.line = true;
	lr = vgic_lr_encode(&l);
	/* Acknowledged: active, not offered again while active. */
	vgic_lr_retire(&l, (lr & ~ICH_LR_PENDING) | ICH_LR_ACTIVE);
	assert_true(l.active);
	assert_false(vgic_irq_pending(&l));
	lr = vgic_lr_encode(&l);
	assert_int_equal(lr_state(lr), ICH_LR_ACTIVE);
	/* Deactivated, line still high: pending again. */
	vgic_lr_retire(&l, lr & ~ICH_LR_ACTIVE);
	assert_false(l.active);
	assert_true(vgic_irq_pending(&l));
	/* Line lowered (timer re-armed): nothing pending. */
	l.line = false;
	assert_false(vgic_irq_pending(&l));

	/* A latch (GICD_ISPENDR) on a level interrupt is consumed by the acknowledge. */
	l.latch = true;
	lr = vgic_lr_encode(&l);
	vgic_lr_retire(&l, lr); /* still pending in the LR: latch kept */
	assert_true(l.latch);
	lr = vgic_lr_encode(&l);
	vgic_lr_retire(&l, (lr & ~ICH_LR_PENDING) | ICH_LR_ACTIVE);
	assert_false(l.latch);
}

/* The virtual timer's PPI: tied to the physical PPI 27 while live, else the maintenance path. */
static void test_hw_mapped(void **state)
{
	struct vgic_irq t = make(27, 0xa0, false);
	u64 lr;
	u32 lr2;

	(void)state;
	t.hw = true;
	assert_false(vgic_irq_hw_live(&t)); /* line low, not active: the physical one runs free */
	t.line = true;
	assert_true(vgic_irq_hw_live(&t));
	lr = vgic_lr_encode(&t);
	assert_int_equal(lr_state(lr), ICH_LR_PENDING);
	assert_true(lr & ICH_LR_HW);
	assert_int_equal((lr >> ICH_LR_PINTID_SHIFT) & 0x1fff, 27); /* pINTID; no EOI bit */
	assert_int_equal(lr & ICH_LR_VINTID_MASK, 27);
	lr2 = vgic_v2_lr_encode(&t);
	assert_true(lr2 & GICH_LR_HW);
	assert_int_equal((lr2 >> GICH_LR_PHYSID_SHIFT) & 0x3ff, 27);
	assert_int_equal(lr2 & GICH_LR_VIRTUALID_MASK, 27);

	/* Acknowledged, then the line drops (the handler stopped the timer): still live while active. */
	vgic_lr_retire(&t, (lr & ~ICH_LR_PENDING) | ICH_LR_ACTIVE);
	t.line = false;
	assert_true(vgic_irq_hw_live(&t));
	lr = vgic_lr_encode(&t);
	assert_int_equal(lr_state(lr), ICH_LR_ACTIVE);
	assert_true(lr & ICH_LR_HW);
	/* The guest's deactivation (in hardware) leaves the register empty: inactive, not live. */
	vgic_lr_retire(&t, lr & ~ICH_LR_ACTIVE);
	assert_false(t.active);
	assert_false(vgic_irq_hw_live(&t));
	assert_false(vgic_irq_pending(&t));

	/* Pending only by a latch (GICD_ISPENDR), line low: no HW, the EOI maintenance path. */
	t.latch = true;
	lr = vgic_lr_encode(&t);
	assert_false(lr & ICH_LR_HW);
	assert_true(lr & ICH_LR_EOI);
	lr2 = vgic_v2_lr_encode(&t);
	assert_false(lr2 & GICH_LR_HW);
	assert_true(lr2 & GICH_LR_EOI);

	/* Not hardware-mapped: a level interrupt never gets HW. */
	t = make(33, 0xa0, false);
	t.line = true;
	lr = vgic_lr_encode(&t);
	assert_false(lr & ICH_LR_HW);
	assert_true(lr & ICH_LR_EOI);
}

static u32 v2_state(u32 lr)
{
	return lr & (GICH_LR_PENDING | GICH_LR_ACTIVE);
}

static unsigned int v2_cpuid(u32 lr)
{
	return lr >> GICH_LR_CPUID_SHIFT & GICH_LR_CPUID_MASK;
}

static void test_v2_encode(void **state)
{
	struct vgic_irq l = make(33, 0xa0, false), e = make(27, 0x48, true);
	u32 lr;

	(void)state;
	l.line = true;
	lr = vgic_v2_lr_encode(&l);
	assert_int_equal(lr & GICH_LR_VIRTUALID_MASK, 33);
	assert_int_equal(lr >> GICH_LR_PRIORITY_SHIFT & 0x1f, 0xa0 >> 3); /* 5 priority bits */
	assert_true(lr & GICH_LR_GRP1);
	assert_false(lr & GICH_LR_HW);
	assert_true(lr & GICH_LR_EOI); /* level: exit on deactivation to sample the line */
	assert_int_equal(v2_state(lr), GICH_LR_PENDING);
	assert_int_equal(v2_cpuid(lr), 0);

	/* Its line stays high, but the register carries it: no refill wanted. */
	assert_false(vgic_lr_waiting(&l));

	l.group1 = false;
	l.active = true;
	lr = vgic_v2_lr_encode(&l);
	assert_int_equal(v2_state(lr), GICH_LR_ACTIVE);
	assert_false(lr & GICH_LR_GRP1);

	e.latch = true;
	lr = vgic_v2_lr_encode(&e);
	assert_int_equal(v2_state(lr), GICH_LR_PENDING);
	assert_false(lr & GICH_LR_EOI);
	assert_false(e.latch);	   /* moved into the LR */
	vgic_v2_lr_retire(&e, lr); /* not acknowledged: pending comes back */
	assert_true(e.latch);
	lr = vgic_v2_lr_encode(&e);
	vgic_v2_lr_retire(&e, (lr & ~GICH_LR_PENDING) | GICH_LR_ACTIVE);
	assert_true(e.active);
	assert_false(e.latch);
	vgic_v2_lr_retire(&e, lr & ~(GICH_LR_PENDING | GICH_LR_ACTIVE));
	assert_false(e.active);
	assert_false(vgic_irq_pending(&e));
}

/* SGI 3 sent by vCPUs 0 and 2: two deliveries, each with its source in the LR. */
static void test_v2_sgi_sources(void **state)
{
	struct vgic_irq s = make(3, 0x80, true);
	u32 lr;

	(void)state;
	s.sgi_sources = 1U << 0 | 1U << 2;
	s.latch = true;
	lr = vgic_v2_lr_encode(&s);
	assert_int_equal(lr & GICH_LR_VIRTUALID_MASK, 3);
	assert_int_equal(v2_cpuid(lr), 0); /* lowest source first */
	assert_int_equal(v2_state(lr), GICH_LR_PENDING);
	assert_false(lr & GICH_LR_EOI);
	assert_true(s.latch); /* source 2 still waits: the caller asks for maintenance */
	assert_true(vgic_lr_waiting(&s));
	assert_int_equal(s.sgi_sources, 1U << 2);

	/* The guest acknowledged it (active, from CPU 0). */
	vgic_v2_lr_retire(&s, (lr & ~GICH_LR_PENDING) | GICH_LR_ACTIVE);
	assert_true(s.active);
	assert_int_equal(s.active_source, 0);
	/* Next entry: the active one keeps its source; source 2 is not merged into it. */
	lr = vgic_v2_lr_encode(&s);
	assert_int_equal(v2_state(lr), GICH_LR_ACTIVE);
	assert_int_equal(v2_cpuid(lr), 0);
	assert_int_equal(s.sgi_sources, 1U << 2);
	/* Deactivated: now the one from CPU 2. */
	vgic_v2_lr_retire(&s, lr & ~GICH_LR_ACTIVE);
	assert_false(s.active);
	lr = vgic_v2_lr_encode(&s);
	assert_int_equal(v2_cpuid(lr), 2);
	assert_int_equal(v2_state(lr), GICH_LR_PENDING);
	assert_false(s.latch);
	assert_int_equal(s.sgi_sources, 0);
	assert_false(vgic_lr_waiting(&s));
	/* Not taken before the exit: it comes back with its source. */
	vgic_v2_lr_retire(&s, lr);
	assert_true(s.latch);
	assert_int_equal(s.sgi_sources, 1U << 2);
}

/* Active from CPU 1 and sent again by CPU 1: one LR, active and pending. */
static void test_v2_sgi_active_and_pending(void **state)
{
	struct vgic_irq s = make(5, 0x80, true);
	u32 lr;

	(void)state;
	s.active = true;
	s.active_source = 1;
	s.sgi_sources = 1U << 1;
	s.latch = true;
	lr = vgic_v2_lr_encode(&s);
	assert_int_equal(v2_state(lr), GICH_LR_ACTIVE | GICH_LR_PENDING);
	assert_int_equal(v2_cpuid(lr), 1);
	assert_false(s.latch);

	/* Pending through GICD_ISPENDR (no source recorded): CPU 0. */
	s = make(6, 0x80, true);
	s.latch = true;
	lr = vgic_v2_lr_encode(&s);
	assert_int_equal(v2_state(lr), GICH_LR_PENDING);
	assert_int_equal(v2_cpuid(lr), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pending_rules),
		cmocka_unit_test(test_select_by_priority),
		cmocka_unit_test(test_active_first),
		cmocka_unit_test(test_overflow_only_counts_pending),
		cmocka_unit_test(test_encode),
		cmocka_unit_test(test_retire_edge),
		cmocka_unit_test(test_hw_mapped),
		cmocka_unit_test(test_retire_level),
		cmocka_unit_test(test_v2_encode),
		cmocka_unit_test(test_v2_sgi_sources),
		cmocka_unit_test(test_v2_sgi_active_and_pending),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
