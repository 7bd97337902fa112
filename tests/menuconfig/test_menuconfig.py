# SPDX-License-Identifier: GPL-2.0
"""`make menuconfig`, driven through tmux like a person at a terminal."""
import shutil
import subprocess
import time
import uuid

import pytest

from conftest import SRCTREE, make, read_config


def tmux(*args):
    return subprocess.run(["tmux", *args], capture_output=True, text=True)


def screen(session):
    return tmux("capture-pane", "-p", "-t", session).stdout


def wait_for(session, text, timeout=20):
    end = time.time() + timeout
    while time.time() < end:
        s = screen(session)
        if text in s:
            return s
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {text!r}; screen:\n{screen(session)}")


@pytest.fixture
def session():
    if not shutil.which("tmux"):
        pytest.fail("tmux is not installed (make install-deps)")
    name = "avatar-" + uuid.uuid4().hex[:8]
    yield name
    tmux("kill-session", "-t", name)


def test_menuconfig_change_and_save(session, tmp_objdir):
    make("qemu_virt_hv_defconfig", objdir=tmp_objdir)
    cmd = f"make --no-print-directory -C {SRCTREE} O={tmp_objdir} menuconfig; echo MENUCONFIG-EXIT=$?"
    r = tmux("new-session", "-d", "-s", session, "-x", "120", "-y", "40",
             "bash", "--norc", "-c", cmd + "; sleep 30")
    assert r.returncode == 0, r.stderr
    s = wait_for(session, "Avatar 0.1.0 Configuration")
    assert "Execution mode" in s and "Guests" in s
    # Jump to the tick rate with the search, and type a new value.
    tmux("send-keys", "-t", session, "/")
    wait_for(session, "Jump to symbol")
    tmux("send-keys", "-t", session, "-l", "tick rate")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "Enter")
    wait_for(session, "Scheduler tick rate")
    tmux("send-keys", "-t", session, "Enter")
    wait_for(session, "Scheduler tick rate (Hz)")
    tmux("send-keys", "-t", session, "C-u")  # clear the entry box
    for _ in range(6):
        tmux("send-keys", "-t", session, "BSpace")
    tmux("send-keys", "-t", session, "-l", "250")
    tmux("send-keys", "-t", session, "Enter")
    wait_for(session, "(250) Scheduler tick rate")
    # Save and quit.
    tmux("send-keys", "-t", session, "S")
    wait_for(session, "Save")
    tmux("send-keys", "-t", session, "Enter")
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "Enter")  # dismiss "Configuration saved"
    time.sleep(0.5)
    tmux("send-keys", "-t", session, "Q")
    wait_for(session, "MENUCONFIG-EXIT=0")
    cfg = read_config(tmp_objdir)
    assert cfg["HZ"] == "250"
    assert cfg["GUEST1_NAME"] == '"linux"'  # nothing else lost
