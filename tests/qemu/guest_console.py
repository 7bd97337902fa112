# SPDX-License-Identifier: GPL-2.0
"""Driving a guest's console through the hypervisor shell's console mux
(`guest attach`, Ctrl-] back), as a person at the serial line would: the
helpers the console and reset scenarios share."""
import re

GUEST_TIMEOUT = 60
ESCAPE = "\x1d"  # Ctrl-]
BANNER = r"attached to guest '{}'; press Ctrl-\] to return"
GUEST_PROMPT = "testos> "


def type_chars(con, text):
    for ch in text:  # a person types
        con.child.send(ch)


def guest_run(con, line, timeout=GUEST_TIMEOUT):
    """Type a line at the attached TestOS; return what it printed before
    its next prompt (the echo of the line included)."""
    type_chars(con, line + "\r")
    return con.expect(re.escape(GUEST_PROMPT), timeout).replace("\r", "")


def attach(con, name):
    type_chars(con, f"guest attach {name}\r")
    con.expect(BANNER.format(name))
    # The guest's unfinished line (its prompt) is shown on attach.
    con.expect(re.escape(GUEST_PROMPT), GUEST_TIMEOUT)


def detach(con, name):
    con.child.send(ESCAPE)
    con.expect(rf"detached from guest '{name}'\r*\n")
    con.expect_prompt()


def guest_state(con, name):
    """The state column of `guest list` for name."""
    out = con.run("guest list")
    m = re.search(rf"^\d+\s+{name}\s.*\s(\w+)\s*$", out, re.M)
    assert m, out
    return m.group(1)
