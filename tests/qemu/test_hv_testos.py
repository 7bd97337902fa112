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
import subprocess

from conftest import built, read_config
from console import BOOT_TIMEOUT, Console

GUEST_TIMEOUT = 60
HV_CHECKS = ["el1", "load-address", "dtb-valid", "dtb-memory", "timer-counter",
             "svc-exception", "psci-version", "hv-null-call", "hv-psci-version",
             "hv-psci-features", "hv-smccc", "hv-psci-info", "hv-mmio-unmapped",
             "hv-outside-ram", "hv-ram-zero", "hv-uart-regs", "hv-nisv-abort", "hv-wfi-timer", "hv-gic", "hv-gicd-bad-write", "hv-vtimer-irq",
             "hv-vtimer-busy",
             "hv-sgi-self",
             "hv-sgi-many", "hv-vtimer-100", "hv-irq-other", "hv-state-kept"]


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
        # Not the command's echo: another guest's line can split it.
        start = len(con.output)
        out = con.run("guest start testos")
        assert "hv: testos: started (1 vCPU, 32 MiB)" in out, out
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


def test_hv_two_guests_one_cpu_keep_their_state():
    """Two TestOS guests pinned to CPU0: the first's hv-state-kept check
    (FP/SIMD and EL1 thread registers filled with its own values, checked
    after every round of fast-path exits and blocking WFIs) lasts while the
    second runs all of its checks, its own state check included. The
    hypervisor keeps a guest's EL1 and FP/SIMD registers in the CPU across
    exits and saves them only when the vCPU thread is switched out: if that
    save or the load after it were wrong, one guest would see the other's
    values."""
    objdir = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_two_testos",
                   extra="# CONFIG_GUEST1 is not set\n"
                         "CONFIG_GUEST2_AFFINITY=0x1\n"
                         'CONFIG_GUEST2_BOOTARGS="testos.state_rounds=3000"\n'
                         "# CONFIG_GUEST2_AUTOSTART is not set\n"
                         "CONFIG_GUEST3=y\n"
                         'CONFIG_GUEST3_NAME="testos2"\n'
                         "CONFIG_GUEST3_TYPE_TESTOS=y\n"
                         "CONFIG_GUEST3_VCPUS=1\n"
                         "CONFIG_GUEST3_MEM_MB=32\n"
                         "CONFIG_GUEST3_AFFINITY=0x1\n"
                         "# CONFIG_GUEST3_AUTOSTART is not set\n")
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "hv: testos: started" in con.run("guest start testos")
        con.expect(r"\[testos\] TestOS: state check: 3000 rounds", GUEST_TIMEOUT)
        assert "hv: testos2: started" in con.run("guest start testos2")
        con.expect(r"hv: testos2: stopped \(PSCI SYSTEM_OFF\)", GUEST_TIMEOUT)
        con.expect(r"hv: testos: stopped \(PSCI SYSTEM_OFF\)", GUEST_TIMEOUT)
        log = con.output
        assert "FAIL" not in log, log
        first = log.find("[testos] TestOS: PASS hv-state-kept (3000 rounds")
        second = log.find("[testos2] TestOS: PASS hv-state-kept (40 rounds")
        assert first >= 0 and second >= 0, log
        # The second guest's whole run fell inside the first one's check.
        assert second < first, log
        assert "Avatar" in con.run("version")


def test_hv_testos_on_gicv2_host():
    """The vGICv2 (qemu_virt_gicv2_hv_defconfig): TestOS is given a GICv2
    guest DTB and passes every check through the emulated distributor and
    the GICV frame: GICv2 identity, refused GICD writes (reported by the
    hypervisor), vtimer interrupts after WFI and while spinning, an SGI by
    GICD_SGIR with its source CPU, one by GICD_SPENDSGIR, 16 SGIs through the list registers in
    priority order (the maintenance interrupt refills them), 100 timer
    interrupts none lost. It runs again, and the shell still answers."""
    objdir = built("qemu_virt_gicv2_hv_defconfig")
    with Console.boot(objdir, gic=2) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert re.search(r"hypervisor: vGIC on the host GICv2: \d+ list registers, "
                         r"maintenance interrupt 25", con.output), con.output
        run_testos_to_poweroff(con, autostart=True)
        log = con.output
        assert "TestOS: PASS hv-gic (GICv2:" in log, log
        assert "TestOS: PASS hv-sgi-pendsgir" in log, log
        # The bad distributor accesses were reported, not fatal.
        assert "hv: testos: 1-byte write at GICD offset 0x104: no such register or a bad " \
               "width (ignored)" in log, log
        assert "hv: testos: 4-byte write at GICD offset 0xc000" in log, log
        assert "Avatar" in con.run("version")
        run_testos_to_poweroff(con)
        assert guest_state(con, "testos") == "stopped"
        assert "Avatar" in con.run("version")


def test_hv_gicv2_host_without_virtualization(tmp_path):
    """A GICv2 host whose device tree gives no GICH/GICV (reg entries 3 and
    4) nor maintenance interrupt: the hypervisor says so at boot, refuses
    the guest with a message instead of starting it without interrupts,
    and goes on."""
    objdir = built("qemu_virt_gicv2_hv_defconfig")
    cfg = read_config(objdir)
    dtb = str(tmp_path / "virt-gicv2.dtb")
    subprocess.run(["qemu-system-aarch64", "-M",
                    f"virt,virtualization=on,gic-version=2,dumpdtb={dtb}",
                    "-cpu", "cortex-a72", "-smp", cfg["NR_CPUS"],
                    "-m", cfg["BOARD_RAM_MB"] + "M", "-display", "none", "-nic", "none"],
                   check=True, capture_output=True)
    reg = subprocess.run(["fdtget", "-t", "x", dtb, "/intc@8000000", "reg"], check=True,
                         capture_output=True, text=True).stdout.split()
    assert len(reg) == 16, reg  # distributor, CPU interface, GICH, GICV
    subprocess.run(["fdtput", "-t", "x", dtb, "/intc@8000000", "reg"] + reg[:8], check=True)
    subprocess.run(["fdtput", "-d", dtb, "/intc@8000000", "interrupts"], check=True)
    with Console.boot(objdir, extra_args=["-dtb", dtb]) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "the host GICv2 has no virtualization extension" in con.output, con.output
        assert "hv: testos: started" not in con.output, con.output
        out = con.run("guest start testos")
        assert "hv: testos: the host GICv2 has no virtualization extension (GICH/GICV): " \
               "not started" in out, out
        assert "hv: testos: started" not in out, out
        assert guest_state(con, "testos") == "stopped"
        assert "Avatar" in con.run("version")
