/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest resets (hypervisor/vm_reset.c): PSCI SYSTEM_RESET restarts the
 * VM that called it, and only that VM.
 *
 * The vCPU that calls it asks its VM to stop for a restart
 * (vm_request_restart()); its vCPU threads leave as for 'guest stop', the
 * last one tears the VM down, marks a restart pending (vm.c) and creates
 * a restart thread ("<name>/restart" in 'ps'), which starts the guest
 * again from its configuration, as 'guest start' does, and ends: the
 * images are read from host.img again, the RAM is new and zeroed, the DTB
 * is fixed up again, the vCPUs, vGIC, virtual timer and vPL011 are new
 * (vCPU 0 at the entry point, the others off). A thread of its own, not a
 * vCPU thread, because the threads of the old VM must all be gone first
 * and loading sleeps on the disk; created only then, so no thread waits
 * for resets that never come.
 *
 * Loop guard: a guest that resets VM_RESET_LOOP_LIMIT times in a row,
 * each time less than VM_RESET_LOOP_RUN_MS after it was started, is
 * stopped instead of restarted (a crash at boot followed by a reset
 * would otherwise load it forever). Each reset prints one line and is
 * counted ('guest info' shows the count).
 */
#ifndef HYPERVISOR_VM_RESET_H
#define HYPERVISOR_VM_RESET_H

#include <avatar/types.h>

#define VM_RESET_LOOP_LIMIT  10
#define VM_RESET_LOOP_RUN_MS 1000

struct guest_config;
struct vm;

/* From a vCPU thread of vm: the guest asked for a reset by call (e.g. "PSCI SYSTEM_RESET"). */
void vm_reset_request(struct vm *vm, const char *call);
/* A restart of cfg is pending (vm_put()): a thread does it (or it is cancelled, said so). */
void vm_reset_restart_later(const struct guest_config *cfg);
/* Resets of guest cfg since the host started. */
unsigned int vm_reset_count(const struct guest_config *cfg);

#endif /* HYPERVISOR_VM_RESET_H */
