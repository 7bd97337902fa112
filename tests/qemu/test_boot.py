# SPDX-License-Identifier: GPL-2.0
"""QEMU scenarios: both modes boot every CPU and offer the shell."""
import re

import pytest

from conftest import built
from console import BOOT_TIMEOUT, Console

HV = "qemu_virt_hv_defconfig"
HV_V2 = "qemu_virt_gicv2_hv_defconfig"
NATIVE = "qemu_virt_defconfig"


def boot_to_prompt(objdir, **kw):
    con = Console.boot(objdir, **kw)
    con.expect_prompt(BOOT_TIMEOUT)
    return con


@pytest.mark.parametrize("defconfig, el, gic", [
    (HV, 2, "GICv3"), (HV_V2, 2, "GICv2"), (NATIVE, 1, "GICv3")])
def test_boots_all_cpus_and_runs_shell(defconfig, el, gic):
    objdir = built(defconfig)
    with boot_to_prompt(objdir) as con:
        boot = con.output
        mode = "hypervisor" if el == 2 else "native"
        assert re.search(rf"Avatar 0\.1\.0 \({mode} at EL{el}\)", boot), boot
        assert gic in boot and "4 CPUs" in boot
        for cpu in (1, 2, 3):
            assert re.search(rf"CPU{cpu}: online at EL{el}", boot), boot
        assert "All 4 CPUs online" in boot

        out = con.run("help")
        for cmd in ("help", "version"):
            assert re.search(rf"^\s*{cmd}\b", out, re.M), out
        out = con.run("version")
        assert "Avatar 0.1.0" in out and f"EL{el}" in out and gic in out
        out = con.run("frobnicate --now")
        assert "unknown command 'frobnicate' (try 'help')" in out
        # The shell is still there after a bad command.
        assert "Avatar 0.1.0" in con.run("version")


def test_native_single_cpu():
    objdir = built(NATIVE)
    with boot_to_prompt(objdir, smp=1) as con:
        assert "All 1 CPUs online" in con.output or \
            "All 1 CPU online" in con.output


def test_hypervisor_lists_the_generated_guest_table():
    objdir = built(HV)
    with boot_to_prompt(objdir) as con:
        out = con.run("guest list")
        assert re.search(r"linux\s+Linux\s+2\s+256 MiB", out), out
        assert re.search(r"testos\s+TestOS\s+1\s+32 MiB", out), out
        out = con.run("guest info linux")
        assert "/guests/linux/Image" in out and "console=ttyAMA0" in out
        out = con.run("guest info nosuch")
        assert "no guest 'nosuch'" in out


def test_hypervisor_refuses_to_run_at_el1():
    """The hypervisor image booted without virtualization=on says why."""
    objdir = built(HV)
    con = Console.boot(objdir, mode="native")
    with con:
        con.expect("needs EL2", BOOT_TIMEOUT)


def test_poweroff_exits_qemu():
    objdir = built(NATIVE)
    with boot_to_prompt(objdir, smp=2) as con:
        con.child.send("poweroff\r")
        assert con.wait_exit(BOOT_TIMEOUT) == 0
