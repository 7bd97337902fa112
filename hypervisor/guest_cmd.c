// SPDX-License-Identifier: GPL-2.0
/*
 * The 'guest' shell command: the guests of the generated guest table.
 *
 *	guest list		one line per guest, with its state
 *	guest info <id>		everything the table says about one guest
 *	guest start <id>	load it and start its vCPUs
 *	guest stop <id>		stop its vCPUs, free its RAM and VMID
 *	guest validate <id>	every check of the loader, nothing started
 *	guest log <id>		the last output of the guest (its ring buffer)
 *	guest attach <id>	the console to the guest until Ctrl-] (console_mux.h)
 *	guest stats <id>	its exits so far: by exception class, MMIO device, sysreg
 *
 * <id> is the index shown by 'guest list' or the guest's name.
 */
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/sprintf.h>
#include <avatar/string.h>
#include <hypervisor/console_mux.h>
#include <hypervisor/exit_stats.h>
#include <hypervisor/guest_config.h>
#include <hypervisor/guest_manifest.h>
#include <hypervisor/guest_log.h>
#include <hypervisor/loader.h>
#include <hypervisor/vm.h>
#include <hypervisor/vm_reset.h>

#define MiB (1024ULL * 1024ULL)

/* "any" or the CPU mask in hex, into buf. */
static const char *guest_affinity_str(uint64_t mask, char *buf, size_t size)
{
	if (!mask)
		return "any";
	snprintf(buf, size, "0x%llx", (unsigned long long)mask);
	return buf;
}

static int guest_cmd_list(void)
{
	if (!guest_table.count) {
		printk("no guests configured (make menuconfig, Guests)\n");
		return 0;
	}
	printk("%-3s %-16s %-7s %5s %9s %-9s %-9s %s\n", "ID", "NAME", "TYPE", "VCPUS", "MEMORY",
	       "AFFINITY", "AUTOSTART", "STATE");
	for (unsigned int i = 0; i < guest_table.count; i++) {
		const struct guest_config *g = &guest_table.guests[i];
		char mask[20];

		printk("%-3u %-16s %-7s %5u %5llu MiB %-9s %-9s %s\n", i, g->name,
		       guest_type_name(g->type), g->nr_vcpus,
		       (unsigned long long)(g->ram_size / MiB),
		       guest_affinity_str(g->cpu_affinity, mask, sizeof(mask)),
		       g->autostart ? "yes" : "no", vm_state_name(vm_state(g)));
	}
	return 0;
}

static void guest_print_path(const char *what, const char *path)
{
	printk("  %-10s %s\n", what, path ? path : "(none)");
}

static int guest_cmd_info(const char *id)
{
	const struct guest_config *g = guest_config_find(id);
	char mask[20];

	if (!g) {
		printk("guest: no guest '%s' (see 'guest list')\n", id);
		return -1;
	}
	printk("guest %u: %s\n", guest_config_index(g), g->name);
	if (g->manifest_line)
		printk("  %-10s %s (manifest %s line %u)\n", "type", guest_type_name(g->type),
		       GUEST_MANIFEST_PATH, g->manifest_line);
	else
		printk("  %-10s %s (Kconfig slot %u)\n", "type", guest_type_name(g->type), g->slot);
	printk("  %-10s %u\n", "vcpus", g->nr_vcpus);
	printk("  %-10s %llu MiB at 0x%llx-0x%llx\n", "memory",
	       (unsigned long long)(g->ram_size / MiB), (unsigned long long)g->ram_base,
	       (unsigned long long)(g->ram_base + g->ram_size - 1));
	printk("  %-10s %s\n", "affinity", guest_affinity_str(g->cpu_affinity, mask, sizeof(mask)));
	printk("  %-10s %s\n", "autostart", g->autostart ? "yes" : "no");
	printk("  %-10s %s\n", "state", vm_state_name(vm_state(g)));
	printk("  %-10s %u (PSCI SYSTEM_RESET calls since the host started)\n", "resets",
	       vm_reset_count(g));
	guest_print_path("kernel", g->kernel_path);
	guest_print_path("initrd", g->initrd_path);
	guest_print_path("dtb", g->dtb_path);
	printk("  %-10s %s\n", "bootargs", g->bootargs[0] ? g->bootargs : "(none)");
	printk("  %-10s load 0x%llx, entry 0x%llx, dtb ", "addresses",
	       (unsigned long long)g->load_addr, (unsigned long long)g->entry);
	if (g->dtb_addr)
		printk("0x%llx\n", (unsigned long long)g->dtb_addr);
	else
		printk("chosen by the loader\n");
	return 0;
}

