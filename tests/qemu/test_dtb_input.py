# SPDX-License-Identifier: GPL-2.0
"""The kernel takes its hardware from the device tree and copes with one
that does not match its configuration: more CPUs than CONFIG_NR_CPUS, no
PL011 node. (QEMU re-adds /memory and /psci to any -dtb, so those cases
are covered by the FDT unit tests instead.)"""
import subprocess

from conftest import built
from console import BOOT_TIMEOUT, Console


def test_more_cpus_than_configured():
    objdir = built("qemu_virt_defconfig")  # CONFIG_NR_CPUS=4
    with Console.boot(objdir, smp=8) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "device tree lists 8 CPUs, CONFIG_NR_CPUS is 4: ignoring 4 of them" \
            in con.output, con.output
        assert "All 4 CPUs online" in con.output
        assert "4 online, 8 in the device tree" in con.run("version")


def test_device_tree_without_pl011(tmp_path):
    objdir = built("qemu_virt_defconfig")
    dtb = str(tmp_path / "virt.dtb")
    subprocess.run(["qemu-system-aarch64", "-M", f"virt,gic-version=3,dumpdtb={dtb}",
                    "-cpu", "cortex-a72", "-smp", "4", "-m", "512M", "-display", "none",
                    "-nic", "none"], check=True, capture_output=True)
    subprocess.run(["fdtput", "-r", dtb, "/pl011@9000000"], check=True)
    subprocess.run(["fdtput", "-d", dtb, "/chosen", "stdout-path"], check=True)
    with Console.boot(objdir, extra_args=["-dtb", dtb]) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "no PL011 in the device tree, console stays at 0x9000000" in con.output
        assert "Console: PL011 at 0x9000000 (board default)" in con.output
        assert "Avatar 0.1.0" in con.run("version")
