# SPDX-License-Identifier: GPL-2.0
"""An unmodified Linux guest boots under the hypervisor
(qemu_virt_hv_defconfig: Debian's arm64 cloud kernel and the busybox
initramfs in a 2-vCPU, 256 MiB VM, next to TestOS).

Both guests autostart. Linux brings up its second vCPU with PSCI CPU_ON,
takes its timer and IPIs through the vGICv3, finds the initrd through the
linux,initrd-start/-end the loader wrote into its DTB, runs /init and
starts the busybox shell; its console lines come out prefixed with
"[linux]". Meanwhile TestOS passes its checks, and the hypervisor shell
answers: `guest list` shows Linux running. `guest stop linux` prints the
shell prompt still in the emulated UART's line buffer (the prompt ends no
line), stops the VM and gives its RAM back; `guest start linux` boots it
again. With `avatar.poweroff` in its bootargs, its poweroff (PSCI
SYSTEM_OFF) stops only its VM.

On `-cpu max` (SVE, pointer authentication, MTE, ... in the hardware) the
guest's ID registers hide what the hypervisor traps and does not switch,
so Linux does not use it and boots the same."""
import re

from conftest import built
from console import BOOT_TIMEOUT, Console

LINUX_TIMEOUT = 240  # TCG: tens of seconds alone, more on a loaded machine
PROMPT = r"\[linux\] avatar:/root# "  # PS1 of guests/linux/init ('avatar:\w# ')


def guest_state(con, name):
    out = con.run("guest list")
    m = re.search(rf"^\d+\s+{name}\s.*\s(\w+)\s*$", out, re.M)
    assert m, out
    return m.group(1)


def free_pages(con):
    m = re.search(r"pages: (\d+) total, (\d+) free", con.run("mem"))
    assert m
    return int(m.group(2))


def test_hv_linux_boots_to_its_shell():
    objdir = built("qemu_virt_hv_defconfig")
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "hv: linux: started (2 vCPUs, 256 MiB)" in con.output, con.output
        con.expect(r"\[linux\] Enter 'help' for a list of built-in commands", LINUX_TIMEOUT)
        log = con.output
        assert "[linux] [    0.000000] Booting Linux on physical CPU 0x0000000000" in log
        # The DTB the loader fixed up: its RAM, its bootargs, its initrd.
        assert re.search(r"\[linux\] .*Machine model: Avatar guest", log), log
        assert re.search(r"\[linux\] .*node   0: \[mem 0x0000000040000000-"
                         r"0x000000004fffffff\]", log), log
        assert re.search(r"\[linux\] .*Kernel command line: console=ttyAMA0 "
                         r"earlycon=pl011,0x09000000", log), log
        assert re.search(r"\[linux\] .*Trying to unpack rootfs image as initramfs", log), log
        assert not re.search(r"\[linux\] .*(Initramfs unpacking failed|Kernel panic)", log)
        # The vGICv3 and the second vCPU.
        assert re.search(r"\[linux\] .*GICv3: CPU1: found redistributor 1", log), log
        assert re.search(r"\[linux\] .*SMP: Total of 2 processors activated", log), log
        assert re.search(r"\[linux\] .*arch_timer: cp15 timer\(s\) running at "
                         r"62\.50MHz \(virt\)", log), log
        assert re.search(r"\[linux\] .*Run /init as init process", log), log
        assert "[linux] Avatar Linux guest: 6.1.0" in log and "2 CPU(s)" in log, log
        assert "[linux] Avatar Linux guest: init done" in log, log
        assert re.search(r"\[linux\] BusyBox v\S+ .* built-in shell \(ash\)", log), log

        # TestOS ran alongside and passed everything.
        if "hv: testos: stopped" not in con.output:  # it may have finished first
            con.expect(r"hv: testos: stopped \(PSCI SYSTEM_OFF\)", LINUX_TIMEOUT)
        log = con.output
        assert "hv: testos: stopped (PSCI SYSTEM_OFF)" in log, log
        assert re.search(r"\[testos\] TestOS: \d+ passed, 0 failed", log), log
        assert "FAIL" not in log, log

        # The hypervisor shell answers; Linux keeps running.
        assert "Avatar" in con.run("version")
        assert guest_state(con, "linux") == "running"
        assert guest_state(con, "testos") == "stopped"
        out = con.run("guest log linux")
        assert "Run /init as init process" in out and "[linux]" not in out, out
        busy = free_pages(con)

        # Stopping it flushes the prompt line and gives the RAM back.
        con.run("guest stop linux")
        assert re.search(PROMPT, con.output), con.output[-2000:]
        assert "hv: linux: stopped (stopped from the shell)" in con.output
        assert guest_state(con, "linux") == "stopped"
        assert free_pages(con) > busy + 60000  # 256 MiB = 65536 pages
        assert "Avatar" in con.run("version")

        # Started again: a new VM, booted from scratch.
        start = len(con.output)
        assert "hv: linux: started (2 vCPUs, 256 MiB)" in con.run("guest start linux")
        con.expect(r"\[linux\] Enter 'help' for a list of built-in commands", LINUX_TIMEOUT)
        log = con.output[start:]
        assert re.search(r"\[linux\] .*SMP: Total of 2 processors activated", log), log
        assert "[linux] Avatar Linux guest: init done" in log, log
        assert guest_state(con, "linux") == "running"


def test_hv_linux_powers_off():
    """Linux's own poweroff is PSCI SYSTEM_OFF: it stops that VM only."""
    objdir = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_linux_poweroff",
                   extra='CONFIG_GUEST1_BOOTARGS="console=ttyAMA0 rdinit=/init '
                         'avatar.poweroff"\n# CONFIG_GUEST2_AUTOSTART is not set\n')
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        if "hv: linux: stopped" not in con.output:
            con.expect(r"hv: linux: stopped \(PSCI SYSTEM_OFF\)", LINUX_TIMEOUT)
        log = con.output
        assert "[linux] Avatar Linux guest: powering off (avatar.poweroff)" in log, log
        assert re.search(r"\[linux\] .*Kernel command line: console=ttyAMA0 rdinit=/init "
                         r"avatar.poweroff", log), log
        assert guest_state(con, "linux") == "stopped"
        assert "Avatar" in con.run("version")


def test_hv_linux_on_cpu_max():
    objdir = built("qemu_virt_hv_defconfig")
    with Console.boot(objdir, cpu="max") as con:
        con.expect_prompt(BOOT_TIMEOUT)
        con.expect(r"\[linux\] Enter 'help' for a list of built-in commands", LINUX_TIMEOUT)
        if "hv: testos: stopped" not in con.output:
            con.expect(r"hv: testos: stopped \(PSCI SYSTEM_OFF\)", LINUX_TIMEOUT)
        log = con.output
        assert re.search(r"\[linux\] .*SMP: Total of 2 processors activated", log), log
        assert "[linux] Avatar Linux guest: init done" in log, log
        # Without ID register sanitising it took an undefined instruction
        # reading ZCR_EL1 (SVE) and died.
        assert "unhandled exit" not in log and "Oops" not in log, log
        features = "\n".join(re.findall(r"\[linux\] .*CPU features: detected: .*", log))
        assert "SVE" not in log and "authentication" not in features, features
        assert re.search(r"\[testos\] TestOS: \d+ passed, 0 failed", log), log
        assert guest_state(con, "linux") == "running"
