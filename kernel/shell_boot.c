// SPDX-License-Identifier: GPL-2.0
/*
 * Shell commands from the kernel command line: every `shell.run=<command>`
 * word of /chosen/bootargs is run once, in order, before the first prompt,
 * as if typed (a ',' in <command> stands for a space: bootargs words have
 * none). A guest of the hypervisor has no console input yet, so this is
 * how its self tests run:
 *
 *	bootargs = "shell.run=selftest shell.run=cpus";
 */
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/string.h>

#define SHELL_RUN_PREFIX "shell.run="

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

void shell_run_bootargs(void)
{
	const char *args, *p;
	int chosen;

	if (!platform.dt_valid)
		return;
	chosen = fdt_path_offset(&platform.fdt, "/chosen");
	args = chosen >= 0 ? fdt_prop_string(&platform.fdt, chosen, "bootargs") : NULL;
	for (p = args; p && *p;) {
		size_t len = 0;
		char line[SHELL_MAX_LINE];

		while (p[len] && !is_space(p[len]))
			len++;
		if (len > strlen(SHELL_RUN_PREFIX) &&
		    !strncmp(p, SHELL_RUN_PREFIX, strlen(SHELL_RUN_PREFIX))) {
			size_t n = len - strlen(SHELL_RUN_PREFIX);

			if (n >= sizeof(line)) {
				printk("shell: bootargs command too long (at most %u bytes)\n",
				       (unsigned int)sizeof(line) - 1);
			} else {
				memcpy(line, p + strlen(SHELL_RUN_PREFIX), n);
				line[n] = '\0';
				for (char *c = line; *c; c++)
					if (*c == ',')
						*c = ' ';
				printk("%s%s\n", CONFIG_SHELL_PROMPT, line);
				shell_execute(line);
			}
		}
		for (p += len; is_space(*p); p++)
			;
	}
}
