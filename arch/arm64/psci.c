// SPDX-License-Identifier: GPL-2.0
/*
 * PSCI client (see <asm/psci.h>). The conduit comes from the device
 * tree's /psci node, "method" = "hvc" or "smc"; QEMU virt uses SMC when
 * it emulates EL2 (virtualization=on) and HVC otherwise.
 *
 * A hypervisor at EL2 cannot use HVC to reach firmware (an HVC from EL2
 * traps to EL2 itself), so that combination is refused.
 *
 * The reboot and poweroff shell commands live here too.
 */
#define pr_fmt(fmt) "psci: " fmt

#include <asm/el.h>
#include <asm/psci.h>
#include <avatar/fdt.h>
#include <avatar/panic.h>
#include <avatar/printk.h>
#include <avatar/shell.h>
#include <avatar/string.h>

static enum psci_conduit conduit = PSCI_CONDUIT_NONE;
static u32 fn_cpu_on = PSCI_0_2_FN64_CPU_ON;

static long psci_call(u32 fn, u64 a1, u64 a2, u64 a3)
{
	switch (conduit) {
	case PSCI_CONDUIT_SMC:
		return smccc_smc(fn, a1, a2, a3);
	case PSCI_CONDUIT_HVC:
		return smccc_hvc(fn, a1, a2, a3);
	default:
		return PSCI_RET_NOT_SUPPORTED;
	}
}

int psci_init(const struct fdt *fdt)
{
	int node = fdt_path_offset(fdt, "/psci");
	const char *method;

	if (node < 0)
		node = fdt_node_by_compatible(fdt, -1, "arm,psci-0.2");
	if (node < 0)
		node = fdt_node_by_compatible(fdt, -1, "arm,psci");
	if (node < 0) {
		pr_err("no /psci node in the device tree: cannot start secondary CPUs or power "
		       "off\n");
		return -1;
	}
	method = fdt_prop_string(fdt, node, "method");
	if (!method) {
		pr_err("/psci has no \"method\" property\n");
		return -1;
	}
	if (strcmp(method, "smc") == 0) {
		conduit = PSCI_CONDUIT_SMC;
	} else if (strcmp(method, "hvc") == 0) {
		if (KERNEL_EL == 2) {
			pr_err("firmware wants PSCI calls by HVC, which a hypervisor at EL2 cannot "
			       "make\n");
			return -1;
		}
		conduit = PSCI_CONDUIT_HVC;
	} else {
		pr_err("unknown PSCI method \"%s\"\n", method);
		return -1;
	}

	/* PSCI 0.1 firmware gives its own function ids. */
	if (!fdt_node_is_compatible(fdt, node, "arm,psci-0.2") &&
	    !fdt_node_is_compatible(fdt, node, "arm,psci-1.0")) {
		u32 id;

		if (fdt_prop_u32(fdt, node, "cpu_on", &id) == 0)
			fn_cpu_on = id;
	}
	return 0;
}

bool psci_available(void)
{
	return conduit != PSCI_CONDUIT_NONE;
}

const char *psci_conduit_name(void)
{
	switch (conduit) {
	case PSCI_CONDUIT_SMC:
		return "smc";
	case PSCI_CONDUIT_HVC:
		return "hvc";
	default:
		return "none";
	}
}

int psci_cpu_on(u64 mpidr, uintptr_t entry, u64 context_id)
{
	return (int)psci_call(fn_cpu_on, mpidr, entry, context_id);
}

const char *psci_strerror(int ret)
{
	switch (ret) {
	case PSCI_RET_SUCCESS:
		return "success";
	case PSCI_RET_NOT_SUPPORTED:
		return "not supported";
	case PSCI_RET_INVALID_PARAMS:
		return "invalid parameters";
	case PSCI_RET_DENIED:
		return "denied";
	case PSCI_RET_ALREADY_ON:
		return "already on";
	case PSCI_RET_ON_PENDING:
		return "on pending";
	case PSCI_RET_INTERNAL_FAILURE:
		return "internal failure";
	case PSCI_RET_NOT_PRESENT:
		return "not present";
	case PSCI_RET_DISABLED:
		return "disabled";
	case PSCI_RET_INVALID_ADDRESS:
		return "invalid address";
	default:
		return "unknown error";
	}
}

void psci_system_off(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_OFF, 0, 0, 0);
}

void psci_system_reset(void)
{
	psci_call(PSCI_0_2_FN_SYSTEM_RESET, 0, 0, 0);
}

static int cmd_poweroff(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("Powering off.\n");
	psci_system_off();
	printk("poweroff failed: PSCI SYSTEM_OFF %s\n",
	       psci_available() ? "returned" : "unavailable (no PSCI)");
	return SHELL_ERR_FAILED;
}
SHELL_COMMAND(poweroff, "poweroff", "switch the machine off (PSCI SYSTEM_OFF)", cmd_poweroff);

static int cmd_reboot(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	printk("Rebooting.\n");
	psci_system_reset();
	printk("reboot failed: PSCI SYSTEM_RESET %s\n",
	       psci_available() ? "returned" : "unavailable (no PSCI)");
	return SHELL_ERR_FAILED;
}
SHELL_COMMAND(reboot, "reboot", "reset the machine (PSCI SYSTEM_RESET)", cmd_reboot);
