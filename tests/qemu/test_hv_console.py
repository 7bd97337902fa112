# SPDX-License-Identifier: GPL-2.0
"""The console mux (docs/hypervisor.md, "Console"): `guest attach <id>`
connects the physical console to one guest. What is typed goes to the
guest's emulated PL011 (its receive FIFO and SPI 33 through the vGIC):
TestOS in console mode (`testos.console` in its bootargs) reads it only in
its UART interrupt handler and answers `echo`, `irqcount`, `after`,
`poweroff`. Its output is shown raw while attached; Ctrl-] gives the
console back to the hypervisor shell; output a guest produces while it is
not attached is printed prefixed (shell attached) or only kept in its log
(another guest attached), and `guest log` shows it. A guest that stops
while attached detaches by itself; bad input gets a clear message."""
import re
import time

from conftest import built
from console import BOOT_TIMEOUT, Console
from guest_console import (BANNER, GUEST_PROMPT, GUEST_TIMEOUT, attach, detach, guest_run,
                           guest_state, type_chars)


def console_build(name, extra=""):
    return built("qemu_virt_hv_defconfig", name=name,
                 extra='CONFIG_GUEST2_BOOTARGS="testos.console"\n' + extra)


def wait_for(con, pattern, timeout=GUEST_TIMEOUT):
    """pattern in the output so far, or wait for it."""
    if not re.search(pattern, con.output):
        con.expect(pattern, timeout)


def test_hv_console_attach_type_detach():
    with Console.boot(console_build("qemu_virt_hv_console")) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        wait_for(con, r"\[testos\] TestOS: console mode, input by interrupt \(INTID 33\)")
        mark = len(con.output)

        attach(con, "testos")
        out = guest_run(con, "echo hello-from-the-console")
        assert "\nhello-from-the-console\n" in out, out
        assert "[testos]" not in out, out  # raw while attached
        # Pasted at once, more than the 32-entry FIFO: the forwarder waits
        # for the guest to read, nothing is lost.
        long_text = "".join(f"{i:02d}-" for i in range(30))
        con.child.send(f"echo {long_text}\r")
        out = con.expect(re.escape(GUEST_PROMPT), GUEST_TIMEOUT).replace("\r", "")
        assert f"\n{long_text}\n" in out, out
        out = guest_run(con, "irqcount")
        m = re.search(r"uart interrupts: (\d+), characters: (\d+)", out)
        assert m, out
        # Input arrived by the receive interrupt (TestOS never polls it).
        typed = (len("echo hello-from-the-console\r") + len(f"echo {long_text}\r") +
                 len("irqcount\r"))
        assert int(m.group(1)) >= 1 and int(m.group(2)) == typed, out
        assert "in 3000 ms" in guest_run(con, "after 3000 printed-while-detached")
        detach(con, "testos")

        # The shell has the console again; nothing typed reached it.
        assert "Avatar" in con.run("version")
        assert "unknown command" not in con.output[mark:], con.output[mark:]
        # Output made while detached is printed prefixed, as before attach.
        con.expect(r"\[testos\] printed-while-detached", GUEST_TIMEOUT)
        log = con.run("guest log testos")
        for text in ["TestOS: PASS hv-gic", "hello-from-the-console",
                     "printed-while-detached"]:
            assert text in log, log

        # Attached again; the guest powers off: back to the shell by itself.
        attach(con, "testos")
        type_chars(con, "poweroff\r")
        con.expect(r"detached from guest 'testos': it stopped", GUEST_TIMEOUT)
        con.expect_prompt()
        # Said by whoever drops the VM last: before or after the prompt.
        wait_for(con, r"hv: testos: stopped \(PSCI SYSTEM_OFF\)")
        assert guest_state(con, "testos") == "stopped"

        # Bad input: clear messages, the shell goes on.
        out = con.run("guest attach testos")
        assert "guest: testos is not running" in out, out
        out = con.run("guest attach nosuch")
        assert "no guest 'nosuch'" in out, out
        out = con.run("guest attach")
        assert "usage: guest" in out, out
        assert "FAIL" not in con.output, con.output
        assert "Avatar" in con.run("version")


def test_hv_console_other_guest_kept_in_log():
    """Two TestOS guests: while the console is attached to one, the other's
    output is not printed, only kept in its log."""
    extra = ("CONFIG_GUEST3=y\n"
             'CONFIG_GUEST3_NAME="testos2"\n'
             "CONFIG_GUEST3_TYPE_TESTOS=y\n"
             "CONFIG_GUEST3_MEM_MB=32\n"
             'CONFIG_GUEST3_BOOTARGS="testos.console"\n')
    with Console.boot(console_build("qemu_virt_hv_console2", extra)) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        for name in ["testos", "testos2"]:
            wait_for(con, rf"\[{name}\] TestOS: console mode")

        attach(con, "testos2")
        # Wide margins: the machine running the tests may be busy.
        assert "in 6000 ms" in guest_run(con, "after 6000 said-by-testos2")
        t0 = time.monotonic()
        detach(con, "testos2")
        attach(con, "testos")
        assert time.monotonic() - t0 < 5.0, "attached too late: the line may be out already"
        mark = len(con.output)
        time.sleep(9)  # testos2 speaks meanwhile (6 s after the command)
        out = guest_run(con, "echo still-here")
        assert "still-here" in out, out
        detach(con, "testos")
        # Only the echo of the typed command: the line itself was never printed.
        assert con.output.count("said-by-testos2") == 1, con.output[mark:]
        assert "testos2" not in con.output[mark:], con.output[mark:]
        log = con.run("guest log testos2")
        assert "said-by-testos2" in log, log
        assert "said-by-testos2" not in con.run("guest log testos")
        assert "Avatar" in con.run("version")


def test_hv_console_linux_shell():
    """Linux's amba-pl011 driver on the vPL011: attached, the busybox shell
    of the Linux guest answers, by its UART interrupt (SPI 33 in
    /proc/interrupts). More commands at its prompt, on both GIC versions:
    test_hv_linux.py."""
    with Console.boot(built("qemu_virt_hv_defconfig")) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        wait_for(con, r"\[linux\] Avatar Linux guest: init done", 300)
        type_chars(con, "guest attach linux\r")
        con.expect(BANNER.format("linux"))
        type_chars(con, "echo linux-says-$((6*7))\r")
        con.expect(r"linux-says-42", GUEST_TIMEOUT)
        type_chars(con, "grep -i pl011 /proc/interrupts\r")
        m = con.expect(r"GICv3\s+33\s+Level\s+\S*pl011", GUEST_TIMEOUT)
        counts = re.findall(r"^\s*\d+:((?:\s+\d+)+)\s*$", m.replace("\r", ""), re.M)
        assert counts and sum(int(n) for n in counts[-1].split()) > 0, m
        detach(con, "linux")
        assert "Avatar" in con.run("version")
