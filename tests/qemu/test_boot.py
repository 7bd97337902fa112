# SPDX-License-Identifier: GPL-2.0
"""QEMU scenarios: both modes boot every CPU and offer the shell."""
import os
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


@pytest.mark.parametrize("attempt", range(10))
def test_make_run_from_a_pipe(attempt):
    """`make run` works non-interactively: stdin from a pipe. Repeated: the
    typed-ahead input races with the console's switch to interrupts."""
    import signal
    import subprocess
    from conftest import SRCTREE
    objdir = built(NATIVE)
    # Its own process group, so a time-out kills QEMU too, not only make
    # (an orphaned QEMU would keep host.img locked for the next tests).
    p = subprocess.Popen(["make", "--no-print-directory", "-C", SRCTREE,
                          f"O={objdir}", "run"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        # Many lines typed ahead at once: a lost receive interrupt would
        # stall the input part-way (the PL011 driver once acknowledged
        # after draining its FIFO and lost characters that way).
        out, err = p.communicate("version\n" * 30 + "poweroff\n", timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        out, err = p.communicate()
        raise AssertionError(f"make run did not power off:\n{out[-3000:]}\n{err[-2000:]}")
    assert p.returncode == 0, out[-2000:] + err[-2000:]
    assert "Avatar 0.1.0" in out and "native at EL1" in out
    assert out.count("compiler  gcc") == 30, out[-3000:]
    assert "Powering off." in out


def test_make_debug_waits_for_gdb():
    """`make debug` starts QEMU halted with a gdb stub and says how to
    attach; gdb-multiarch can attach and sees the CPU at the reset PC."""
    import shutil
    import socket
    import subprocess
    import time
    from conftest import SRCTREE
    objdir = built(NATIVE)
    with socket.socket() as s:  # a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    p = subprocess.Popen(["make", "--no-print-directory", "-C", SRCTREE,
                          f"O={objdir}", "debug",
                          f"CONFIG_QEMU_GDB_PORT={port}"],
                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True,
                         start_new_session=True)
    try:
        deadline = time.time() + 30
        while time.time() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), 1).close()
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise AssertionError("no gdb stub listening")
        assert shutil.which("gdb-multiarch"), "gdb-multiarch missing"
        g = subprocess.run(["gdb-multiarch", "-batch", "-nx",
                            os.path.join(objdir, "avatar.elf"),
                            "-ex", f"target remote :{port}",
                            "-ex", "p/x $pc", "-ex", "kill"],
                           capture_output=True, text=True, timeout=60)
        # QEMU's boot stub sits at the start of RAM; nothing ran yet.
        assert "= 0x40000000" in g.stdout, g.stdout + g.stderr
    finally:
        import signal
        try:
            os.killpg(p.pid, signal.SIGKILL)  # make, the runner and QEMU
        except ProcessLookupError:
            pass
        out, err = p.communicate(timeout=30)
    assert f"gdb-multiarch {objdir}/avatar.elf -ex 'target remote :{port}'" in err
