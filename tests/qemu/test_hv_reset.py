# SPDX-License-Identifier: GPL-2.0
"""PSCI SYSTEM_RESET restarts the guest that calls it, and only it
(docs/hypervisor.md, "PSCI"): its VM stops as for `guest stop` and starts
again from its configuration as for `guest start` (images reloaded from
host.img, RAM zeroed again, fresh vCPUs and devices). Each reset prints a
line and is counted in `guest info`; an attached console follows the
guest across the restart; another guest runs on untouched; SYSTEM_OFF
still stops; a guest that resets in a loop soon after each start is
stopped after VM_RESET_LOOP_LIMIT resets; `guest stop` during the loop
stops it for good; a restart whose image is gone leaves the guest stopped
with a message. TestOS drives it: the `reset` command of its console mode,
or `testos.reset=MS` in its bootargs (reset MS ms after booting, having
checked that a word it wrote in RAM before the previous reset reads zero
again). Linux's `reboot -f` restarts Linux the same way."""
import os
import re
import shutil
import time

from conftest import built
from console import BOOT_TIMEOUT, Console
from guest_console import (BANNER, GUEST_PROMPT, GUEST_TIMEOUT, attach, detach, guest_run,
                           guest_state, type_chars)

LOOP_LIMIT = 10  # VM_RESET_LOOP_LIMIT, include/hypervisor/vm_reset.h
# testos.reset=RESET_MS: well under VM_RESET_LOOP_RUN_MS (1000), the loop
# lasts a few seconds: time to type 'guest stop' in the middle of it.
RESET_MS = 300
HELLO = "TestOS: hello from CPU0 at EL1"

# testos: console mode, started by hand; testos2: holds in WFI; no Linux.
TWO_TESTOS = ("# CONFIG_GUEST1 is not set\n"
              'CONFIG_GUEST2_BOOTARGS="testos.console"\n'
              "# CONFIG_GUEST2_AUTOSTART is not set\n"
              "CONFIG_GUEST3=y\n"
              'CONFIG_GUEST3_NAME="testos2"\n'
              "CONFIG_GUEST3_TYPE_TESTOS=y\n"
              "CONFIG_GUEST3_VCPUS=1\n"
              "CONFIG_GUEST3_MEM_MB=32\n"
              'CONFIG_GUEST3_BOOTARGS="testos.hold"\n'
              "# CONFIG_GUEST3_AUTOSTART is not set\n")


def reset_count(con, name):
    out = con.run(f"guest info {name}")
    m = re.search(r"^\s+resets\s+(\d+)", out, re.M)
    assert m, out
    return int(m.group(1))


def free_pages(con):
    m = re.search(r"pages: (\d+) total, (\d+) free", con.run("mem"))
    assert m
    return int(m.group(2))


def reset_attached(con, name, n):
    """At the attached TestOS console: `reset`; the console follows the
    restart and is at the prompt of the new boot."""
    type_chars(con, "reset\r")
    con.expect(rf"hv: {name}: PSCI SYSTEM_RESET: restarting \(reset {n}\)", GUEST_TIMEOUT)
    con.expect(rf"hv: {name}: stopped \(PSCI SYSTEM_RESET\)", GUEST_TIMEOUT)
    con.expect(rf"hv: {name}: started \(1 vCPU, 32 MiB\)", GUEST_TIMEOUT)
    con.expect(BANNER.format(name), GUEST_TIMEOUT)
    con.expect(r"TestOS: console mode", GUEST_TIMEOUT)
    con.expect(re.escape(GUEST_PROMPT), GUEST_TIMEOUT)


