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
    for name in ("hvc-null", "mmio-read", "vtimer-irq", "vtimer-eoi", "sgi-irq"):
        # Each of these leaves the guest at least once: tens of instructions at the very least.
        assert float(rows[name]) >= 20, r.stdout
    # The SGI's EOI does not exit; it still costs its own instruction or so.
    assert 0 <= float(rows["sgi-eoi"]) < 20, r.stdout
