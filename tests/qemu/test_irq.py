# SPDX-License-Identifier: GPL-2.0
"""Interrupts and time on QEMU: the GIC (v2 and v3), the timer of the
kernel's EL (CNTHP at EL2, CNTV at EL1), kernel timers and IPIs, in
hypervisor and native mode, on 1 and 4 CPUs.

`delay <ms>` waits in WFI for a ktimer, so it only returns if the timer
interrupt arrives; `ipi <cpu>` runs a function on a CPU through an SGI.
QEMU without -icount is not deterministic in time: a delay is checked to
be at least what was asked and not absurdly longer.
"""
import re

import pytest

from conftest import built
from console import BOOT_TIMEOUT, Console

DELAY_MS = 100
# Generous: QEMU on a loaded 2-core machine can be descheduled for a while;
# the bound only catches a timer that never fires on its own.
DELAY_SLACK_MS = 5000

CONFIGS = {
    # name: (defconfig, build name, extra .config lines, EL, GIC)
    "hv-gicv3": ("qemu_virt_hv_defconfig", None, None, 2, 3),
    "hv-gicv2": ("qemu_virt_gicv2_hv_defconfig", None, None, 2, 2),
    "native-gicv3": ("qemu_virt_defconfig", None, None, 1, 3),
    "native-gicv2": ("qemu_virt_defconfig", "qemu_virt_gicv2",
                     "CONFIG_GIC_V2=y\n", 1, 2),
}
TIMER = {2: ("CNTHP", 26), 1: ("CNTV", 27)}
IPI_CALL_FUNC = 1


def boot(name, smp):
    defconfig, build_name, extra, _, _ = CONFIGS[name]
    con = Console.boot(built(defconfig, name=build_name, extra=extra), smp=smp)
    con.expect_prompt(BOOT_TIMEOUT)
    return con


def irq_table(out):
    """`irq` output -> {label: ([count per CPU], name)}."""
    rows = {}
    for line in out.splitlines():
        m = re.match(r"^\s*(\w+):((?:\s+\d+)+)\s{3}(.*)$", line)
        if m:
            rows[m.group(1)] = ([int(c) for c in m.group(2).split()],
                                m.group(3).strip())
    return rows


def uptime_ns(out):
    m = re.search(r"up \d+\.\d{3} s \((\d+) ns\)", out)
    assert m, out
    return int(m.group(1))


@pytest.mark.parametrize("smp", [1, 4])
@pytest.mark.parametrize("name", list(CONFIGS))
def test_timer_ktimer_and_ipis(name, smp):
    _, _, _, el, gic = CONFIGS[name]
    timer, intid = TIMER[el]
    with boot(name, smp) as con:
        log = con.output
        assert re.search(rf"IRQ: GICv{gic}, \d+ interrupt IDs, IRQs taken at EL{el}",
                         log), log
        assert f"Timer: {timer}, INTID {intid}" in log, log

        up1 = uptime_ns(con.run("uptime"))
        rows1 = irq_table(con.run("irq"))
        assert str(intid) in rows1, rows1
        counts1, irq_name = rows1[str(intid)]
        assert len(counts1) == smp and timer in irq_name
        assert rows1["SPU"][1] == "spurious" and rows1["ERR"][0] == [0] * smp

        out = con.run(f"delay {DELAY_MS}")
        m = re.search(rf"delay: {DELAY_MS} ms requested, (\d+) ns elapsed", out)
        assert m, out
        elapsed = int(m.group(1))
        assert DELAY_MS * 10**6 <= elapsed < (DELAY_MS + DELAY_SLACK_MS) * 10**6, out

        up2 = uptime_ns(con.run("uptime"))
        rows2 = irq_table(con.run("irq"))
        assert up2 - up1 >= DELAY_MS * 10**6
        counts2, _ = rows2[str(intid)]
        assert counts2[0] > counts1[0], (rows1, rows2)  # the delay's timer fired on CPU0

        for cpu in range(smp):
            out = con.run(f"ipi {cpu}")
            assert f"function for CPU{cpu} ran on CPU{cpu} (sent from CPU0)" in out, out
        out = con.run(f"ipi {smp}")
        assert f"CPU{smp} is not online" in out, out

        rows3 = irq_table(con.run("irq"))
        calls, _ = rows3[str(IPI_CALL_FUNC)]
        # CPU0 runs its own call directly; every other CPU took one SGI.
        assert all(calls[cpu] >= 1 for cpu in range(1, smp)), rows3
        assert rows3["ERR"][0] == [0] * smp, rows3


def test_delay_rejects_bad_arguments():
    with boot("native-gicv3", 1) as con:
        assert "usage: delay <ms>" in con.run("delay")
        assert "usage: delay <ms>" in con.run("delay soon")
        assert "usage: ipi <cpu>" in con.run("ipi x")