def test_hv_reset_restarts_only_that_guest(tmp_path):
    objdir = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_reset", extra=TWO_TESTOS)
    img = str(tmp_path / "host.img")  # a copy: the test renames the guest's image
    shutil.copyfile(os.path.join(objdir, "host.img"), img)
    with Console.boot(objdir, disk=img) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        before = free_pages(con)
        assert "hv: testos2: started" in con.run("guest start testos2")
        con.expect(r"\[testos2\] TestOS: holding in WFI", GUEST_TIMEOUT)
        mark = len(con.output)
        assert "hv: testos: started" in con.run("guest start testos")
        con.expect(r"\[testos\] TestOS: console mode", GUEST_TIMEOUT)
        assert reset_count(con, "testos") == 0

        # Two resets typed at the attached console: the console stays with
        # the guest, which boots again, all its checks passing (hv-ram-zero
        # reads zero where the previous boot wrote) and reads input again.
        attach(con, "testos")
        for n in (1, 2):
            reset_attached(con, "testos", n)
            out = guest_run(con, f"echo typed-after-reset-{n}")
            assert f"\ntyped-after-reset-{n}\n" in out, out
        detach(con, "testos")
        log = con.output[mark:]
        assert log.count(HELLO) == 3, log  # the first boot and two restarts
        assert log.count("TestOS: PASS hv-ram-zero") == 3, log
        assert "FAIL" not in log, log
        assert "stopped (PSCI SYSTEM_RESET (reset not emulated" not in log, log
        assert guest_state(con, "testos") == "running"
        assert reset_count(con, "testos") == 2
        # The other guest ran on: still running, never restarted, its vCPU waiting.
        assert guest_state(con, "testos2") == "running"
        assert reset_count(con, "testos2") == 0
        assert con.output.count("hv: testos2: started") == 1
        assert "hv: testos2: stopped" not in con.output
        ps = con.run("ps")
        assert re.search(r"^.*testos2/0.*BLOCKED", ps, re.M), ps
        assert "/restart" not in ps, ps  # the restart threads ended

        # The image is gone when the guest resets: it stays stopped, said so.
        con.run("fs mv /guests/testos/testos.bin /guests/testos/testos.off")
        attach(con, "testos")
        type_chars(con, "reset\r")
        con.expect(r"hv: testos: PSCI SYSTEM_RESET: restarting \(reset 3\)", GUEST_TIMEOUT)
        con.expect(r"hv: testos: restart failed \(see above\): it stays stopped", GUEST_TIMEOUT)
        con.expect(r"guest: testos is not running again: the console is back to the shell",
                   GUEST_TIMEOUT)
        con.expect_prompt()
        assert guest_state(con, "testos") == "stopped"
        assert reset_count(con, "testos") == 3
        assert guest_state(con, "testos2") == "running"

        # Back in place, it starts again; SYSTEM_OFF still stops, no restart.
        con.run("fs mv /guests/testos/testos.off /guests/testos/testos.bin")
        assert "hv: testos: started" in con.run("guest start testos")
        con.expect(r"\[testos\] TestOS: console mode", GUEST_TIMEOUT)
        attach(con, "testos")
        type_chars(con, "poweroff\r")
        con.expect(r"detached from guest 'testos': it stopped", GUEST_TIMEOUT)
        con.expect_prompt()
        if "hv: testos: stopped (PSCI SYSTEM_OFF)" not in con.output:
            con.expect(r"hv: testos: stopped \(PSCI SYSTEM_OFF\)", GUEST_TIMEOUT)
        assert guest_state(con, "testos") == "stopped"
        assert reset_count(con, "testos") == 3

        out = con.run("guest stop testos2")
        if "hv: testos2: stopped (stopped from the shell)" not in con.output:
            con.expect(r"hv: testos2: stopped \(stopped from the shell\)", GUEST_TIMEOUT)
        assert free_pages(con) >= before - 64  # both guests' RAM is back
        assert "Avatar" in con.run("version")


