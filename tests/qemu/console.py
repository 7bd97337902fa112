# SPDX-License-Identifier: GPL-2.0
"""Drive an Avatar build's serial console on QEMU like a person would.

    with Console.boot(objdir) as con:
        con.expect_prompt()
        out = con.run("version")

Every wait has a time-out that fails the test (pexpect.TIMEOUT becomes an
AssertionError with the console output so far), and QEMU is always killed.
"""
import os
import re

import pexpect

from conftest import SRCTREE, read_config

BOOT_TIMEOUT = 60
CMD_TIMEOUT = 20


class ConsoleError(AssertionError):
    pass


class Console:
    def __init__(self, argv, prompt, logfile=None):
        self.prompt = prompt
        self.log = []
        # pexpect's `before` keeps the last match's text after the match:
        # it is in self.log already then, and only unmatched text is new.
        self._before_logged = False
        self.child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                                   codec_errors="replace", timeout=CMD_TIMEOUT,
                                   echo=False, dimensions=(50, 200))
        self.logfile = logfile

    @classmethod
    def boot(cls, objdir, extra_args=(), mode=None, smp=None, gic=None,
             cpu=None, disk=True, icount=False):
        """Start `scripts/run-qemu.sh` with the settings of objdir/.config.

        disk: True for objdir/host.img, a path for another image (a copy
        for tests that write), False for none. icount: deterministic
        instruction counting (BENCH.md)."""
        cfg = read_config(objdir)
        hv = cfg.get("HYPERVISOR") == "y"
        argv = [os.path.join(SRCTREE, "scripts", "run-qemu.sh"),
                "--mode", mode or ("hv" if hv else "native"),
                "--gic", str(gic or (3 if cfg.get("GIC_V3") == "y" else 2)),
                "--smp", str(smp or cfg["NR_CPUS"]),
                "--mem", cfg["BOARD_RAM_MB"],
                "--cpu", cpu or cfg.get("QEMU_CPU", '"cortex-a72"').strip('"'),
                "--kernel", os.path.join(objdir, "Image")]
        if disk:
            argv += ["--disk", disk if isinstance(disk, str)
                     else os.path.join(objdir, "host.img")]
        if icount:
            argv.append("--icount")
        argv += ["--"] + list(extra_args)
        prompt = cfg.get("SHELL_PROMPT", '"avatar> "').strip('"')
        return cls(argv, prompt)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        if self.child.isalive():
            self.child.terminate(force=True)

    @property
    def output(self):
        pending = "" if self._before_logged else (self.child.before or "")
        return "".join(self.log) + pending

    def expect(self, pattern, timeout=CMD_TIMEOUT):
        """Wait for a regex; return the text before it. Fails on time-out."""
        self._before_logged = False
        try:
            self.child.expect(pattern, timeout=timeout)
        except pexpect.TIMEOUT:
            raise ConsoleError(f"timed out after {timeout}s waiting for "
                               f"{pattern!r}; console so far:\n"
                               f"{self.output[-3000:]}") from None
        except pexpect.EOF:
            raise ConsoleError(f"QEMU exited while waiting for {pattern!r}; "
                               f"console:\n{self.output[-3000:]}") from None
        self.log.append(self.child.before + self.child.after)
        self._before_logged = True
        return self.child.before

    def expect_prompt(self, timeout=CMD_TIMEOUT):
        return self.expect(re.escape(self.prompt), timeout)

    def wait_guests_stopped(self, timeout=CMD_TIMEOUT):
        """Hypervisor mode: wait until every guest started so far (at boot,
        autostart) is quiet, so that its output does not mix with the
        commands that follow: it has stopped (TestOS powers itself off),
        or it is a Linux guest whose busybox shell is up (it prints
        nothing more by itself)."""
        started = re.compile(r"hv: (\S+): started")
        for name in started.findall(self.output):
            quiet = re.compile(rf"hv: {re.escape(name)}: stopped[^\n]*\n|"
                               rf"\[{re.escape(name)}\] Enter 'help' for a list of "
                               rf"built-in commands[^\n]*\n")
            if not quiet.search(self.output):
                self.expect(quiet, timeout)

    def run(self, command, timeout=CMD_TIMEOUT):
        """Type a command, wait for the next prompt, return what it printed."""
        for ch in command:  # a person types; the UART FIFO is small
            self.child.send(ch)
        self.child.send("\r")
        out = self.expect_prompt(timeout)
        return out.replace("\r\n", "\n")

    def wait_exit(self, timeout=CMD_TIMEOUT):
        try:
            self.child.expect(pexpect.EOF, timeout=timeout)
        except pexpect.TIMEOUT:
            raise ConsoleError("QEMU did not exit") from None
        self.log.append(self.child.before)
        self._before_logged = True
        self.child.close()
        return self.child.exitstatus
