// SPDX-License-Identifier: GPL-2.0
/*
 * The process table: spawn, exit, wait, kill (see <avatar/process.h>).
 *
 * Processes live in a static table of CONFIG_MAX_PROCESSES slots under
 * proc_lock; pids count up from 1 and are not reused while the kernel
 * runs (wrapping after 2^31). One wait queue, exit_wq, is woken at every
 * exit: waiters re-check their condition, and exits are rare enough.
 *
 * Spawning runs in the caller's thread: the address space is built, the
 * program loaded and the arguments written to the top of the new stack
 * before the process's thread exists, so every error is returned to the
 * caller. The thread then only loads the address space and enters EL0.
 *
 * Kill sets 'killed' and makes sure the thread comes back to the kernel
 * soon: a blocked or sleeping thread is woken (process waits are
 * interruptible: they test process_killed()), one running at EL0 on
 * another CPU gets an IPI. Whichever way, the thread sees the flag on
 * its way back towards EL0 and calls process_exit().
 */
#include <asm/pgtable.h>
#include <avatar/aspace.h>
#include <avatar/elf.h>
#include <avatar/ipi.h>
#include <avatar/irq.h>
#include <avatar/page_alloc.h>
#include <avatar/printk.h>
#include <avatar/process.h>
#include <avatar/sched.h>
#include <avatar/smp.h>
#include <avatar/spinlock.h>
#include <avatar/string.h>
#include <avatar/uaccess.h>
#include <avatar/waitqueue.h>
#include <uapi/avatar/errno.h>

#include "user_internal.h"

static struct process procs[CONFIG_MAX_PROCESSES];
static DEFINE_SPINLOCK(proc_lock);
static DEFINE_WAITQUEUE(exit_wq);
static int next_pid = 1;

bool process_killed(const struct process *p)
{
	return p && READ_ONCE(p->killed);
}

static struct process *find_locked(int pid)
{
	unsigned int i;

	for (i = 0; i < CONFIG_MAX_PROCESSES; i++)
		if (procs[i].state != PROCESS_FREE && procs[i].pid == pid)
			return &procs[i];
	return NULL;
}

static struct process *alloc_slot(void)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct process *p = NULL;
	unsigned int i;

	for (i = 0; i < CONFIG_MAX_PROCESSES; i++) {
		if (procs[i].state == PROCESS_FREE) {
			p = &procs[i];
			*p = (struct process){0};
			p->state = PROCESS_LIVE;
			p->pid = next_pid;
			next_pid = next_pid == __INT_MAX__ ? 1 : next_pid + 1;
			break;
		}
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	return p;
}

static void free_slot(struct process *p)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);

	p->state = PROCESS_FREE;
	spin_unlock_irqrestore(&proc_lock, flags);
}

/*
 * The stack's top page: argument strings at the very top, argv[] below
 * them, SP 16-byte aligned below that.
 */
static int setup_stack(struct process *p, int argc, char *const argv[])
{
	uintptr_t strings = p->stack_top, vec[PROCESS_MAX_ARGS + 1];
	size_t total = 0;
	int i, err;

	if (argc < 0 || argc > PROCESS_MAX_ARGS)
		return -E2BIG;
	for (i = 0; i < argc; i++)
		total += strlen(argv[i]) + 1;
	if (total > PROCESS_ARGS_SIZE)
		return -E2BIG;
	for (i = argc - 1; i >= 0; i--) {
		size_t len = strlen(argv[i]) + 1;

		strings -= len;
		err = copy_to_user(p, strings, argv[i], len);
		if (err)
			return err;
		vec[i] = strings;
	}
	vec[argc] = 0;
	p->argv = ALIGN_DOWN(strings - sizeof(uintptr_t) * (size_t)(argc + 1), 16);
	err = copy_to_user(p, p->argv, vec, sizeof(uintptr_t) * (size_t)(argc + 1));
	p->argc = argc;
	p->initial_sp = p->argv;
	return err;
}

