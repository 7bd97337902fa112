# SPDX-License-Identifier: GPL-2.0
"""TestOS runs as a guest of the hypervisor (qemu_virt_hv_defconfig, guest
slot "testos"): it autostarts at boot from host.img, and `guest start
testos` loads it again; its output
comes out prefixed with the guest's name, its self checks and hypervisor
checks (null hypercall, PSCI/SMCCC values, an MMIO access to nothing and
one outside its RAM read as zero, WFI with the virtual timer) pass, and its
PSCI SYSTEM_OFF stops only that VM: the shell still answers, the guest can
be started again. With `testos.hold` in its bootargs the guest stays in
WFI, its vCPU thread blocks (it does not spin), and `guest stop` stops it
and gives its RAM back."""
import re

from conftest import built
from console import BOOT_TIMEOUT, Console

GUEST_TIMEOUT = 60
HV_CHECKS = ["el1", "load-address", "dtb-valid", "dtb-memory", "timer-counter",
             "svc-exception", "psci-version", "hv-null-call", "hv-psci-version",
             "hv-psci-features", "hv-smccc", "hv-psci-info", "hv-mmio-unmapped",
             "hv-outside-ram", "hv-wfi-timer", "hv-gic", "hv-vtimer-irq", "hv-vtimer-busy",
             "hv-sgi-self",
             "hv-sgi-many", "hv-vtimer-100", "hv-irq-other"]


def free_pages(con):
    m = re.search(r"pages: (\d+) total, (\d+) free", con.run("mem"))
    assert m
    return int(m.group(2))


def guest_state(con, name):
    out = con.run("guest list")
    m = re.search(rf"^\d+\s+{name}\s.*\s(\w+)\s*$", out, re.M)
    assert m, out
    return m.group(1)


def run_testos_to_poweroff(con, autostart=False):
    if autostart:  # started at boot, before the prompt
        start = con.output.find("hypervisor: EL2 ready")
    else:
        out = con.run("guest start testos")
        assert "hv: testos: started (1 vCPU, 32 MiB)" in out, out
        start = con.output.rfind("guest start testos")
    con.expect(r"hv: testos: stopped \(PSCI SYSTEM_OFF\)", GUEST_TIMEOUT)
    log = con.output[start:]
    assert "[testos] TestOS: hello from CPU0 at EL1" in log, log
    for name in HV_CHECKS:
        assert f"[testos] TestOS: PASS {name}" in log, f"{name}:\n{log}"
    assert "FAIL" not in log, log
    assert "[testos] TestOS: running under Avatar" in log, log
    assert "[testos] TestOS: done" in log, log
    # Contained, and said so: reads of nothing are reported by the hypervisor.
    assert re.search(r"hv: testos: 4-byte read at IPA 0xa000000: no RAM or device", log), log


def test_hv_testos_runs_and_powers_off():
    objdir = built("qemu_virt_hv_defconfig")
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "hypervisor: EL2 ready" in con.output, con.output
        assert "hv: testos: started (1 vCPU, 32 MiB)" in con.output, con.output
        run_testos_to_poweroff(con, autostart=True)
        assert guest_state(con, "testos") == "stopped"
        before = free_pages(con)
        # SYSTEM_OFF stopped the VM, not the host.
        assert "Avatar" in con.run("version")
        assert guest_state(con, "testos") == "stopped"
        # And it can run again.
        run_testos_to_poweroff(con)
        assert "is not running" in con.run("guest stop testos")
        assert free_pages(con) >= before - 64  # guest RAM (8192 pages) is back
        assert "no guest 'nosuch'" in con.run("guest start nosuch")
        # Linux autostarted too (tests/qemu/test_hv_linux.py) and runs on.
        assert "linux is running" in con.run("guest start linux")
        assert guest_state(con, "linux") == "running"
        assert "Avatar" in con.run("version")


def test_hv_testos_stop_while_running():
    objdir = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_testos_hold",
                   extra='CONFIG_GUEST2_BOOTARGS="testos.hold"\n'
                         '# CONFIG_GUEST2_AUTOSTART is not set\n')
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        before = free_pages(con)
        for _ in range(2):
            assert "hv: testos: started" in con.run("guest start testos")
            con.expect(r"\[testos\] TestOS: holding in WFI", GUEST_TIMEOUT)
            assert guest_state(con, "testos") == "running"
            assert "is running" in con.run("guest start testos")
            assert free_pages(con) < before - 8000  # 32 MiB of guest RAM in use
            # The vCPU waits in WFI as a blocked thread, not spinning.
            ps = con.run("ps")
            m = re.search(r"^.*testos/0.*$", ps, re.M)
            assert m and "BLOCKED" in m.group(0), ps
            out = con.run("guest stop testos")
            assert "hv: testos: stopped (stopped from the shell)" in con.output, out
            assert guest_state(con, "testos") == "stopped"
            assert free_pages(con) >= before - 64
        assert "FAIL" not in con.output, con.output
        assert "Avatar" in con.run("version")


def test_hv_guest_refused_on_gicv2_host():
    """The vGICv2 is not there yet: a guest on a GICv2 host is refused with
    a message (not started without interrupts), and the host goes on."""
    objdir = built("qemu_virt_gicv2_hv_defconfig")
    with Console.boot(objdir, gic=2) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        out = con.run("guest start testos")
        assert "the vGICv2 is not implemented yet" in out, out
        assert "hv: testos: started" not in out, out
        assert guest_state(con, "testos") == "stopped"
        assert "Avatar" in con.run("version")
