/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The last output of each guest (hypervisor/guest_log.c): a ring buffer
 * of CONFIG_HV_GUEST_LOG_SIZE bytes per guest of the guest table, fed
 * line by line by the emulated PL011 and shown by 'guest log <id>'. It
 * belongs to the guest, not to the VM, so it outlives a stop (the last
 * run can be read after SYSTEM_OFF); a new run appends to it.
 */
#ifndef HYPERVISOR_GUEST_LOG_H
#define HYPERVISOR_GUEST_LOG_H

#include <avatar/types.h>

/* Make guest index's log (once; from thread context). 0, or -1 if no memory. */
int guest_log_init(unsigned int index);
/* Append one line (without its newline) to guest index's log, if it has one. */
void guest_log_line(unsigned int index, const char *line);
/* Print guest index's log, oldest line first; 0 if it has none. */
size_t guest_log_print(unsigned int index);

#endif /* HYPERVISOR_GUEST_LOG_H */
