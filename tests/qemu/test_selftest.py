# SPDX-License-Identifier: GPL-2.0
"""The in-kernel self tests (CONFIG_SELFTEST, kernel/selftest/): threads,
scheduler and synchronisation, run by the shell command `selftest` on 1, 2
and 4 CPUs with GICv2 and GICv3 (native mode), and once in hypervisor mode.
Every test line must say PASS and the summary must count no failure."""
import re

import pytest

from conftest import built
from console import BOOT_TIMEOUT, Console

SELFTEST = "CONFIG_SELFTEST=y\n"
SELFTEST_TIMEOUT = 180  # the whole suite; QEMU without KVM, several CPUs
TESTS = ("preempt", "rr", "affinity", "mutex", "sem_pc", "cv_pc", "pi",
         "sleep", "timeout", "join", "blk_progress", "memcpy_bulk")
# Native mode only (CONFIG_USER): EL0 processes.
USER_TESTS = ("user_crash", "user_syscall", "user_kill")


def run(con, command, timeout=None):
    """con.run() without the carriage returns (the pty adds its own)."""
    kw = {"timeout": timeout} if timeout else {}
    return con.run(command, **kw).replace("\r", "")


def native(gic):
    if gic == 3:
        return built("qemu_virt_defconfig", name="qemu_virt_selftest",
                     extra=SELFTEST)
    return built("qemu_virt_defconfig", name="qemu_virt_gicv2_selftest",
                 extra=SELFTEST + "CONFIG_GIC_V2=y\n")


def run_selftests(objdir, smp=None, tests=TESTS + USER_TESTS):
    with Console.boot(objdir, smp=smp) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        out = run(con, "selftest", SELFTEST_TIMEOUT)
        results = dict(re.findall(r"^selftest (\w+): (PASS|FAIL.*)$", out, re.M))
        assert set(results) == set(tests), out
        failed = {name: r for name, r in results.items() if r != "PASS"}
        assert not failed, out
        m = re.search(r"^selftest: (\d+) passed, (\d+) failed$", out, re.M)
        assert m and m.group(1) == str(len(tests)) and m.group(2) == "0", out
        # Nothing leaked: the shell is the only thread left.
        ps = run(con, "ps")
        assert re.search(r"^1 threads in use", ps, re.M), ps
        return out


@pytest.mark.parametrize("gic", [2, 3])
@pytest.mark.parametrize("smp", [1, 2, 4])
def test_selftest_native(smp, gic):
    run_selftests(native(gic), smp=smp)


def test_selftest_hypervisor():
    # Without the Linux guest's vCPU threads: the suite counts threads.
    objdir = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_selftest",
                   extra=SELFTEST + "# CONFIG_GUEST1_AUTOSTART is not set\n")
    run_selftests(objdir, tests=TESTS)


def test_selftest_one_by_name_and_unknown_name():
    objdir = native(3)
    with Console.boot(objdir, smp=2) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        out = run(con, "selftest pi", SELFTEST_TIMEOUT)
        assert "selftest pi: PASS" in out and "selftest: 1 passed, 0 failed" in out
        out = run(con, "selftest nosuch")
        assert "selftest: no test 'nosuch'" in out


def test_ps_and_cpus_show_the_scheduler():
    objdir = built("qemu_virt_defconfig")
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        ps = run(con, "ps")
        assert re.search(r"^\s+\d+ shell\s+0 16/16\s+RUNNING\s+\d+\.\d{3}$", ps, re.M), ps
        for cpu in range(4):
            assert re.search(rf"^\s+{cpu} idle/{cpu}\s+{cpu} idle ", ps, re.M), ps
        cpus = run(con, "cpus")
        for cpu in range(4):
            assert re.search(rf"^{cpu}\s+0x{cpu:x}\s+online\s+\d+\s+\d+$", cpus, re.M), cpus
