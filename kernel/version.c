// SPDX-License-Identifier: GPL-2.0
/* The boot banner and the 'version' shell command. */
#include <asm/el.h>
#include <avatar/init.h>
#include <avatar/kconfig.h>
#include <avatar/platform.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/smp.h>
#include <generated/version.h>

#if defined(__clang__)
#define COMPILER_NAME "clang " __clang_version__
#elif defined(__GNUC__)
#define COMPILER_NAME "gcc " __VERSION__
#else
#define COMPILER_NAME __VERSION__
#endif

/* The GIC the kernel is configured for (the device tree's is in 'platform'). */
static const char *configured_gic(void)
{
	if (IS_ENABLED(CONFIG_GIC_V3))
		return "GICv3";
	if (IS_ENABLED(CONFIG_GIC_V2))
		return "GICv2";
	return "no GIC";
}

static const char *banner_gic(void)
{
	return platform.gic != GIC_NONE ? gic_version_name(platform.gic) : configured_gic();
}

void print_banner(void)
{
	printk("Avatar %s (%s at EL%u) \xe2\x80\x94 board %s, %s, %u CPU%s, HZ %d\n",
	       AVATAR_VERSION, KERNEL_MODE_NAME, current_el(), CONFIG_BOARD_NAME, banner_gic(),
	       platform.nr_cpus, platform.nr_cpus == 1 ? "" : "s", CONFIG_HZ);
}

static int cmd_version(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("Avatar %s\n", AVATAR_VERSION);
	printk("  mode      %s at EL%u\n", KERNEL_MODE_NAME, current_el());
	printk("  board     %s (%s)\n", CONFIG_BOARD_NAME, platform.model);
	printk("  GIC       %s (built for %s)\n", gic_version_name(platform.gic), configured_gic());
	printk("  CPUs      %u online, %u in the device tree, CONFIG_NR_CPUS %d\n",
	       num_online_cpus(), platform.nr_dt_cpus, CONFIG_NR_CPUS);
	printk("  HZ        %d\n", CONFIG_HZ);
	printk("  compiler  %s\n", COMPILER_NAME);
	return 0;
}
SHELL_COMMAND(version, "version", "print version and configuration", cmd_version);
