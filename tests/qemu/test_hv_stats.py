# SPDX-License-Identifier: GPL-2.0
"""`guest stats <id>`: the exits of a running guest, by exception class,
MMIO device and trapped system register (hypervisor/exit_stats.c).

Linux (qemu_virt_hv_defconfig) boots to its shell; its statistics must
show what its boot is known to do: PSCI calls (SMC or HVC), WFI in its
idle loop, console bytes written to the emulated PL011 (at least as many
as the bytes it printed, most of them queued by the console lane at
exception entry), UARTFR polled without a trap (the register page: next
to no pl011 reads exit at all), GIC redistributor accesses, ID registers read under HCR_EL2.TID3, and
interrupts. A stopped or unknown guest gives a clear message."""
import re

from conftest import built
from console import BOOT_TIMEOUT, Console

LINUX_TIMEOUT = 240


def stats(con, name):
    out = con.run(f"guest stats {name}")
    assert f"guest {name}: exits of its" in out, out
    rows, sysregs = {}, {}
    section = rows
    for line in out.splitlines():
        if "system register (MSR/MRS)" in line:
            section = sysregs
            continue
        m = re.match(r"^\s{2}(\S.*?)\s{2,}(\d+|-)(?:\s+(\d+|-))?(?:\s+(\d+))?(?:\s+(\d+))?\s*$", line)
        if m:
            section[m.group(1)] = [int(x) if x and x.isdigit() else 0 for x in m.groups()[1:]]
    rows["sysregs"] = sysregs
    return out, rows


def test_hv_guest_stats_linux_boot():
    objdir = built("qemu_virt_hv_defconfig")
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        con.expect(r"\[linux\] Enter 'help' for a list of built-in commands", LINUX_TIMEOUT)
        printed = sum(len(line) + 1 for line in re.findall(r"^\[linux\] (.*)$",
                                                           "".join(con.log).replace("\r", ""), re.M))
        out, rows = stats(con, "linux")
        assert rows["total"][0] > 0 and rows["IRQ"][0] > 0, out
        psci = rows.get("EC 0x17 SMC", [0, 0])[0] + rows.get("EC 0x16 HVC", [0, 0])[0] + \
            rows.get("EC 0x17 SMC", [0, 0])[1] + rows.get("EC 0x16 HVC", [0, 0])[1]
        assert psci > 0, out
        assert rows["EC 0x01 WFI/WFE"][0] > 0, out
        mmio = rows["EC 0x24 data abort (MMIO)"]
        reads, writes, fast_reads, fast_writes = rows["pl011"]
        lane = rows["console lane (UARTDR)"][1]
        # Every byte is a write of UARTDR; most go by the console lane.
        assert writes + fast_writes + lane >= printed > 10000, (printed, out)
        assert lane > printed // 2, (printed, out)
        # UARTFR is read around every byte, from the register page: no exit.
        assert reads + fast_reads < printed // 20, (printed, out)
        assert rows["total"][1] >= mmio[1] + lane, out
        assert mmio[1] >= fast_reads + fast_writes, out
        assert mmio[0] >= writes + reads, out
        assert rows["gicr"][0] + rows["gicr"][2] > 0, out
        # By register: the ID registers (group 3, HCR_EL2.TID3) among them.
        assert any(k.startswith("ID ") for k in rows["sysregs"]), out
        listed = sum(v[0] for v in rows["sysregs"].values())
        assert listed == rows["EC 0x18 MSR/MRS"][0], out

        # Live: the next call counts at least what this one did.
        _, again = stats(con, "linux")
        assert again["total"][0] >= rows["total"][0], (rows, again)

        if "hv: testos: stopped" not in con.output:
            con.expect(r"hv: testos: stopped \(PSCI SYSTEM_OFF\)", LINUX_TIMEOUT)
        assert "testos is not running" in con.run("guest stats testos")
        assert "no guest 'nosuch'" in con.run("guest stats nosuch")
        assert "Avatar" in con.run("version")
