/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console mux (hypervisor/console_mux.c): the physical console is
 * connected to the hypervisor shell (the default) or to one guest at a
 * time.
 *
 *   detached (shell)   input goes to the shell; every guest's output is
 *                      printed a line at a time, "[name] " first
 *   attached to G      input goes to G's emulated PL011 (its receive
 *                      FIFO and interrupt); G's output is shown raw, as
 *                      it comes; other guests' output is not printed,
 *                      only kept in their logs ('guest log <id>')
 *
 * 'guest attach <id>' attaches; CONSOLE_MUX_ESCAPE (Ctrl-], as telnet:
 * QEMU's -serial mon:stdio and -nographic take Ctrl-A, terminals take
 * Ctrl-C/Z/S/Q/\) typed on the console detaches, and so does the guest
 * stopping. Hypervisor messages (printk) are printed in both states.
 */
#ifndef HYPERVISOR_CONSOLE_MUX_H
#define HYPERVISOR_CONSOLE_MUX_H

#include <avatar/types.h>

#define CONSOLE_MUX_ESCAPE	0x1d /* Ctrl-] */
#define CONSOLE_MUX_ESCAPE_NAME "Ctrl-]"

struct guest_config;
struct vm;

/*
 * Attach the console to guest cfg and forward input to it until the
 * escape key or until it stops (shell thread; returns then). 0, or -1
 * with a message if the guest is not running.
 */
int console_mux_attach(const struct guest_config *cfg);
/*
 * Is the console attached to a guest other than vm? Its complete lines
 * are then kept in its log only. Not while it is attached to vm itself:
 * between the switch of the mux and that of vm's vPL011 (either way)
 * vm's lines are printed prefixed, so none is lost.
 */
bool console_mux_shows_other(const struct vm *vm);
/* vm is stopping: if it is attached, the console comes back to the shell. */
void console_mux_vm_stopping(struct vm *vm);

#endif /* HYPERVISOR_CONSOLE_MUX_H */
