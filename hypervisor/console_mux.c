// SPDX-License-Identifier: GPL-2.0
/*
 * The console mux (see <hypervisor/console_mux.h>).
 *
 * Input stays on its ordinary path: the UART's receive interrupt fills the
 * console input ring (kernel/console_input.c), and the one reader is the
 * shell thread. 'guest attach' makes that thread the forwarder: it reads
 * the ring and pushes each character into the attached guest's vPL011
 * receive FIFO, which raises the guest's interrupt. So nothing of a VM is
 * touched in interrupt context, and the VM is kept alive by a reference
 * (vm_get()) for as long as the console is attached to it.
 *
 * State: attached_vm (under mux_lock) says who has the console; each
 * vPL011 also has its own 'attached' flag, switched under its lock, that
 * decides raw output byte by byte. A VM that stops while attached
 * (console_mux_vm_stopping(), from vm_request_stop()) sets stop_reader
 * and wakes the reader, which detaches and drops its reference. A VM
 * stopping for a restart (PSCI SYSTEM_RESET) is followed: the reader
 * drops its reference (the old VM cannot go while it is held), waits for
 * the new VM of the same guest and attaches to it, as a serial console
 * stays connected across a reboot.
 *
 * Why the two locks suffice: the stopper sets vm->stopping, then takes
 * mux_lock and looks at attached_vm; the attacher takes mux_lock, sets
 * attached_vm and looks at vm->stopping. Whichever takes mux_lock second
 * sees what the other did first.
 */
#include <avatar/console.h>
#include <avatar/printk.h>
#include <avatar/spinlock.h>
#include <avatar/thread.h>
#include <avatar/time.h>
#include <hypervisor/console_mux.h>
#include <hypervisor/vm.h>

/* How long a character waits for room in the guest's receive FIFO (ms). */
#define FORWARD_WAIT_MS 200
/* How long the console waits for a restarting guest to run again (ms), and how often it looks. */
#define RESTART_WAIT_MS 30000
#define RESTART_POLL_MS 10

static DEFINE_SPINLOCK(mux_lock);
static struct vm *attached_vm; /* NULL: the shell has the console */
static bool stop_reader;       /* the attached VM is stopping */

bool console_mux_shows_other(const struct vm *vm)
{
	const struct vm *shown = READ_ONCE(attached_vm);

	return shown && shown != vm;
}

void console_mux_vm_stopping(struct vm *vm)
{
	unsigned long flags = spin_lock_irqsave(&mux_lock);
	bool mine = attached_vm == vm;

	if (mine)
		WRITE_ONCE(stop_reader, true);
	spin_unlock_irqrestore(&mux_lock, flags);
	if (mine)
		console_input_wake();
}

/*
 * Into the guest's receive FIFO. The guest empties it by interrupt; a
 * pasted line may outrun it, so wait a little for room. A guest that does
 * not read loses the character (an overrun, as on hardware), but the
 * console never hangs on it.
 */
static void forward(struct vm *vm, char c)
{
	for (unsigned int ms = 0; ms < FORWARD_WAIT_MS && !vpl011_rx_room(&vm->uart); ms++) {
		if (READ_ONCE(stop_reader))
			return;
		thread_sleep_ns(NSEC_PER_MSEC);
	}
	(void)vpl011_rx_push(&vm->uart, c);
}

/* The VM of a restarting guest, once it runs again (a reference), or NULL. */
static struct vm *wait_restarted(const struct guest_config *cfg)
{
	for (unsigned int ms = 0; ms < RESTART_WAIT_MS; ms += RESTART_POLL_MS) {
		enum vm_state st = vm_state(cfg);

		struct vm *vm = st == VM_RUNNING ? vm_get(cfg) : NULL;

		if (vm)
			return vm;
		if (st != VM_RESTARTING)
			break;
		thread_sleep_ns(RESTART_POLL_MS * NSEC_PER_MSEC);
	}
	printk("guest: %s is not running again: the console is back to the shell\n", cfg->name);
	return NULL;
}

/* Forward input to vm until the escape key or until it stops; drops vm. True: it restarts. */
static bool attach_vm(struct vm *vm)
{
	unsigned long flags;
	bool partial, stopped, restart;
	int c;

	flags = spin_lock_irqsave(&mux_lock);
	attached_vm = vm;
	stop_reader = READ_ONCE(vm->stopping);
	spin_unlock_irqrestore(&mux_lock, flags);

	printk("attached to guest '%s'; press %s to return\n", vm->name, CONSOLE_MUX_ESCAPE_NAME);
	vpl011_set_attached(&vm->uart, true);
	for (;;) {
		c = READ_ONCE(stop_reader) ? -1 : console_getc_unless(&stop_reader);
		if (c < 0 || c == CONSOLE_MUX_ESCAPE)
			break;
		forward(vm, (char)c);
	}
	partial = vpl011_set_attached(&vm->uart, false);
	flags = spin_lock_irqsave(&mux_lock);
	attached_vm = NULL;
	spin_unlock_irqrestore(&mux_lock, flags);
	stopped = READ_ONCE(vm->stopping);
	restart = stopped && c < 0 && READ_ONCE(vm->restart);
	printk("%sdetached from guest '%s'%s\n", partial ? "\n" : "", vm->name,
	       restart	 ? ": it restarts (the console follows it)"
	       : stopped ? ": it stopped"
			 : "");
	vm_put(vm);
	return restart;
}

int console_mux_attach(const struct guest_config *cfg)
{
	struct vm *vm = vm_get(cfg);

	if (!vm) {
		if (vm_state(cfg) == VM_STOPPING)
			printk("guest: %s is stopping\n", cfg->name);
		else if (vm_state(cfg) == VM_RESTARTING)
			printk("guest: %s is restarting\n", cfg->name);
		else
			printk("guest: %s is not running (start it with 'guest start %s')\n",
			       cfg->name, cfg->name);
		return -1;
	}
	/* Stopped for a restart: attach to the new VM when it runs. */
	while (attach_vm(vm) && (vm = wait_restarted(cfg)))
		;
	return 0;
}
