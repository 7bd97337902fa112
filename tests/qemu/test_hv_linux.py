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
so Linux does not use it and boots the same.

At its prompt, through `guest attach linux` (one boot per GIC version,
GICv3 and GICv2): `uname -a`, `cat /proc/cpuinfo` (2 processors), `ls /`,
`/proc/interrupts` (timer and IPIs on both vCPUs; the UART moved to vCPU 1
by its smp_affinity, which Linux writes to GICD_IROUTER / GICD_ITARGETSR);
`devmem` outside its RAM and into the GIC wrongly (with `iomem=relaxed`)
is reported by the hypervisor and reads as zero / is ignored, Linux and
TestOS (in console mode) go on; Ctrl-] back to the shell, which answers.
A second Linux VM boots beside the first and stops alone."""
import re

import pytest

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


# --- At the Linux prompt through the console mux (both GIC versions) ---

ESCAPE = "\x1d"  # Ctrl-]
RAW_PROMPT = "avatar:/root# "  # attached: the guest's output raw, no prefix
SHELL_BOOTARGS = ('CONFIG_GUEST1_BOOTARGS="console=ttyAMA0 earlycon=pl011,0x09000000 '
                  'rdinit=/init iomem=relaxed"\n'  # devmem may map the GIC (below)
                  'CONFIG_GUEST2_BOOTARGS="testos.console"\n')  # TestOS stays up
RAM_END = 0x50000000  # the guest's 256 MiB from 0x40000000
GICD = 0x08000000
GICD_TYPER = GICD + 0x4
UART_INTID = 33


def type_line(con, line):
    for ch in line + "\r":  # a person types; the vPL011 FIFO holds 32
        con.child.send(ch)


def attach(con, name):
    """Attach; its prompt line (unfinished, kept by the vPL011) is shown."""
    type_line(con, f"guest attach {name}")
    con.expect(rf"attached to guest '{name}'; press Ctrl-\] to return")
    con.expect(re.escape(RAW_PROMPT))


def detach(con, name):
    con.child.send(ESCAPE)
    con.expect(rf"detached from guest '{name}'\r*\n")
    con.expect_prompt()


def linux_run(con, line, timeout=60):
    """Type a command at the attached Linux shell; return its output (the
    echo of the command line removed, hypervisor messages kept)."""
    type_line(con, line)
    out = con.expect(re.escape(RAW_PROMPT), timeout)
    out = re.sub(r"\x1b\[6n", "", out.replace("\r", ""))  # ash asks for the cursor
    # A kernel message (before `dmesg -n 1`) may land inside the echo.
    out = re.sub(r"\[ *\d+\.\d+\] [^\n]*\n", "", out)
    assert line in out, out
    return out.split(line, 1)[1].lstrip("\n")


def devmem(con, addr, width=32, value=None):
    """busybox devmem through /dev/mem: the value read (None for a write),
    and all it printed."""
    cmd = f"devmem {addr:#x} {width}" + ("" if value is None else f" {value:#x}")
    out = linux_run(con, cmd)
    if value is not None:
        return None, out
    m = re.search(r"^0x([0-9A-Fa-f]+)$", out, re.M)
    assert m, out
    return int(m.group(1), 16), out


def interrupts(con):
    """/proc/interrupts: {name: [count on CPU0, count on CPU1]}, and the
    Linux irq number of the UART."""
    out = linux_run(con, "cat /proc/interrupts")
    counts, uart_irq = {}, None
    for line in out.splitlines():
        m = re.match(r"\s*(\w+):\s+(\d+)\s+(\d+)\s+(.*)$", line)
        if not m:
            continue
        name = m.group(4).split()[-1] if m.group(1).isdigit() else m.group(1)
        counts[name] = [int(m.group(2)), int(m.group(3))]
        if name == "uart-pl011":
            uart_irq = int(m.group(1))
            assert re.search(rf"\b{UART_INTID} Level", m.group(4)), line
    assert "arch_timer" in counts and uart_irq is not None, out
    return counts, uart_irq


@pytest.mark.parametrize("defconfig, gic", [("qemu_virt_hv_defconfig", 3),
                                            ("qemu_virt_gicv2_hv_defconfig", 2)])
def test_hv_linux_shell_commands(defconfig, gic):
    """One boot per GIC version: Linux's busybox shell through `guest
    attach linux` runs commands on its 2 vCPUs, its UART interrupt moves
    between them (GICD_IROUTER / GICD_ITARGETSR), bad accesses from it are
    reported and contained, TestOS answers beside it, Ctrl-] gives the
    hypervisor shell back."""
    name = defconfig.replace("_defconfig", "_linux_shell")
    objdir = built(defconfig, name=name, extra=SHELL_BOOTARGS)
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        for pattern in [r"\[linux\] Enter 'help' for a list of built-in commands",
                        r"\[testos\] TestOS: console mode"]:
            if not re.search(pattern, con.output):
                con.expect(pattern, LINUX_TIMEOUT)
        log = con.output
        assert re.search(r"\[linux\] .*SMP: Total of 2 processors activated", log), log
        assert re.search(r"\[testos\] TestOS: \d+ passed, 0 failed", log), log
        # Linux's GIC driver at boot touches only registers the vGIC has.
        assert not re.search(r"hv: linux: .*no such register", log), log

        attach(con, "linux")
        linux_run(con, "dmesg -n 1")  # no kernel messages between the lines

        out = linux_run(con, "uname -a")
        assert re.search(r"^Linux avatar 6\.1\.\S+ #1 SMP .* aarch64 GNU/Linux$", out, re.M), out
        out = linux_run(con, "cat /proc/cpuinfo")
        assert re.findall(r"^processor\s*: (\d+)$", out, re.M) == ["0", "1"], out
        assert re.search(r"^CPU part\s*: 0xd08$", out, re.M), out  # cortex-a72
        out = linux_run(con, "ls /")
        for entry in ["bin", "dev", "etc", "init", "proc", "root", "sbin", "sys", "usr"]:
            assert re.search(rf"(^|\s){entry}(\s|$)", out), out

        # Timer and IPIs (SGIs) on both vCPUs; the UART on vCPU 0.
        before, irq = interrupts(con)
        chip = "GICv3" if gic == 3 else "GIC-0"
        assert re.search(rf"{chip}\s+{UART_INTID} Level", linux_run(con, "cat /proc/interrupts"))
        for _ in range(3):
            linux_run(con, "echo typed-on-cpu0")
        # The UART to vCPU 1: Linux writes the SPI's route.
        linux_run(con, f"echo 2 > /proc/irq/{irq}/smp_affinity")
        if gic == 3:  # GICD_IROUTER33: Aff0 = 1
            assert devmem(con, GICD + 0x6000 + 8 * UART_INTID, 64)[0] == 1
        else:  # GICD_ITARGETSR byte of INTID 33: CPU 1
            assert devmem(con, GICD + 0x800 + UART_INTID, 8)[0] == 0b10
        moved, _ = interrupts(con)
        for _ in range(3):
            assert "typed-on-cpu1" in linux_run(con, "echo typed-on-cpu1")
        after, _ = interrupts(con)
        for cpu in (0, 1):
            assert after["arch_timer"][cpu] > before["arch_timer"][cpu], (before, after)
            assert after["IPI1"][cpu] + after["IPI0"][cpu] > 0, after
        assert before["uart-pl011"][0] > 0, before
        # Three lines typed (13 characters and a return each) on vCPU 1.
        assert after["uart-pl011"][1] - moved["uart-pl011"][1] >= 3, (moved, after)
        assert after["uart-pl011"][0] == moved["uart-pl011"][0], (moved, after)

        # Bad input from the guest: reported, contained, the guest goes on.
        # Outside its RAM: reads as zero, writes ignored.
        value, out = devmem(con, RAM_END)
        assert value == 0 and (f"hv: linux: 4-byte read at IPA {RAM_END:#x}: no RAM or "
                               "device there (reads as zero)") in out, out
        _, out = devmem(con, RAM_END, 32, 0x12345678)
        assert f"hv: linux: 4-byte write at IPA {RAM_END:#x}: no RAM or device there " \
               "(ignored)" in out, out
        assert devmem(con, RAM_END)[0] == 0
        # The GIC poked wrongly: a read-only register written, a byte read
        # of a word-only register, a register that is not there.
        typer = devmem(con, GICD_TYPER)[0]
        devmem(con, GICD_TYPER, 32, 0)
        assert devmem(con, GICD_TYPER)[0] == typer != 0
        value, out = devmem(con, GICD, 8)
        assert value == 0 and "hv: linux: 1-byte read at GICD offset 0x0: no such register " \
               "or a bad width (reads as zero)" in out, out
        _, out = devmem(con, GICD + 0xfff0, 32, 1)
        assert "hv: linux: 4-byte write at GICD offset 0xfff0: no such register or a bad " \
               "width (ignored)" in out, out
        if gic == 3:
            # The redistributor of a third vCPU, which the VM does not have.
            value, out = devmem(con, 0x080a0000 + 2 * 0x20000)
            assert value == 0 and "no RAM or device there" in out, out
            # GICD_IROUTER naming a vCPU that does not exist: vCPU 0 takes it.
            devmem(con, GICD + 0x6000 + 8 * UART_INTID, 64, 7)
        else:
            # GICD_ITARGETSR: CPUs that do not exist are not kept (IHI 0048B 4.3.12).
            devmem(con, GICD + 0x800 + UART_INTID, 8, 0xff)
            assert devmem(con, GICD + 0x800 + UART_INTID, 8)[0] == 0b11
        assert "still-answering" in linux_run(con, "echo still-answering")

        detach(con, "linux")
        assert "Avatar" in con.run("version")
        assert guest_state(con, "linux") == "running"
        assert guest_state(con, "testos") == "running"
        # TestOS, beside it all along, still answers.
        type_line(con, "guest attach testos")
        con.expect(r"attached to guest 'testos'")
        type_line(con, "echo testos-still-here")
        con.expect(r"\ntestos-still-here\r*\n")
        detach(con, "testos")
        assert "Oops" not in con.output and "unhandled" not in con.output, con.output
        assert "Avatar" in con.run("version")


def test_hv_two_linux_guests():
    """A second Linux VM (1 vCPU, 128 MiB, the same images) boots beside the
    first: each its own shell, CPUs and RAM; stopping one leaves the other
    running."""
    objdir = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_two_linux",
                   extra='CONFIG_GUEST3=y\nCONFIG_GUEST3_NAME="linux2"\n'
                         'CONFIG_GUEST3_TYPE_LINUX=y\nCONFIG_GUEST3_VCPUS=1\n'
                         'CONFIG_GUEST3_MEM_MB=128\n')
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        con.wait_guests_stopped(LINUX_TIMEOUT)  # both shells up, TestOS done
        log = con.output
        assert "hv: linux2: started (1 vCPU, 128 MiB)" in log, log
        assert re.search(r"\[linux2\] .*node   0: \[mem 0x0000000040000000-"
                         r"0x0000000047ffffff\]", log), log
        assert "[linux2] Avatar Linux guest: 6.1.0" in log and "1 CPU(s)" in log, log
        assert "[linux] Avatar Linux guest: 6.1.0" in log and "2 CPU(s)" in log, log
        assert guest_state(con, "linux") == guest_state(con, "linux2") == "running"

        attach(con, "linux2")
        linux_run(con, "dmesg -n 1")
        out = linux_run(con, "cat /proc/cpuinfo")
        assert re.findall(r"^processor\s*: (\d+)$", out, re.M) == ["0"], out
        out = linux_run(con, "grep MemTotal /proc/meminfo")
        m = re.search(r"MemTotal:\s+(\d+) kB", out)
        assert m and 90 * 1024 < int(m.group(1)) <= 128 * 1024, out
        linux_run(con, "echo only-in-linux2 > /tmp/mark")
        detach(con, "linux2")

        attach(con, "linux")
        linux_run(con, "dmesg -n 1")
        out = linux_run(con, "cat /proc/cpuinfo")
        assert re.findall(r"^processor\s*: (\d+)$", out, re.M) == ["0", "1"], out
        out = linux_run(con, "cat /tmp/mark")  # another VM's file system
        assert "No such file" in out and "only-in-linux2" not in out, out
        detach(con, "linux")

        con.run("guest stop linux2")
        assert "hv: linux2: stopped (stopped from the shell)" in con.output
        assert guest_state(con, "linux2") == "stopped"
        assert guest_state(con, "linux") == "running"
        attach(con, "linux")
        assert "still-here" in linux_run(con, "echo still-here")
        detach(con, "linux")
        assert "Avatar" in con.run("version")
