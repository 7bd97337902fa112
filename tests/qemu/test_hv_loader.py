# SPDX-License-Identifier: GPL-2.0
"""The guest loader reads guests from host.img (qemu_virt_hv_defconfig).

`guest validate` runs every check of the loader without starting the
guest and prints sizes that match the files on the image (read back with
mtools); a copy of host.img with a broken TestOS image (garbage,
truncated, removed) or a corrupt guest DTB gives a one-line error naming
the guest and the file, at boot (autostart) and from the shell, and the
hypervisor keeps answering. `guest log` shows a guest's last output.
The shared build's host.img is never modified: the tests work on copies."""
import os
import re
import shutil
import subprocess

import pytest

from conftest import built
from console import BOOT_TIMEOUT, Console

GUEST_TIMEOUT = 60
LINUX_TIMEOUT = 240  # its boot to the busybox shell, under TCG
ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")
TESTOS_BIN = "/guests/testos/testos.bin"
TESTOS_DTB = "/guests/testos/guest.dtb"


def image_file_size(img, path, tmp_path):
    out = tmp_path / os.path.basename(path)
    subprocess.run(["mcopy", "-n", "-o", "-i", img, "::" + path, str(out)],
                   env=ENV, check=True)
    return os.path.getsize(out)


def test_validate_matches_the_image_and_log(tmp_path):
    objdir = built("qemu_virt_hv_defconfig")
    img = os.path.join(objdir, "host.img")
    with Console.boot(objdir) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        # Both guests autostart from host.img; TestOS powers off, Linux
        # reaches its shell.
        con.wait_guests_stopped(LINUX_TIMEOUT)
        assert "hv: testos: stopped (PSCI SYSTEM_OFF)" in con.output, con.output
        assert "hv: testos: started (1 vCPU, 32 MiB)" in con.output, con.output
        assert "hv: linux: started (2 vCPUs, 256 MiB)" in con.output, con.output
        out = con.run("guest validate testos")
        size = image_file_size(img, TESTOS_BIN, tmp_path)
        assert re.search(rf"kernel {TESTOS_BIN}: arm64 Image, {size} bytes", out), out
        dtb = image_file_size(img, TESTOS_DTB, tmp_path)
        assert re.search(rf"dtb {TESTOS_DTB}: ok, {dtb} bytes at 0x41e00000", out), out
        assert "guest testos: ok" in out, out
        out = con.run("guest validate linux", timeout=60)
        for kind, path, what in (("kernel", "/guests/linux/Image", "arm64 Image, "),
                                 ("initrd", "/guests/linux/initrd.cpio.gz", "")):
            size = image_file_size(img, path, tmp_path)
            assert f"{kind} {path}: {what}{size} bytes" in out, out
        # The DTB grew by the fix-ups: linux,initrd-start/-end in /chosen.
        size = image_file_size(img, "/guests/linux/guest.dtb", tmp_path)
        m = re.search(r"dtb /guests/linux/guest.dtb: ok, (\d+) bytes", out)
        assert m and size < int(m.group(1)) <= size + 1024, out
        assert "guest linux: ok" in out, out
        out = con.run("guest log testos")
        assert "TestOS: hello from CPU0 at EL1" in out, out
        assert "TestOS: done" in out, out
        assert "[testos]" not in out, out
        out = con.run("guest log linux")
        assert "Run /init as init process" in out and "[linux]" not in out, out
        assert "no guest 'nosuch'" in con.run("guest validate nosuch")


def broken_copy(objdir, tmp_path, path, content):
    """A copy of host.img with path replaced by content (None: removed)."""
    img = str(tmp_path / "host.img")
    shutil.copyfile(os.path.join(objdir, "host.img"), img)
    if content is None:
        subprocess.run(["mdel", "-i", img, "::" + path], env=ENV, check=True)
    else:
        src = tmp_path / "replacement"
        src.write_bytes(content)
        subprocess.run(["mcopy", "-o", "-i", img, str(src), "::" + path],
                       env=ENV, check=True)
    return img


def head_of_testos(objdir, n):
    with open(os.path.join(objdir, "guests/build/testos/testos.bin"), "rb") as f:
        return f.read(n)


CASES = {
    "garbage": (TESTOS_BIN, lambda o: bytes(range(256)) * 64,
                rf"{TESTOS_BIN}: not an arm64 Image"),
    "truncated": (TESTOS_BIN, lambda o: head_of_testos(o, 48),
                  rf"{TESTOS_BIN}: not an arm64 Image"),
    "removed": (TESTOS_BIN, lambda o: None, rf"{TESTOS_BIN}: .*(not found|no such)"),
    "dtb-corrupt": (TESTOS_DTB, lambda o: b"\xd0\x0d\xfe\xed" + b"\xff" * 60,
                    rf"{TESTOS_DTB}: not a valid DTB"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_bad_image_is_refused_and_hv_stays_up(tmp_path, case):
    objdir = built("qemu_virt_hv_defconfig")
    path, content, error = CASES[case]
    img = broken_copy(objdir, tmp_path, path, content(objdir))
    with Console.boot(objdir, disk=img) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        # Autostart reported it; the boot went on.
        assert re.search(rf"guest: testos: {error}", con.output, re.I), con.output
        out = con.run("guest validate testos")
        assert re.search(rf"guest: testos: {error}", out, re.I), out
        assert "validation failed" in out, out
        out = con.run("guest start testos")
        assert re.search(rf"guest: testos: {error}", out, re.I), out
        assert "hv: testos: started" not in con.output, con.output
        assert "Avatar" in con.run("version")
        assert "stopped" in con.run("guest list")