static int guest_cmd_start_stop(const char *id, bool start)
{
	const struct guest_config *g = guest_config_find(id);

	if (!g) {
		printk("guest: no guest '%s' (see 'guest list')\n", id);
		return SHELL_ERR_FAILED;
	}
	if (start ? vm_start(g) : vm_stop(g))
		return SHELL_ERR_FAILED;
	return 0;
}

static int guest_cmd_validate(const struct guest_config *g)
{
	struct guest_plan p;

	if (guest_plan(g, &p)) {
		printk("guest: %s: validation failed\n", g->name);
		return SHELL_ERR_FAILED;
	}
	printk("guest %s: kernel %s: %s, %llu bytes, at 0x%llx-0x%llx, entry 0x%llx\n", g->name,
	       g->kernel_path, guest_kernel_format_name(p.format),
	       (unsigned long long)p.kernel_size, (unsigned long long)p.kernel_start,
	       (unsigned long long)(p.kernel_end - 1), (unsigned long long)p.entry);
	for (unsigned int i = 0; i < p.nr_segments; i++)
		printk("  segment %u: 0x%llx, %llu bytes from the file, %llu in RAM\n", i,
		       (unsigned long long)p.segments[i].ipa,
		       (unsigned long long)p.segments[i].filesz,
		       (unsigned long long)p.segments[i].memsz);
	if (p.initrd_size)
		printk("guest %s: initrd %s: %llu bytes at 0x%llx\n", g->name, g->initrd_path,
		       (unsigned long long)p.initrd_size, (unsigned long long)p.initrd_addr);
	if (p.dtb)
		printk("guest %s: dtb %s: ok, %u bytes at 0x%llx (/memory 0x%llx+0x%llx, %u "
		       "CPU%s)\n",
		       g->name, g->dtb_path, p.dtb_size, (unsigned long long)p.dtb_addr,
		       (unsigned long long)g->ram_base, (unsigned long long)g->ram_size,
		       g->nr_vcpus, g->nr_vcpus == 1 ? "" : "s");
	printk("guest %s: ok\n", g->name);
	guest_plan_free(&p);
	return 0;
}

static int guest_cmd_log(const struct guest_config *g)
{
	if (!guest_log_print(guest_config_index(g)))
		printk("guest: %s: no output yet\n", g->name);
	return 0;
}

/* validate / log <id> */
static int guest_cmd_inspect(const char *id, bool validate)
{
	const struct guest_config *g = guest_config_find(id);

	if (!g) {
		printk("guest: no guest '%s' (see 'guest list')\n", id);
		return SHELL_ERR_FAILED;
	}
	return validate ? guest_cmd_validate(g) : guest_cmd_log(g);
}

static int guest_cmd_attach(const char *id)
{
	const struct guest_config *g = guest_config_find(id);

	if (!g) {
		printk("guest: no guest '%s' (see 'guest list')\n", id);
		return SHELL_ERR_FAILED;
	}
	return console_mux_attach(g) ? SHELL_ERR_FAILED : 0;
}

static int guest_cmd_stats(const char *id)
{
	const struct guest_config *g = guest_config_find(id);
	struct vm *vm;

	if (!g) {
		printk("guest: no guest '%s' (see 'guest list')\n", id);
		return SHELL_ERR_FAILED;
	}
	vm = vm_get(g);
	if (!vm) {
		printk("guest: %s is not running (statistics are kept while it runs)\n", g->name);
		return SHELL_ERR_FAILED;
	}
	vm_exit_stats_print(vm);
	vm_put(vm);
	return 0;
}

static int cmd_guest(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "list"))
		return guest_cmd_list();
	if (argc == 3 && !strcmp(argv[1], "info"))
		return guest_cmd_info(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "start"))
		return guest_cmd_start_stop(argv[2], true);
	if (argc == 3 && !strcmp(argv[1], "stop"))
		return guest_cmd_start_stop(argv[2], false);
	if (argc == 3 && !strcmp(argv[1], "validate"))
		return guest_cmd_inspect(argv[2], true);
	if (argc == 3 && !strcmp(argv[1], "log"))
		return guest_cmd_inspect(argv[2], false);
	if (argc == 3 && !strcmp(argv[1], "attach"))
		return guest_cmd_attach(argv[2]);
	if (argc == 3 && !strcmp(argv[1], "stats"))
		return guest_cmd_stats(argv[2]);
	return SHELL_ERR_USAGE;
}

SHELL_COMMAND(guest,
	      "guest list | info <id> | start <id> | stop <id> | validate <id> | log <id> | "
	      "attach <id> | stats <id>",
	      "guests of the generated guest table: show, start, stop, check, output, console "
	      "(Ctrl-] returns), exit statistics",
	      cmd_guest);
