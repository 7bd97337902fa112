# SPDX-License-Identifier: GPL-2.0
"""The `bench` command (CONFIG_BENCH) runs and prints a row for every case,
and `scripts/bench-hv.py` (TestOS's benchmark mode under the hypervisor)
prints a row for every hypervisor case. No timing is asserted here:
figures come from `make bench` under QEMU -icount (docs/bench.md)."""
import os
import re
import subprocess

from conftest import CHECK_DIR, PYTHON, SRCTREE, built
from console import BOOT_TIMEOUT, Console

CASES = ("syscall", "yield", "sem", "mutex", "thread", "ipi")


def test_bench_prints_every_row():
    objdir = built("qemu_virt_defconfig", name="qemu_virt_bench",
                   extra="CONFIG_BENCH=y\n")
    with Console.boot(objdir, smp=2) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        out = con.run("bench", timeout=120).replace("\r", "")
        rows = re.findall(r"^bench (\w+) [\d.]+ [\d.]+ instructions/op \(\d+ x \d+\) ",
                          out, re.M)
        assert tuple(rows) == CASES, out
        out = con.run("bench nosuch").replace("\r", "")
        assert "bench: no case 'nosuch'" in out, out


HV_CASES = ("hvc-null", "mmio-read", "vtimer-irq", "vtimer-eoi", "sgi-irq", "sgi-eoi")


def test_bench_hv_short_run():
    """`make bench-hv` in a short mode (64 operations per loop): TestOS's
    benchmark mode runs under the hypervisor, its sanity checks pass (the
    null call returns 0, an emulated register reads right), and every case
    gets a row with plausible figures. No figure is compared with a target
    here: the table in docs/bench.md comes from the full run."""
    objdir = os.path.join(CHECK_DIR, "qemu_virt_hv_bench")
    r = subprocess.run([PYTHON, os.path.join(SRCTREE, "scripts", "bench-hv.py"),
                        "--objdir", objdir, "--iterations", "64"],
                       capture_output=True, text=True, timeout=900)
    assert r.returncode == 0, r.stdout + r.stderr
    rows = dict(re.findall(r"^\| (\S+) +\| +([\d.]+) \| +[\d.]+ \| .*\| 5 x 64 +\|",
                           r.stdout, re.M))
    assert tuple(rows) == HV_CASES, r.stdout
    for name in ("hvc-null", "mmio-read", "vtimer-irq", "sgi-irq"):
        # Each of these leaves the guest at least once: tens of instructions at the very least.
        assert float(rows[name]) >= 20, r.stdout
    # The SGI's EOI and the hardware-mapped timer's EOI (the timer stopped first)
    # do not exit; they still cost their own instruction or so.
    for name in ("vtimer-eoi", "sgi-eoi"):
        assert 0 <= float(rows[name]) < 20, r.stdout


def test_bench_linux_ratios():
    """`make bench-linux`: Linux booted bare and under Avatar, both under
    -icount; the gdbstub breakpoint at run_init_process and QMP
    query-replay give the instruction counts, the guest's printk clock the
    other figure. Both rows are printed with a ratio and their target;
    the ratios are plausible (under Avatar the same boot cannot take less,
    and it is not several times more). Targets are not asserted here."""
    objdir = os.path.join(CHECK_DIR, "qemu_virt_hv_bench_linux")
    r = subprocess.run([PYTHON, os.path.join(SRCTREE, "scripts", "bench-linux.py"),
                        "--objdir", objdir], capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, r.stdout + r.stderr
    clock = re.search(r"^\| guest clock at Run /init \(ms\) +\| +([\d.]+) \| +([\d.]+) \| "
                      r"+([\d.]+) \| <= 1\.004 \|", r.stdout, re.M)
    insns = re.search(r"^\| instructions, power-on to run_init_process +\| +([\d,]+) \| "
                      r"+([\d,]+) \| +([\d.]+) \| <= 1\.15 \|", r.stdout, re.M)
    assert clock and insns, r.stdout
    bare_ms, hv_ms = float(clock.group(1)), float(clock.group(2))
    bare_n, hv_n = (int(insns.group(i).replace(",", "")) for i in (1, 2))
    assert 100 < bare_ms <= hv_ms < 2 * bare_ms, r.stdout
    assert 10**8 < bare_n < hv_n < 3 * bare_n, r.stdout
    assert abs(float(clock.group(3)) - hv_ms / bare_ms) < 1e-3, r.stdout
