// SPDX-License-Identifier: GPL-2.0
/*
 * Shell commands for processes: `run <program> [args] [&]` and
 * `kill <pid>`; `ps` lists processes too (kernel/sched/ps.c calls
 * process_ps()).
 */
#include <avatar/printk.h>
#include <avatar/process.h>
#include <avatar/shell.h>
#include <avatar/vfs.h>
#include <avatar/string.h>
#include <uapi/avatar/errno.h>

static void list_programs(void)
{
	const struct user_program *prog;
	unsigned int i;

	printk("programs:");
	for (i = 0; (prog = program_at(i)); i++)
		printk(" %s", prog->name);
	printk("\n");
}

static int cmd_run(int argc, char **argv)
{
	bool background = false;
	int pid, code, ret;

	if (argc >= 2 && strcmp(argv[argc - 1], "&") == 0) {
		background = true;
		argv[--argc] = NULL;
	}
	if (argc < 2) {
		list_programs();
		return SHELL_ERR_USAGE;
	}
	pid = process_spawn(argv[1], argc - 1, argv + 1, 0, background);
	if (pid == -ENOENT) {
		printk("run: no program '%s'\n", argv[1]);
		list_programs();
		return SHELL_ERR_FAILED;
	}
	if (pid < 0) {
		printk("run: cannot start '%s': %s (error %d)\n", argv[1], vfs_strerror(pid), pid);
		return SHELL_ERR_FAILED;
	}
	if (background) {
		printk("[%d] %s\n", pid, argv[1]);
		return 0;
	}
	ret = process_wait(0, pid, &code);
	if (ret < 0) {
		printk("run: wait for %d failed (error %d)\n", pid, ret);
		return SHELL_ERR_FAILED;
	}
	if (code)
		printk("process %d (%s) exited with code %d\n", pid, argv[1], code);
	return 0;
}
SHELL_COMMAND(run, "run <program> [args] [&]",
	      "start a user program; wait for it unless the last word is &", cmd_run);

static int cmd_kill(int argc, char **argv)
{
	int pid, err;

	if (argc != 2 || !(pid = (int)strtoul(argv[1], NULL, 10)))
		return SHELL_ERR_USAGE;
	err = process_kill(pid);
	if (err) {
		printk("kill: no process %d\n", pid);
		return SHELL_ERR_FAILED;
	}
	printk("killed %d\n", pid);
	return 0;
}
SHELL_COMMAND(kill, "kill <pid>", "end a user process", cmd_kill);
