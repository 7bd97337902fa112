# SPDX-License-Identifier: GPL-2.0
"""The native Avatar kernel runs as a guest of the hypervisor
(configs/qemu_virt_hv_avatar_defconfig, guest slot "avatar", 2 vCPUs).

The guest kernel is the qemu_virt_defconfig build plus its self tests
(guests/avatar/guest.config); `shell.run=selftest` in its bootargs runs
them before its first prompt (it has no console input yet). Asserted: the
guest boots at EL1 on the vCPU's virtual timer, brings its second CPU up
through PSCI CPU_ON over HVC (the conduit of its generated DTB), says
clearly that it has no disk, passes every self test with 2 CPUs online and
reaches its shell prompt, while the hypervisor's shell keeps answering;
TestOS runs beside it; `guest stop` frees its RAM and `guest start` boots
it again."""
import re

from conftest import built
from console import BOOT_TIMEOUT, Console
from test_hv_testos import free_pages, guest_state, run_testos_to_poweroff
from test_selftest import TESTS, USER_TESTS

GUEST_TIMEOUT = 300  # the whole guest boot and self tests, TCG, nested timers
BOOTARGS = 'CONFIG_GUEST1_BOOTARGS="shell.run=selftest shell.run=cpus"\n'


def avatar_build():
    """The hypervisor with the Avatar guest (self tests in its bootargs) and
    TestOS, neither autostarted; test_hv_manifest.py uses it too."""
    return built("qemu_virt_hv_avatar_defconfig", name="qemu_virt_hv_avatar_selftest",
                 extra=BOOTARGS)


def guest_lines(con, start, name="avatar"):
    """The guest's lines since output offset start, without the prefix (a
    line may follow the hypervisor's prompt, which ends without newline)."""
    text = "".join(con.log)[start:].replace("\r", "")
    return "\n".join(m.group(1) for m in
                     re.finditer(rf"\[{name}\] (.*)$", text, re.M))


def boot_avatar_guest(con):
    """guest start avatar; wait for its self tests and its prompt line."""
    start = len("".join(con.log))
    out = con.run("guest start avatar")
    assert "hv: avatar: started (2 vCPUs, 128 MiB)" in out, out
    # The hypervisor shell answers while the guest boots.
    assert "Avatar" in con.run("version")
    con.expect(r"\[avatar\] selftest: \d+ passed, \d+ failed", GUEST_TIMEOUT)
    con.expect(r"\[avatar\] Type 'help' for a list of commands\.", GUEST_TIMEOUT)
    log = guest_lines(con, start)
    assert "Avatar 0.1.0 (native at EL1)" in log, log
    assert "PSCI: hvc" in log, log
    assert "Timer: CNTV, INTID 27" in log, log
    assert "CPU1: online at EL1 (MPIDR 0x1)" in log, log
    assert "All 2 CPUs online" in log, log
    assert "fat32: no disk (vda): no volume mounted" in log, log
    results = dict(re.findall(r"^selftest (\w+): (PASS|FAIL.*|SKIP.*)$", log, re.M))
    assert set(results) == set(TESTS + USER_TESTS), log
    # The guest has no disk: the disk test says so and is skipped; the rest pass.
    assert results.pop("blk_progress").startswith("SKIP no disk vda"), log
    # Two vCPUs: the test that needs an idle third CPU is skipped.
    assert results.pop("wake_race").startswith("SKIP needs 3 CPUs"), log
    assert all(r == "PASS" for r in results.values()), log
    m = re.search(r"^selftest: (\d+) passed, (\d+) failed, 2 skipped$", log, re.M)
    assert m and int(m.group(1)) == len(results) and m.group(2) == "0", log
    # `cpus` in the guest: both vCPUs online.
    rows = re.findall(r"^(\d+)\s+0x(\d+)\s+online\b", log, re.M)
    assert rows == [("0", "0"), ("1", "1")], log
    return start


def stop_avatar_guest(con):
    out = con.run("guest stop avatar")
    # The guest sits at its prompt (a line without a newline, printed when
    # the stop flushes its emulated UART).
    assert re.search(r"^\[avatar\] avatar> $", con.output.replace("\r", ""), re.M), out
    assert "hv: avatar: stopped (stopped from the shell)" in con.output, out
    assert guest_state(con, "avatar") == "stopped"


def test_hv_avatar_guest_boots_selftests_and_restarts():
    objdir = avatar_build()
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "2 guests configured (0 marked autostart)" in con.output, con.output
        before = free_pages(con)
        boot_avatar_guest(con)
        assert guest_state(con, "avatar") == "running"
        assert free_pages(con) < before - 32000  # 128 MiB of guest RAM in use
        # Nothing the hypervisor had to refuse or undefine on the way.
        assert "undefined" not in con.output.lower(), con.output
        # ... and no access to an IPA with nothing there (no disk probed).
        assert not re.search(r"hv: avatar: .*no RAM or device", con.output), con.output
        stop_avatar_guest(con)
        assert free_pages(con) >= before - 64

        # Again, with TestOS running beside it this time.
        start = boot_avatar_guest(con)
        run_testos_to_poweroff(con)
        assert guest_state(con, "avatar") == "running"
        stop_avatar_guest(con)
        assert "FAIL" not in con.output[start:], con.output[start:]
        assert free_pages(con) >= before - 64
        assert "Avatar" in con.run("version")
