#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`make bench-hv`: hypervisor micro-benchmarks in instructions (docs/bench.md).

Configures <objtree>/bench-hv from qemu_virt_hv_defconfig with only the
TestOS guest, its bootargs set to "testos.bench=N" (TestOS's benchmark
mode, guests/testos/bench.c), builds it, boots it on QEMU under -icount
shift=0,sleep=off with -smp 1 (/work/shared/BENCH.md) and waits for the
autostarted TestOS to print its figures and power off. Under icount one
nanosecond of the guest's counter is one executed instruction, so the
nanoseconds TestOS prints are instructions.

    bench-hv.py [--objtree DIR | --objdir DIR] [--iterations N]
"""
import argparse
import os
import re
import sys

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "tests"))
sys.path.insert(0, os.path.join(SRCTREE, "tests", "qemu"))

from conftest import build_variant  # noqa: E402
from console import BOOT_TIMEOUT, Console, ConsoleError  # noqa: E402

DEFAULT_ITERATIONS = 1024  # a multiple of 16: TestOS dithers its stamps over 16 offsets
BENCH_TIMEOUT = 600
ROW = re.compile(r"\[testos\] TestOS: bench (\S+) (?:([\d.]+) ([\d.]+) ns/op \((\d+) x (\d+)\) "
                 r"(.*)|n/a \((.*)\))$", re.M)
# Issue 5 targets, instructions per operation.
TARGETS = {"hvc-null": 150, "mmio-read": 400}


def build(objdir, iterations):
    # Only TestOS (no Linux images to fetch and pack), in benchmark mode.
    build_variant(objdir, "qemu_virt_hv_defconfig", disabled=["GUEST1", "HV_VPL011_REG_PAGE"],
                  GUEST2_BOOTARGS=f'"testos.bench={iterations}"', GUEST2_AUTOSTART="y")


def run(objdir):
    """Boot, let TestOS run its benchmark, return its rows {case: (min, median, runs, what)}."""
    with Console.boot(objdir, smp=1, icount=True) as con:
        try:
            con.expect(r"hv: testos: stopped[^\n]*\n", BOOT_TIMEOUT + BENCH_TIMEOUT)
        except ConsoleError as e:
            sys.exit(f"bench-hv: TestOS did not finish: {e}")
        out = con.output.replace("\r", "")
    fail = re.search(r"TestOS: bench FAIL .*$", out, re.M)
    if fail:
        sys.exit(f"bench-hv: {fail.group(0)}")
    if "TestOS: bench done" not in out:
        sys.exit("bench-hv: TestOS did not run its benchmark; output:\n" + out[-3000:])
    rows = {}
    for m in ROW.finditer(out):
        if m.group(7) is not None:
            rows[m.group(1)] = ("n/a", "n/a", "", m.group(7))
        else:
            rows[m.group(1)] = (m.group(2), m.group(3), f"{m.group(4)} x {m.group(5)}",
                                m.group(6))
    if not rows:
        sys.exit("bench-hv: no results; output:\n" + out[-3000:])
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--objtree", default=os.path.join(SRCTREE, "build"))
    ap.add_argument("--objdir", help="build directory (default: OBJTREE/bench-hv)")
    ap.add_argument("--iterations", type=int, default=DEFAULT_ITERATIONS,
                    help="operations per timed loop (TestOS testos.bench=N)")
    args = ap.parse_args()
    if not 1 <= args.iterations <= 1000000:
        sys.exit("bench-hv: --iterations must be 1..1000000")
    objdir = os.path.abspath(args.objdir or os.path.join(args.objtree, "bench-hv"))
    print(f"bench-hv: building {objdir}", flush=True)
    build(objdir, args.iterations)
    rows = run(objdir)
    print("Hypervisor exits, instructions per operation (QEMU -icount shift=0, cortex-a72, "
          "GICv3, -smp 1; TestOS guest)\n")
    print(f"| {'case':<11} | {'min':>8} | {'median':>8} | {'target':>6} | {'runs':<10} | what")
    print(f"|{'-' * 13}|{'-' * 10}|{'-' * 10}|{'-' * 8}|{'-' * 12}|{'-' * 50}")
    missed = []
    for name, (lo, med, runs, what) in rows.items():
        target = TARGETS.get(name)
        if target is not None and lo != "n/a" and float(lo) > target:
            missed.append(name)
        print(f"| {name:<11} | {lo:>8} | {med:>8} | {target or '':>6} | {runs:<10} | {what}")
    if missed:
        print(f"\nover target: {', '.join(missed)}")
    if any(lo == "n/a" for lo, _, _, _ in rows.values()):
        sys.exit("bench-hv: some cases did not run (n/a above)")


if __name__ == "__main__":
    main()
