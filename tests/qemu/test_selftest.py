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
         "sleep", "timeout", "wake_race", "join", "blk_progress", "memcpy_bulk")
# Skipped with fewer than 3 CPUs: it needs an idle CPU besides its two threads'.
NEEDS_3_CPUS = ("wake_race",)
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
    skipped = NEEDS_3_CPUS if smp is not None and smp < 3 else ()
    with Console.boot(objdir, smp=smp) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        out = run(con, "selftest", SELFTEST_TIMEOUT)
        results = dict(re.findall(r"^selftest (\w+): (PASS|FAIL.*|SKIP.*)$", out, re.M))
        assert set(results) == set(tests), out
        for name in skipped:
            assert results.pop(name).startswith("SKIP needs 3 CPUs"), out
        failed = {name: r for name, r in results.items() if r != "PASS"}
        assert not failed, out
        m = re.search(r"^selftest: (\d+) passed, (\d+) failed(, (\d+) skipped)?$", out, re.M)
        assert m and m.group(1) == str(len(results)) and m.group(2) == "0", out
        assert int(m.group(4) or 0) == len(skipped), out
        if not skipped:
            # It reports its rounds and how often the race it provokes was met (not
            # asserted: a matter of timing; 3 to 21 per run were seen, docs/testing.md).
            m = re.search(r"^selftest wake_race: \d+ \+ \d+ rounds, .*, (\d+) overtaken", out, re.M)
            assert m, out
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


# The host's HCR_EL2 outside a guest (hypervisor/arch/arm64/switch.c HCR_HOST: RW, AMO, IMO, FMO).
HCR_HOST = 0x80000038


@pytest.mark.parametrize("mode", ["native", "hypervisor"])
def test_exception_dump(mode):
    """`fault` (CONFIG_SELFTEST) takes a data abort in the shell thread: the
    dump names the vector, the syndrome, the faulting address, the thread
    and whether the frame is on its stack; in hypervisor mode also this
    CPU's HCR_EL2/VTTBR_EL2 and the vCPU loaded on it (none: the shell's
    CPU). Then that CPU halts."""
    if mode == "native":
        objdir, el = native(3), "EL1"
    else:
        objdir, el = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_selftest",
                           extra=SELFTEST + "# CONFIG_GUEST1_AUTOSTART is not set\n"), "EL2"
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        con.child.send("fault\r")
        con.expect(r"CPU0 halted\.")
        out = con.output.replace("\r", "")
        assert f"*** Unexpected exception on CPU0 at {el}: Synchronous from current EL " \
               "with SP_ELx" in out, out
        assert re.search(rf"^ESR_{el}  0x[0-9a-f]{{16}}  \(EC 0x25: data abort, ", out, re.M), out
        assert f"FAR_{el}  0xffffffffff000000" in out, out
        m = re.search(r"^thread   \d+ \(shell\), stack 0x([0-9a-f]+)-0x([0-9a-f]+), "
                      r"frame at 0x([0-9a-f]+): on its stack$", out, re.M)
        assert m, out
        lo, hi, frame = (int(g, 16) for g in m.groups())
        assert lo <= frame < hi, out
        assert "disagrees" not in out and "changed while" not in out, out
        if mode == "hypervisor":
            m = re.search(r"^HCR_EL2 0x([0-9a-f]+)  VTTBR_EL2 0x[0-9a-f]+  loaded vCPU: none$",
                          out, re.M)
            assert m and int(m.group(1), 16) == HCR_HOST, out
