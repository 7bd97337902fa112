/* SPDX-License-Identifier: GPL-2.0 */
/*
 * User processes (kernel/user/, CONFIG_USER; design in docs/user-mode.md).
 *
 * A process is one kernel thread plus an address space (<avatar/aspace.h>):
 * the thread enters EL0 at the program's entry point and comes back to
 * the kernel for system calls, faults and interrupts. Programs are the
 * static ELF images linked into the kernel from user/ (program_find()).
 *
 * Life cycle: LIVE from spawn until it exits (exit syscall, a fatal
 * fault, or kill: the thread notices at its next return towards EL0),
 * then ZOMBIE until its parent collects the exit code with wait; a
 * process nobody will wait for (background, orphan) is freed at exit.
 * The shell and other kernel callers are parent 0.
 */
#ifndef AVATAR_PROCESS_H
#define AVATAR_PROCESS_H

#include <asm/ptrace.h>
#include <avatar/thread.h>
#include <avatar/types.h>
#include <avatar/vfs.h>

#define PROCESS_NAME_LEN  16
#define PROCESS_MAX_ARGS  16	    /* argv entries, the name included */
#define PROCESS_ARGS_SIZE 1024	    /* bytes of argument strings */
#define PROCESS_KILLED	  137	    /* exit code of a killed process (128 + SIGKILL) */
#define PROCESS_MAX_IMAGE (8 << 20) /* bytes of an ELF file run from a path */

enum process_state {
	PROCESS_FREE,
	PROCESS_LIVE,
	PROCESS_ZOMBIE,
};

struct process {
	enum process_state state;
	int pid;
	int parent; /* pid, 0 = the kernel */
	char name[PROCESS_NAME_LEN];
	struct thread *thread; /* NULL once exited */
	struct aspace *aspace;
	bool reap_on_exit; /* nobody waits: free at exit */
	bool killed;	   /* exit at the next return towards EL0 */
	int exit_code;

	uintptr_t entry;
	uintptr_t heap_start, brk; /* [heap_start, brk): demand-zero heap */
	uintptr_t stack_lo, stack_top;
	uintptr_t initial_sp;
	struct vfs_fdtable files; /* descriptors, kernel/user/file.c */
	int argc;
	uintptr_t argv; /* user address of argv[] */
};

/* A program linked into the kernel (generated from user/ by the build). */
struct user_program {
	const char *name;
	const void *image; /* ELF file */
	unsigned long size;
};

const struct user_program *program_find(const char *name);
/* The i-th built-in program, NULL past the end. */
const struct user_program *program_at(unsigned int i);

#ifdef CONFIG_USER
/*
 * Start program 'name' (a built-in program, or an ELF file when it starts
 * with '/': read through the VFS) with argv[0..argc-1] (argv[0] is normally the
 * name) as a child of parent (0: the kernel). background: nobody will
 * wait, free it at exit. Returns the pid, or -errno.
 */
int process_spawn(const char *name, int argc, char *const argv[], int parent, bool background);
/*
 * Wait for the child pid (-1: any child) of parent to exit; store its
 * code. Returns its pid, -ECHILD if there is no such child, -EINTR if
 * the calling process is killed meanwhile.
 */
int process_wait(int parent, int pid, int *code);
/* Ask process pid to exit (PROCESS_KILLED). 0, or -ESRCH. */
int process_kill(int pid);
/* End the calling process (its thread) with code; frees its memory. */
void process_exit(int code) __noreturn;
/* The process the calling thread runs, NULL for a kernel thread. */
static inline struct process *process_current(void)
{
	return thread_current()->process;
}
/* Killed and not exited yet (for interruptible waits). */
bool process_killed(const struct process *p);
/* Print the process table (the `ps` command). */
void process_ps(void);

/* Exception entry from EL0 (arch/arm64/vectors.S). */
void el0_sync_handler(struct pt_regs *regs);
void el0_irq_handler(struct pt_regs *regs);
/* Enter EL0 with the frame (at the top of the current thread's stack). */
void arch_enter_lower(struct pt_regs *frame) __noreturn;
#else
static inline void process_ps(void)
{
}
#endif

#endif /* AVATAR_PROCESS_H */