/* The process's thread: adopt the address space, enter EL0. */
static int process_thread(void *arg)
{
	struct process *p = arg;
	struct thread *self = thread_current();
	struct pt_regs *frame = (struct pt_regs *)(self->stack_base + self->stack_size) - 1;

	unsigned long flags = spin_lock_irqsave(&proc_lock);

	p->thread = self;
	self->process = p;
	spin_unlock_irqrestore(&proc_lock, flags);
	if (process_killed(p))
		process_exit(PROCESS_KILLED);

	local_irq_disable(); /* no switch between the two lines below */
	self->aspace = p->aspace;
	aspace_switch(p->aspace);
	/* The frame overwrites only the (dead) frames of our callers. */
	memset(frame, 0, sizeof(*frame));
	frame->regs[0] = (u64)p->argc;
	frame->regs[1] = p->argv;
	frame->sp = p->initial_sp;
	frame->elr = p->entry;
	frame->spsr = PSR_MODE_EL0T;
	arch_enter_lower(frame);
}

int process_spawn(const char *name, int argc, char *const argv[], int parent, bool background)
{
	const struct user_program *prog = NULL;
	const void *image;
	void *loaded = NULL;
	size_t size;
	unsigned int order = 0;
	struct thread *t;
	struct process *p;
	uintptr_t end;
	int err, pid;

	if (!aspace_supported())
		return -ENOSYS;
	if (name[0] == '/') { /* an ELF file, through the VFS */
		err = file_load(name, PROCESS_MAX_IMAGE, &loaded, &size, &order);
		if (err)
			return err;
		image = loaded;
	} else {
		prog = program_find(name);
		if (!prog)
			return -ENOENT;
		image = prog->image;
		size = prog->size;
	}
	p = alloc_slot();
	if (!p) {
		err = -EAGAIN;
		goto out;
	}
	strlcpy(p->name, prog ? name : vfs_path_basename(name), sizeof(p->name));
	p->parent = parent;
	p->reap_on_exit = background;
	p->aspace = aspace_create();
	err = p->aspace ? elf_load(p->aspace, image, size, &p->entry, &end) : -ENOMEM;
	if (err)
		goto fail;
	p->heap_start = p->brk = ALIGN_UP(end, PAGE_SIZE);
	p->stack_top = USER_VA_END;
	p->stack_lo = USER_VA_END - CONFIG_USER_STACK_SIZE;
	err = setup_stack(p, argc, argv);
	if (!err)
		err = file_open_stdio(p);
	if (err)
		goto fail;
	/* The thread may run (and even exit) at once: p is not ours any more. */
	pid = p->pid;
	t = thread_create(p->name, process_thread, p, THREAD_PRIO_DEFAULT, CPUMASK_ALL);
	if (!t) {
		err = -EAGAIN;
		goto fail;
	}
	thread_detach(t);
	err = pid;
	goto out;
fail:
	file_close_all(p);
	aspace_destroy(p->aspace);
	free_slot(p);
out:
	if (loaded)
		free_pages(va_to_pa(loaded), order);
	return err;
}

