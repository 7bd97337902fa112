// SPDX-License-Identifier: GPL-2.0
/*
 * start_kernel(): what the boot CPU does once head.S has set up its stack
 * and the MMU. The order matters:
 *
 *  1. the early console (the board's UART) so problems can be reported;
 *  2. the device tree: RAM, CPUs, console UART, GIC, timer, PSCI;
 *  3. the console moves to the device tree's UART, the banner is printed;
 *  4. the scheduler (this boot context becomes CPU0's idle thread), the
 *     page and slab allocators over the device tree's RAM, then
 *     the secondary CPUs are started (each waited for, with a timeout)
 *     and each ends in its own idle thread;
 *  5. the rest runs in the "init" thread (on CPU0), because reading the
 *     disk sleeps until the device's interrupt and the boot context is
 *     now CPU0's idle thread, which must never sleep; CPU0 goes idle:
 *  6. (init) devices on virtio-mmio, and the FAT32 volume of the disk
 *     (host.img);
 *  7. (init) the hypervisor layer, when configured (it loads the guests
 *     that start at boot from the volume); console input switches to
 *     the UART's receive interrupt;
 *  8. (init) the shell, in a thread of its own; init ends.
 */
#include <asm/el.h>
#include <asm/mmu.h>
#include <avatar/console.h>
#include <avatar/hypervisor.h>
#include <avatar/init.h>
#include <avatar/irq.h>
#include <avatar/kconfig.h>
#include <avatar/panic.h>
#include <avatar/pl011.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/sched.h>
#include <avatar/shell.h>
#include <avatar/vfs.h>
#include <avatar/slab.h>
#include <avatar/smp.h>
#include <avatar/time.h>
#include <avatar/virtio.h>
#include <avatar/volume.h>

/*
 * Move the console to the device tree's UART. The early UART was set up
 * by the firmware and already works: reprogramming it would flush input
 * that may already be waiting (a test driver typing ahead), so only a
 * different UART is initialised.
 */
static void console_init(void)
{
	if (!IS_ENABLED(CONFIG_SERIAL_PL011))
		return;
	if (platform.uart_base != CONFIG_EARLY_UART_BASE)
		pl011_console_init(platform.uart_base, true);
}

static int shell_thread(void *arg)
{
	(void)arg;
	shell_run();
}

/* Boot steps that may sleep (disk I/O), in a thread of their own. */
static int init_thread(void *arg)
{
	(void)arg;
	if (IS_ENABLED(CONFIG_VIRTIO_MMIO))
		virtio_mmio_init();
	if (IS_ENABLED(CONFIG_FS_FAT32))
		volume_mount_boot();
	vfs_init(); /* /, /tmp, /dev */

	hv_init();
	if (IS_ENABLED(CONFIG_SERIAL_PL011))
		console_input_start(platform.uart_irq);
	/* Pinned to CPU0: only CPU0 reads the console (kernel/console.c). */
	if (!thread_create("shell", shell_thread, NULL, THREAD_PRIO_DEFAULT, CPUMASK_CPU(0)))
		panic("cannot create the shell thread");
	return 0;
}

void start_kernel(const void *dtb)
{
	struct thread *init;
	unsigned int online;

	if (IS_ENABLED(CONFIG_SERIAL_PL011))
		pl011_console_init(CONFIG_EARLY_UART_BASE, false);

	platform_probe(dtb);
	console_init();
	printk("\n");
	print_banner();
	mmu_report();
	platform_report();

	irq_init();
	time_init();
	sched_init();
	mm_init(); /* after sched_init(): its locks count preemption */
	smp_boot_secondaries();
	online = num_online_cpus();
	if (online == platform.nr_cpus)
		printk("All %u CPUs online\n", online);
	else
		printk("%u of %u CPUs online\n", online, platform.nr_cpus);

	init = thread_create("init", init_thread, NULL, THREAD_PRIO_DEFAULT, CPUMASK_CPU(0));
	if (!init)
		panic("cannot create the init thread");
	thread_detach(init);
	sched_idle_loop();
}
