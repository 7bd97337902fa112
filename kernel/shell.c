// SPDX-License-Identifier: GPL-2.0
/*
 * The console shell: a line editor, a tokenizer and a command table.
 *
 * Line editing: printable characters are echoed; Backspace and DEL erase
 * one character, Ctrl-U the whole line, Ctrl-C abandons it. A line ends
 * at CR or LF, and the LF of a CR LF pair is ignored, so terminals and
 * piped input both work. Escape sequences (arrow keys) are swallowed.
 *
 * Commands are struct shell_command entries that SHELL_COMMAND() places
 * in the .shell_cmds.* sections (see <avatar/shell.h>); the linker script
 * sorts them by name between __shell_cmds_start and __shell_cmds_end.
 *
 * The prompt (CONFIG_SHELL_PROMPT) is printed before every line, so a
 * test driver can wait for it after each command.
 */
#include <avatar/console.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/string.h>

#define CTRL(c)	      ((c) - '@')
#define KEY_BACKSPACE '\b'
#define KEY_DEL	      0x7f
#define KEY_ESC	      0x1b

extern const struct shell_command __shell_cmds_start[], __shell_cmds_end[];

#define for_each_command(cmd) for ((cmd) = __shell_cmds_start; (cmd) < __shell_cmds_end; (cmd)++)

const struct shell_command *shell_find(const char *name)
{
	const struct shell_command *cmd;

	for_each_command(cmd)
	{
		if (strcmp(cmd->name, name) == 0)
			return cmd;
	}
	return NULL;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

int shell_tokenize(char *line, char **argv, int max)
{
	int argc = 0;
	char *p = line;

	for (;;) {
		char *out;
		bool quoted = false;

		while (is_blank(*p))
			p++;
		if (!*p)
			return argc;
		if (argc == max)
			return -1;
		/* One word; "double quotes" group blanks, and are removed. */
		argv[argc++] = out = p;
		while (*p && (quoted || !is_blank(*p))) {
			if (*p == '"')
				quoted = !quoted;
			else
				*out++ = *p;
			p++;
		}
		if (*p)
			p++;
		*out = '\0';
	}
}

int shell_execute(char *line)
{
	char *argv[SHELL_MAX_ARGS + 1];
	const struct shell_command *cmd;
	int argc, ret;

	argc = shell_tokenize(line, argv, SHELL_MAX_ARGS);
	if (argc < 0) {
		printk("too many words (at most %d)\n", SHELL_MAX_ARGS);
		return SHELL_ERR_FAILED;
	}
	if (argc == 0)
		return 0;
	argv[argc] = NULL;

	cmd = shell_find(argv[0]);
	if (!cmd) {
		printk("unknown command '%s' (try 'help')\n", argv[0]);
		return SHELL_ERR_FAILED;
	}
	ret = cmd->fn(argc, argv);
	if (ret == SHELL_ERR_USAGE)
		printk("usage: %s\n", cmd->usage);
	return ret;
}

/* Erase n characters before the cursor. */
static void erase(size_t n)
{
	while (n--)
		printk("\b \b");
}

/*
 * Read one line into buf (NUL-terminated). Returns its length, or -1 if
 * it was abandoned with Ctrl-C.
 */
static int read_line(char *buf, size_t size)
{
	static bool after_cr;	 /* persists: the LF of CR LF may start the next call */
	unsigned int escape = 0; /* bytes of an escape sequence still to swallow */
	size_t len = 0;

	for (;;) {
		int c = console_getc();

		if (c == '\n' && after_cr) {
			after_cr = false;
			continue;
		}
		after_cr = c == '\r';

		if (escape) {
			/* ESC [ <params> <final byte 0x40..0x7e> */
			if (escape == 2 || (c >= 0x40 && c <= 0x7e))
				escape--;
			continue;
		}

		switch (c) {
		case '\r':
		case '\n':
			printk("\n");
			buf[len] = '\0';
			return (int)len;
		case KEY_BACKSPACE:
		case KEY_DEL:
			if (len) {
				len--;
				erase(1);
			}
			break;
		case CTRL('U'):
			erase(len);
			len = 0;
			break;
		case CTRL('C'):
			printk("^C\n");
			buf[0] = '\0';
			return -1;
		case KEY_ESC:
			escape = 2;
			break;
		default:
			if (c < ' ' || c > '~')
				break; /* other control characters */
			if (len + 1 >= size) {
				printk("\a"); /* line full */
				break;
			}
			buf[len++] = (char)c;
			printk("%c", c);
			break;
		}
	}
}

static void check_commands(void)
{
	const struct shell_command *cmd;

	for_each_command(cmd)
	{
		if (cmd + 1 < __shell_cmds_end && strcmp(cmd->name, cmd[1].name) == 0)
			pr_warn("shell: command '%s' is registered twice\n", cmd->name);
	}
}

void shell_run(void)
{
	char line[SHELL_MAX_LINE];

	check_commands();
	shell_run_bootargs();
	printk("Type 'help' for a list of commands.\n");
	for (;;) {
		printk("%s", CONFIG_SHELL_PROMPT);
		if (read_line(line, sizeof(line)) >= 0)
			shell_execute(line);
	}
}

static int cmd_help(int argc, char **argv)
{
	const struct shell_command *cmd;

	if (argc > 2)
		return SHELL_ERR_USAGE;
	if (argc == 2) {
		cmd = shell_find(argv[1]);
		if (!cmd) {
			printk("help: no command '%s' (try 'help')\n", argv[1]);
			return SHELL_ERR_FAILED;
		}
		printk("usage: %s\n  %s\n", cmd->usage, cmd->help);
		return 0;
	}
	printk("Commands:\n");
	for_each_command(cmd) printk("  %-10s %s\n", cmd->name, cmd->help);
	printk("'help <command>' shows a command's usage.\n");
	return 0;
}
SHELL_COMMAND(help, "help [command]", "list commands, or show how to use one", cmd_help);
