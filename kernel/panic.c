// SPDX-License-Identifier: GPL-2.0
/* panic() and cpu_halt(): the end of the road for one CPU. */
#include <asm/barrier.h>
#include <asm/irqflags.h>
#include <avatar/panic.h>
#include <avatar/printk.h>
#include <avatar/smp.h>
#include <avatar/sprintf.h>

void cpu_halt(void)
{
	arch_local_irq_disable_all();
	for (;;)
		wfi();
}

void panic(const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	printk("\nKernel panic on CPU%u: %s\n", smp_processor_id(), msg);
	cpu_halt();
}
