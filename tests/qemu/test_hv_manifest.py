# SPDX-License-Identifier: GPL-2.0
"""The optional guest manifest on host.img (/guests/manifest.txt,
docs/hypervisor.md "Guest manifest") adds guests without a rebuild.

A copy of the qemu_virt_hv_avatar build's host.img gets a manifest
(mcopy) describing a second TestOS guest, from the files already on the
image, marked autostart, plus guests that break the rules. At boot every
bad line is reported with its line number, the good guest is added after
the generated ones in `guest list`, autostarts, passes its checks, and
starts again from the shell; `guest info` says where it came from. Without
a manifest nothing changes (test_hv_avatar.py boots the same build)."""
import os
import re
import shutil
import subprocess

from console import BOOT_TIMEOUT, Console
from test_hv_avatar import avatar_build
from test_hv_testos import guest_state

GUEST_TIMEOUT = 60
ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")
PATH = "/guests/manifest.txt"
TESTOS_CHECKS = ["el1", "dtb-valid", "dtb-memory", "hv-null-call", "hv-psci-version",
                 "hv-mmio-unmapped", "hv-vtimer-irq", "hv-sgi-self"]

MANIFEST = """\
# Guests added at run time: no rebuild.
[testos2]
type      = testos
kernel    = /guests/testos/testos.bin
dtb       = /guests/testos/guest.dtb
vcpus     = 1
mem       = 32
autostart = yes

[testos]
type = testos
kernel = /guests/testos/testos.bin

[bigger]
type = testos
kernel = /guests/testos/testos.bin
vcpus = 99
mem = 3

[typo]
type = testos
kernel = /guests/testos/testos.bin
memory = 64

[lost]
type = testos
kernel = /guests/lost/lost.bin
"""


def line_of(text, needle, after=0):
    """1-based number of the first line at or after line `after` containing needle."""
    lines = text.split("\n")
    return next(i + 1 for i in range(after, len(lines)) if needle in lines[i])


def with_manifest(objdir, tmp_path, text):
    img = str(tmp_path / "host.img")
    shutil.copyfile(os.path.join(objdir, "host.img"), img)
    src = tmp_path / "manifest.txt"
    src.write_text(text)
    subprocess.run(["mcopy", "-o", "-i", img, str(src), "::" + PATH], env=ENV, check=True)
    return img


def check_testos2(con, start):
    con.expect(r"hv: testos2: stopped \(PSCI SYSTEM_OFF\)", GUEST_TIMEOUT)
    log = con.output[start:]
    assert "[testos2] TestOS: hello from CPU0 at EL1" in log, log
    for name in TESTOS_CHECKS:
        assert f"[testos2] TestOS: PASS {name}" in log, f"{name}:\n{log}"
    assert "[testos2] TestOS: done" in log, log
    assert not re.search(r"\[testos2\].*FAIL", log), log


def test_manifest_adds_a_guest_and_reports_bad_lines(tmp_path):
    objdir = avatar_build()
    img = with_manifest(objdir, tmp_path, MANIFEST)
    with Console.boot(objdir, disk=img) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        boot = con.output
        # Each problem with its line number; the good guest kept.
        m = MANIFEST
        for line, what in (
                (line_of(m, "[testos]"), "[testos] duplicate name: guest 1 of the built-in table"),
                (line_of(m, "vcpus = 99"), "[bigger] 99 vCPUs is beyond the limit of "
                 "HV_MAX_VCPUS=8"),
                (line_of(m, "mem = 3"), "[bigger] memory size 3 MiB must be a non-zero "
                 "multiple of 2 MiB"),
                (line_of(m, "memory = 64"), "[typo] unknown key 'memory'"),
                (line_of(m, "lost.bin"), "[lost] kernel file '/guests/lost/lost.bin' is not "
                 "on host.img")):
            assert f"hv: {PATH}:{line}: {what}" in boot, boot
        assert f"hv: {PATH}: 1 guest added, 4 refused" in boot, boot
        assert "3 guests configured (1 marked autostart)" in boot, boot
        assert "hv: testos2: started (1 vCPU, 32 MiB)" in boot, boot
        check_testos2(con, boot.find("hv: testos2: started"))
        out = con.run("guest list")
        assert re.search(r"^2\s+testos2\s+TestOS\s+1\s+32 MiB any\s+yes\s+stopped", out,
                         re.M), out
        assert "bigger" not in out and "lost" not in out, out
        out = con.run("guest info testos2")
        assert f"manifest {PATH} line 2" in out, out
        assert "/guests/testos/testos.bin" in out, out
        # Started again from the shell, by name and by index.
        start = len("".join(con.log))
        assert "hv: testos2: started" in con.run("guest start testos2")
        check_testos2(con, start)
        start = len("".join(con.log))
        assert "hv: testos2: started" in con.run("guest start 2")
        check_testos2(con, start)
        assert guest_state(con, "testos2") == "stopped"
        assert "Avatar" in con.run("version")


def test_manifest_with_nothing_good_changes_nothing(tmp_path):
    objdir = avatar_build()
    img = with_manifest(objdir, tmp_path, "[a b]\nkernel = x\nvcpus\n")
    with Console.boot(objdir, disk=img) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        boot = con.output
        assert f"hv: {PATH}:1: bad section header" not in boot  # it is a bad name
        assert f"hv: {PATH}:1: [a b] invalid name" in boot, boot
        assert f"hv: {PATH}:3: [a b] expected 'key = value' or '[name]'" in boot, boot
        assert f"hv: {PATH}: 0 guests added, 1 refused" in boot, boot
        assert "2 guests configured (0 marked autostart)" in boot, boot
        out = con.run("guest list")
        assert len(re.findall(r"^\d+\s+\S+\s+(?:Avatar|TestOS)", out, re.M)) == 2, out
