# SPDX-License-Identifier: GPL-2.0
"""User mode (native, CONFIG_USER): EL0 programs from the shell. `run`
prints what a program writes, a crashing program is reported and killed
while the shell carries on, the heap grows, arguments arrive, a spinning
background process can be killed, and `ps` lists processes."""
import re

import pytest

from conftest import built
from console import BOOT_TIMEOUT, Console


def run(con, command, timeout=None):
    kw = {"timeout": timeout} if timeout else {}
    return con.run(command, **kw).replace("\r", "")


@pytest.fixture(scope="module")
def con():
    with Console.boot(built("qemu_virt_defconfig"), smp=2) as c:
        c.expect_prompt(BOOT_TIMEOUT)
        yield c


def test_hello(con):
    out = run(con, "run hello")
    assert re.search(r"^Hello from user space! \(pid \d+\)$", out, re.M), out


def test_crash_is_killed_and_the_shell_continues(con):
    out = run(con, "run crash")
    assert re.search(r"^process \d+ \(crash\): killed: data abort at 0x0 "
                     r"\(translation fault\), pc 0x4[0-9a-f]{5}$", out, re.M), out
    assert "Avatar" in run(con, "version")
    assert "Hello from user space!" in run(con, "run hello")


def test_sbrk(con):
    out = run(con, "run sbrk")
    assert re.search(r"^sbrk: OK, 256 pages touched", out, re.M), out


def test_echo_arguments(con):
    out = run(con, "run echo a b c")
    assert re.search(r"^a b c$", out, re.M), out


def test_kill_a_spinning_process(con):
    # The program's line and the shell's "[pid] spin" may interleave on the
    # console (both write while the other runs), so the pid comes from `ps`
    # once the program has printed its line.
    out = run(con, "run spin &")
    if "looping" not in out:
        con.expect("looping")
    ps = run(con, "ps")
    m = re.search(r"^\s+(\d+)\s+0 spin\s+(RUNNING|READY)", ps, re.M)
    assert m, ps
    pid = m.group(1)
    out = run(con, f"kill {pid}")
    assert f"killed {pid}" in out, out
    # It is gone (background processes are freed at exit).
    for _ in range(50):
        ps = run(con, "ps")
        if not re.search(rf"^\s+{pid}\s+0 spin", ps, re.M):
            break
    assert not re.search(rf"^\s+{pid}\s+0 spin", ps, re.M), ps
    assert re.search(r"^1 threads in use", ps, re.M), ps
    out = run(con, f"kill {pid}")
    assert f"kill: no process {pid}" in out, out


def test_unknown_program(con):
    out = run(con, "run nosuch")
    assert "run: no program 'nosuch'" in out and "hello" in out, out


def test_cat_reads_a_file_from_the_boot_volume(con):
    out = run(con, "run cat /README.txt")
    assert "This is host.img" in out, out
    out = run(con, "run cat /no-such-file")
    assert "cat: /no-such-file: error 2" in out, out