void process_exit(int code)
{
	struct process *p = process_current();
	struct thread *self = thread_current();
	unsigned long flags;
	unsigned int i;

	file_close_all(p);
	flags = local_irq_save();
	self->aspace = NULL;
	aspace_switch(NULL);
	local_irq_restore(flags);
	aspace_destroy(p->aspace);

	flags = spin_lock_irqsave(&proc_lock);
	p->aspace = NULL;
	p->thread = NULL;
	p->exit_code = code;
	p->state = p->reap_on_exit ? PROCESS_FREE : PROCESS_ZOMBIE;
	for (i = 0; i < CONFIG_MAX_PROCESSES; i++) {
		struct process *c = &procs[i];

		if (c->state == PROCESS_FREE || c->parent != p->pid)
			continue;
		if (c->state == PROCESS_ZOMBIE)
			c->state = PROCESS_FREE; /* nobody will collect it now */
		else
			c->reap_on_exit = true;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	self->process = NULL;
	waitqueue_wake_all(&exit_wq);
	thread_exit(code);
}

/* exit_wq.lock held: a zombie child of parent matching pid, or -ECHILD / 0 (wait). */
static int reap_locked(int parent, int pid, int *code)
{
	bool any = false;
	unsigned int i;

	for (i = 0; i < CONFIG_MAX_PROCESSES; i++) {
		struct process *c = &procs[i];

		if (c->state == PROCESS_FREE || c->parent != parent || (pid > 0 && c->pid != pid))
			continue;
		any = true;
		if (c->state == PROCESS_ZOMBIE) {
			if (code)
				*code = c->exit_code;
			c->state = PROCESS_FREE;
			return c->pid;
		}
	}
	return any ? 0 : -ECHILD;
}

static int reap(int parent, int pid, int *code)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	int ret = reap_locked(parent, pid, code);

	spin_unlock_irqrestore(&proc_lock, flags);
	return ret;
}

int process_wait(int parent, int pid, int *code)
{
	struct process *self = process_current();
	int ret = 0;

	wait_event(&exit_wq, (ret = reap(parent, pid, code)) != 0 || process_killed(self));
	return ret ? ret : -EINTR;
}

int process_kill(int pid)
{
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	struct process *p = find_locked(pid);
	struct thread *t;

	if (!p || p->state != PROCESS_LIVE) {
		spin_unlock_irqrestore(&proc_lock, flags);
		return -ESRCH;
	}
	WRITE_ONCE(p->killed, true);
	t = p->thread;
	if (t && !sched_wake(t) && READ_ONCE(t->state) == THREAD_RUNNING &&
	    t->cpu != smp_processor_id())
		smp_send_ipi(t->cpu, IPI_RESCHEDULE); /* into the kernel, where it sees the flag */
	spin_unlock_irqrestore(&proc_lock, flags);
	/* A waiter in process_wait() must re-test process_killed(). */
	waitqueue_wake_all(&exit_wq);
	return 0;
}

static const char *const state_names[] = {
	[PROCESS_FREE] = "free",
	[PROCESS_LIVE] = "live",
	[PROCESS_ZOMBIE] = "zombie",
};

void process_ps(void)
{
	struct {
		int pid, parent;
		enum process_state state;
		enum thread_state tstate;
		bool killed, has_thread;
		char name[PROCESS_NAME_LEN];
	} rows[CONFIG_MAX_PROCESSES];
	unsigned long flags = spin_lock_irqsave(&proc_lock);
	unsigned int i, n = 0;

	for (i = 0; i < CONFIG_MAX_PROCESSES; i++) {
		struct process *p = &procs[i];

		if (p->state == PROCESS_FREE)
			continue;
		rows[n].pid = p->pid;
		rows[n].parent = p->parent;
		rows[n].state = p->state;
		rows[n].has_thread = p->thread != NULL;
		rows[n].tstate = p->thread ? p->thread->state : THREAD_DEAD;
		rows[n].killed = p->killed;
		memcpy(rows[n].name, p->name, PROCESS_NAME_LEN);
		n++;
	}
	spin_unlock_irqrestore(&proc_lock, flags);
	printk(" PID PPID NAME             STATE\n");
	for (i = 0; i < n; i++)
		printk("%4d %4d %-16s %s%s\n", rows[i].pid, rows[i].parent, rows[i].name,
		       rows[i].state == PROCESS_LIVE && rows[i].has_thread
			       ? thread_state_name(rows[i].tstate)
			       : state_names[rows[i].state],
		       rows[i].killed ? " (killed)" : "");
	printk("%u processes of %u\n", n, CONFIG_MAX_PROCESSES);
}