def test_hv_reset_loop_is_stopped():
    """`testos.reset=RESET_MS`: TestOS resets RESET_MS after it has booted,
    again and again; each boot finds its RAM word zero again (the RAM was zeroed, or
    the word would survive); the hypervisor restarts it LOOP_LIMIT - 1
    times, then stops it as a reset loop. `guest start` starts it again."""
    objdir = built("qemu_virt_hv_defconfig", name="qemu_virt_hv_reset_loop",
                   extra="# CONFIG_GUEST1 is not set\n"
                         f'CONFIG_GUEST2_BOOTARGS="testos.reset={RESET_MS}"\n'
                         "# CONFIG_GUEST2_AUTOSTART is not set\n")
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        before = free_pages(con)
        mark = len(con.output)
        assert "hv: testos: started" in con.run("guest start testos")
        con.expect(r"hv: testos: stopped \(reset loop: not restarted\)", GUEST_TIMEOUT * 2)
        log = con.output[mark:]
        assert log.count("hv: testos: started") == LOOP_LIMIT, log
        assert log.count(HELLO) == LOOP_LIMIT, log
        assert log.count("TestOS: PASS reset-ram-fresh") == LOOP_LIMIT, log
        for n in range(1, LOOP_LIMIT):
            assert f"hv: testos: PSCI SYSTEM_RESET: restarting (reset {n})" in log, log
        assert re.search(rf"hv: testos: PSCI SYSTEM_RESET \(reset {LOOP_LIMIT}\): "
                         rf"{LOOP_LIMIT} resets in a row, .* a reset loop, it stays stopped",
                         log), log
        assert "FAIL" not in log, log
        assert guest_state(con, "testos") == "stopped"
        assert reset_count(con, "testos") == LOOP_LIMIT
        assert free_pages(con) >= before - 64
        # Started by hand it gets a full allowance again; this time the
        # console is attached and follows each restart. Every line of every
        # boot is shown: none is lost while the console switches to the
        # new VM (printed with the guest's name if it comes in between).
        mark = len(con.output)
        assert "hv: testos: started" in con.run("guest start testos")
        con.child.send("guest attach testos\r")  # at once: typed, it would take a few boots
        con.expect(BANNER.format("testos"), GUEST_TIMEOUT)
        con.expect(r"hv: testos: stopped \(reset loop: not restarted\)", GUEST_TIMEOUT * 2)
        con.expect_prompt(GUEST_TIMEOUT)
        log = con.output[mark:]
        assert log.count("hv: testos: started") == LOOP_LIMIT, log
        # Attached within the first boots (the shell reads the command while
        # the guest boots), then again at each restart.
        assert log.count(BANNER.format("testos").replace("\\", "")) >= LOOP_LIMIT // 2, log
        for line in (HELLO, "TestOS: PASS el1 ", "TestOS: PASS dtb-memory ",
                     "TestOS: PASS reset-ram-fresh", "TestOS: reset on request in "):
            assert log.count(line) == LOOP_LIMIT, (line, log)
        assert "FAIL" not in log, log
        assert reset_count(con, "testos") == 2 * LOOP_LIMIT
        # 'guest stop' while it resets: stopped for good, a pending restart
        # cancelled.
        assert "hv: testos: started" in con.run("guest start testos")
        con.expect(r"hv: testos: PSCI SYSTEM_RESET: restarting", GUEST_TIMEOUT)
        mark = len(con.output)
        con.run("guest stop testos")
        out = con.output[mark:]
        assert re.search(r"hv: testos: restart cancelled: it stays stopped|"
                         r"hv: testos: stopped \(stopped from the shell\)", out), out
        assert "reset loop" not in out, out
        mark = len(con.output)
        time.sleep(2)
        assert guest_state(con, "testos") == "stopped"
        assert "hv: testos: started" not in con.output[mark:], con.output[mark:]
        assert "Avatar" in con.run("version")


def test_hv_reset_linux_reboot():
    """Linux's `reboot -f` (busybox: reboot(2) at once, PSCI SYSTEM_RESET
    from the kernel) typed at the attached console: the Linux VM restarts,
    boots to its shell again with the console still attached and answers;
    TestOS beside it is not restarted."""
    with Console.boot(built("qemu_virt_hv_defconfig")) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        init_done = r"Avatar Linux guest: init done"
        if not re.search(init_done, con.output):
            con.expect(init_done, 300)
        type_chars(con, "guest attach linux\r")
        con.expect(BANNER.format("linux"))
        type_chars(con, "reboot -f\r")
        con.expect(r"hv: linux: PSCI SYSTEM_RESET: restarting \(reset 1\)", GUEST_TIMEOUT)
        con.expect(r"hv: linux: started \(2 vCPUs", GUEST_TIMEOUT)
        con.expect(BANNER.format("linux"), GUEST_TIMEOUT)
        con.expect(init_done, 300)
        type_chars(con, "\recho rebooted-$((6*7))\r")
        con.expect(r"rebooted-42", GUEST_TIMEOUT)
        detach(con, "linux")
        assert guest_state(con, "linux") == "running"
        assert reset_count(con, "linux") == 1
        assert con.output.count("hv: testos: started") == 1, con.output
        assert reset_count(con, "testos") == 0
        assert "Avatar" in con.run("version")
