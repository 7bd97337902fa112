#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Run the in-kernel microbenchmarks (`bench`, CONFIG_BENCH) on QEMU under
-icount shift=0 (scripts/run-qemu.sh --icount) and print one table.

BENCH.md: under icount one nanosecond of guest time is one executed
instruction. Everything runs with -smp 1 (a spinning CPU would starve the
others under single-threaded icount), except the IPI round trip, which
needs a second CPU and gets its own boot with -smp 2 (the waiter uses
WFE, which lets the other CPU run).

Usage: bench.py OBJDIR      (a native build with CONFIG_BENCH=y)
"""
import os
import re
import sys

import pexpect

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TIMEOUT = 300
ROW = re.compile(r"^bench (\w+) (?:([\d.]+) ([\d.]+) instructions/op \((\d+) x (\d+)\) (.*)"
                 r"|n/a \((.*)\))$", re.M)


def config(objdir):
    vals = {}
    with open(os.path.join(objdir, ".config")) as f:
        for line in f:
            m = re.match(r"CONFIG_(\w+)=(.*)", line.strip())
            if m:
                vals[m.group(1)] = m.group(2).strip('"')
    return vals


def run_bench(objdir, smp, command):
    cfg = config(objdir)
    argv = [os.path.join(SRCTREE, "scripts", "run-qemu.sh"), "--mode", "native",
            "--gic", "3" if cfg.get("GIC_V3") == "y" else "2", "--smp", str(smp),
            "--mem", cfg["BOARD_RAM_MB"], "--cpu", cfg.get("QEMU_CPU", "cortex-a72"),
            "--kernel", os.path.join(objdir, "Image"), "--icount"]
    prompt = re.escape(cfg.get("SHELL_PROMPT", "avatar> "))
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace",
                          timeout=TIMEOUT, echo=False)
    try:
        child.expect(prompt)
        for ch in command:
            child.send(ch)
        child.send("\r")
        child.expect(prompt)
        return child.before.replace("\r", "")
    except (pexpect.TIMEOUT, pexpect.EOF):
        sys.exit(f"bench: QEMU did not finish '{command}' (-smp {smp}); output:\n"
                 f"{child.before}")
    finally:
        child.terminate(force=True)


def main():
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    objdir = sys.argv[1]
    out = run_bench(objdir, 1, "bench") + run_bench(objdir, 2, "bench ipi")
    rows = {}
    for m in ROW.finditer(out):
        name = m.group(1)
        if m.group(7) is not None:
            if name not in rows:
                rows[name] = (name, "n/a", "n/a", "", m.group(7))
        else:
            rows[name] = (name, m.group(2), m.group(3), f"{m.group(4)} x {m.group(5)}",
                          m.group(6))
    if not rows:
        sys.exit("bench: no results; output:\n" + out)
    print("Instructions per operation (QEMU -icount shift=0, cortex-a72; "
          "ipi with -smp 2, the rest -smp 1)\n")
    print(f"| {'case':<8} | {'min':>8} | {'median':>8} | {'runs':<9} | what")
    print(f"|{'-' * 10}|{'-' * 10}|{'-' * 10}|{'-' * 11}|{'-' * 50}")
    for name, lo, med, runs, what in rows.values():
        print(f"| {name:<8} | {lo:>8} | {med:>8} | {runs:<9} | {what}")


if __name__ == "__main__":
    main()
