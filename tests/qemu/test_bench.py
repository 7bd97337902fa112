# SPDX-License-Identifier: GPL-2.0
"""The `bench` command (CONFIG_BENCH) runs and prints a row for every case.
No timing is asserted here: figures come from `make bench` under QEMU
-icount (docs/bench.md); this build runs in real time."""
import re

from conftest import built
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
