/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The console shell. Any file can add a command with one line:
 *
 *	static int cmd_version(int argc, char **argv) { ... return 0; }
 *	SHELL_COMMAND(version, "version", "print version and configuration", cmd_version);
 *
 * The macro places a struct shell_command in the .shell_cmds.<name>
 * section; the linker script gathers them between __shell_cmds_start and
 * __shell_cmds_end, sorted by name, so 'help' lists them alphabetically.
 * A command returns 0 on success, SHELL_ERR_FAILED (-1) for a failure it
 * has reported itself, or SHELL_ERR_USAGE to have the shell print its
 * usage line.
 */
#ifndef AVATAR_SHELL_H
#define AVATAR_SHELL_H

#include <avatar/compiler.h>

#define SHELL_MAX_LINE 256 /* bytes per input line, NUL included */
#define SHELL_MAX_ARGS 16

#define SHELL_ERR_FAILED (-1)
#define SHELL_ERR_USAGE	 (-2)

struct shell_command {
	const char *name;
	const char *usage; /* e.g. "help [command]" */
	const char *help;  /* one line */
	int (*fn)(int argc, char **argv);
};

#define SHELL_COMMAND(cmd, usage_, help_, fn_)                                  \
	static const struct shell_command __shell_cmd_##cmd __used __aligned(8) \
		__section(".shell_cmds." #cmd) = {                              \
			.name = #cmd,                                           \
			.usage = usage_,                                        \
			.help = help_,                                          \
			.fn = fn_,                                              \
	}

/* Find a command by name, NULL if there is none. */
const struct shell_command *shell_find(const char *name);
/* Split 'line' in place into at most max words; returns argc (-1 if too many words). */
int shell_tokenize(char *line, char **argv, int max);
/* Run one command line (modified in place). */
int shell_execute(char *line);
/* Run the bootargs' shell.run=<command> words, once (kernel/shell_boot.c). */
void shell_run_bootargs(void);
/* Read and run commands on the console forever. */
void shell_run(void) __noreturn;

#endif /* AVATAR_SHELL_H */
