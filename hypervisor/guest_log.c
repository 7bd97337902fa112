// SPDX-License-Identifier: GPL-2.0
/*
 * Per-guest output log (see <hypervisor/guest_log.h>).
 *
 * Each guest index has a byte ring of CONFIG_HV_GUEST_LOG_SIZE, allocated
 * when its first VM is made (guest_log_init(), not in the UART's locked
 * path). Lines are stored with their '\n'; when the ring is
 * full the oldest bytes are overwritten, and printing starts after the
 * first '\n' of what is left so that no partial line is shown.
 */
#include <avatar/printk.h>
#include <avatar/slab.h>
#include <avatar/spinlock.h>
#include <hypervisor/guest_log.h>
#include <hypervisor/guest_table.h>

#define GUEST_LOG_MAX_GUESTS 32
#define GUEST_LOG_SIZE	     CONFIG_HV_GUEST_LOG_SIZE

struct guest_log {
	size_t head; /* bytes ever written; the next goes to head % size */
	char buf[GUEST_LOG_SIZE];
};

static struct guest_log *logs[GUEST_LOG_MAX_GUESTS];
static DEFINE_SPINLOCK(logs_lock);

static void log_putc(struct guest_log *l, char c)
{
	l->buf[l->head++ % GUEST_LOG_SIZE] = c;
}

int guest_log_init(unsigned int index)
{
	struct guest_log *fresh;
	unsigned long flags;

	if (index >= GUEST_LOG_MAX_GUESTS)
		return -1;
	if (READ_ONCE(logs[index]))
		return 0;
	fresh = kzalloc(sizeof(*fresh));
	if (!fresh)
		return -1;
	flags = spin_lock_irqsave(&logs_lock);
	if (!logs[index]) {
		logs[index] = fresh;
		fresh = NULL;
	}
	spin_unlock_irqrestore(&logs_lock, flags);
	kfree(fresh);
	return 0;
}

void guest_log_line(unsigned int index, const char *line)
{
	unsigned long flags = spin_lock_irqsave(&logs_lock);
	struct guest_log *l = index < GUEST_LOG_MAX_GUESTS ? logs[index] : NULL;

	if (l) {
		while (*line)
			log_putc(l, *line++);
		log_putc(l, '\n');
	}
	spin_unlock_irqrestore(&logs_lock, flags);
}

/* The character after the next '\n' (or the terminating NUL). */
static char *next_line(char *p)
{
	while (*p && *p != '\n')
		p++;
	return *p ? p + 1 : p;
}

size_t guest_log_print(unsigned int index)
{
	static char out[GUEST_LOG_SIZE + 1]; /* shell context only */
	struct guest_log *l = index < GUEST_LOG_MAX_GUESTS ? READ_ONCE(logs[index]) : NULL;
	unsigned long flags;
	size_t n = 0, start;
	char *line;

	if (!l)
		return 0;
	flags = spin_lock_irqsave(&logs_lock);
	start = l->head > GUEST_LOG_SIZE ? l->head - GUEST_LOG_SIZE : 0;
	for (size_t i = start; i < l->head; i++)
		out[n++] = l->buf[i % GUEST_LOG_SIZE];
	spin_unlock_irqrestore(&logs_lock, flags);
	out[n] = '\0';
	line = out;
	if (start) /* the ring wrapped: skip the partial first line */
		line = next_line(line);
	while (*line) {
		char *next = next_line(line);

		if (next[-1] == '\n')
			next[-1] = '\0';
		printk("%s\n", line);
		line = next;
	}
	return n;
}
