# SPDX-License-Identifier: GPL-2.0
"""The VFS on QEMU (docs/storage.md, "VFS"): FAT32 at /, ramfs at /tmp,
devfs at /dev, in native and hypervisor mode.

From the shell: the mount table, mount points in listings, files in /tmp
and copies between FAT32 and ramfs (checked with CRC-32 against the host),
/dev/vda's bytes equal to the image, clear errors (missing file, read-only
device, cross-mount rename, a mount point, a full ramfs). From user
processes (native): user/programs/fstest runs every file system call and
its errors on ramfs and on FAT32, its file on FAT32 is read back with
mtools after poweroff and fsck.vfat is clean; the same program also runs
as an ELF file loaded from host.img through the VFS (/bin/fstest.elf);
`fstest fill` meets ENOSPC on ramfs. The locking test: `fstest stress`
writes, renames and removes files on FAT32 in the background while the
shell copies and checksums files on the same volume (without the mount
lock this scenario crashes the kernel in the buffer cache).
"""
import os
import re
import shutil
import subprocess
import time
import zlib

import pytest

from conftest import built, read_config
from console import BOOT_TIMEOUT, Console

MODES = {"native": "qemu_virt_defconfig", "hv": "qemu_virt_hv_defconfig"}
MTOOLS_ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")
RAMFS_BYTES = 4096 * 1024  # CONFIG_RAMFS_SIZE_KB default


def run(con, command, timeout=None):
    """What a command printed (line ends normalised, the echo removed)."""
    kw = {"timeout": timeout} if timeout else {}
    out = con.run(command, **kw).replace("\r", "")
    echo, _, rest = out.partition("\n")
    assert echo.strip() == command, out
    return rest


def mtype(img, path):
    return subprocess.run(["mtype", "-i", img, "::" + path], env=MTOOLS_ENV,
                          capture_output=True, check=True).stdout


def boot(objdir, img):
    con = Console.boot(objdir, disk=img)
    con.expect_prompt(BOOT_TIMEOUT)
    con.wait_guests_stopped(60)  # hv: TestOS autostarts and powers off
    return con


def shell_checks(con, img_crc, img_size, readme):
    """What the shell does through the VFS, the same in both modes."""
    assert "vfs: / (fat32) /tmp (ramfs) /dev (devfs)" in con.output
    mounts = run(con, "fs mount")
    assert re.search(r"^/\s+fat32\s+rw\s+\d+ KiB, \d+ KiB free$", mounts, re.M)
    assert re.search(rf"^/tmp\s+ramfs\s+rw\s+{RAMFS_BYTES // 1024} KiB, "
                     rf"{RAMFS_BYTES // 1024} KiB free$", mounts, re.M), mounts
    assert re.search(r"^/dev\s+devfs\s+rw$", mounts, re.M), mounts
    listing = run(con, "fs ls /")
    assert re.search(r"^\s+0\s+tmp/$", listing, re.M), listing
    assert re.search(r"^\s+0\s+dev/$", listing, re.M), listing
    assert re.search(r"^\s+\d+\s+README\.txt$", listing, re.M), listing
    devs = run(con, "fs ls /dev")
    for name in ("console", "null", "zero"):
        assert re.search(rf"^\s+0\s+{name}$", devs, re.M), devs
    assert re.search(rf"^\s+{img_size}\s+vda$", devs, re.M), devs
    # The raw disk through devfs, byte for byte (before anything is written).
    out = run(con, "fs sum /dev/vda", 120)
    assert f"crc32 {img_crc:08x} bytes {img_size} /dev/vda" in out, out

    # ramfs from the shell, and copies across mounts.
    assert run(con, "fs mkdir /tmp/d") == ""
    assert run(con, "fs write /tmp/d/hello.txt hello ramfs") == ""
    assert run(con, "fs cat /tmp/d/../d//hello.txt") == "hello ramfs\n"
    assert run(con, "fs cp /README.txt /tmp/readme") == ""
    out = run(con, "fs sum /tmp/readme")
    assert f"crc32 {zlib.crc32(readme):08x} bytes {len(readme)}" in out, out
    assert run(con, "fs mv /tmp/readme /tmp/d/readme") == ""
    assert run(con, "fs cp /tmp/d/readme /copied.txt") == ""
    out = run(con, "fs ls /tmp/d")
    assert re.search(r"^\s+12\s+hello\.txt$", out, re.M), out
    assert re.search(rf"^\s+{len(readme)}\s+readme$", out, re.M), out
    assert "68 65 6c 6c 6f 20 72 61" in run(con, "fs hexdump /tmp/d/hello.txt")

    # Bad input: clear errors, the shell goes on.
    assert "fs: /tmp/nope: no such file or directory" in run(
        con, "fs cat /tmp/nope")
    assert "fs: /tmp/d: directory not empty" in run(con, "fs rm /tmp/d")
    assert "fs: /tmp/d/hello.txt: cross-mount rename" in run(
        con, "fs mv /tmp/d/hello.txt /hello.txt")
    assert "fs: /dev/vda: read-only volume" in run(con, "fs write /dev/vda x")
    assert "fs: /dev/null: operation not permitted" in run(con,
                                                           "fs rm /dev/null")
    assert "fs: /tmp: busy" in run(con, "fs rm /tmp")
    assert run(con, "fs cat /dev/null") == ""
    assert run(con, "fs rm /tmp/d/hello.txt") == ""
    assert run(con, "fs rm /tmp/d/readme") == ""
    assert run(con, "fs rm /tmp/d") == ""
    assert run(con, "fs ls /tmp") == ""


@pytest.mark.parametrize("mode", list(MODES))
def test_vfs_shell(mode, tmp_path):
    objdir = built(MODES[mode])
    img = str(tmp_path / "host.img")
    shutil.copyfile(os.path.join(objdir, "host.img"), img)
    data = open(img, "rb").read()
    readme = mtype(img, "/README.txt")
    with boot(objdir, img) as con:
        shell_checks(con, zlib.crc32(data), len(data), readme)
        if mode == "hv":
            # A guest image does not fit in /tmp: ENOSPC, and /tmp recovers.
            out = run(con, "fs cp /guests/linux/Image /tmp/Image", 120)
            assert "fs: /tmp/Image: no space left on volume" in out, out
            assert run(con, "fs rm /tmp/Image") == ""
            tos = mtype(img, "/guests/testos/testos.bin")
            assert run(con, "fs cp /guests/testos/testos.bin /tmp/t") == ""
            out = run(con, "fs sum /tmp/t")
            assert f"crc32 {zlib.crc32(tos):08x} bytes {len(tos)}" in out
        assert run(con, "sync") == ""
        con.child.send("poweroff\r")
        con.wait_exit(timeout=BOOT_TIMEOUT)
    assert mtype(img, "/copied.txt") == readme
    r = subprocess.run(["fsck.vfat", "-n", img], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_vfs_user_programs(tmp_path):
    objdir = built("qemu_virt_defconfig")
    assert read_config(objdir).get("USER") == "y"
    img = str(tmp_path / "host.img")
    shutil.copyfile(os.path.join(objdir, "host.img"), img)
    with boot(objdir, img) as con:
        # Every call and error on ramfs, then on FAT32.
        out = run(con, "run fstest /tmp")
        assert "fstest: ok" in out, out
        out = run(con, "run fstest /")
        assert "fstest: ok" in out, out
        # The program as an ELF file on host.img, loaded through the VFS.
        out = run(con, "run /bin/fstest.elf /tmp")
        assert "fstest: ok" in out, out
        out = run(con, "run /README.txt")
        assert "run: cannot start '/README.txt': not an executable" in out
        out = run(con, "run /bin")
        assert "run: cannot start '/bin': is a directory" in out
        # ENOSPC: ramfs holds RAMFS_BYTES (fstest left one 18-byte file).
        out = run(con, "run fstest fill /tmp/big", 120)
        m = re.search(r"fstest: fill: (\d+) bytes, then error (\d+)", out)
        assert m, out
        assert int(m.group(1)) == RAMFS_BYTES - 4096
        assert int(m.group(2)) == 28  # ENOSPC
        assert "4096 KiB, 4092 KiB free" in run(con, "fs mount")
        assert run(con, "fs cat /tmp/fstest.txt") == "written by fstest\n"

        # Locking: a process and the shell write the FAT32 volume at once.
        # The process's output may land inside the shell's, so only the
        # contents are checked, and its last line is looked up in the log.
        elf = mtype(img, "/bin/fstest.elf")
        con.run("run fstest stress / 3000 &")
        for i in range(6):
            out = con.run(f"fs cp /bin/fstest.elf /c{i}.elf").replace("\r", "")
            assert "fs:" not in out, out
            out = con.run(f"fs sum /c{i}.elf").replace("\r", "")
            assert f"crc32 {zlib.crc32(elf):08x} bytes {len(elf)}" in out, out
        deadline = time.time() + 120
        while "fstest: stress ok" not in con.output:
            assert "FAILED" not in con.output, con.output
            assert time.time() < deadline, "fstest stress did not finish"
            time.sleep(1)
        assert run(con, "sync") == ""
        con.child.send("poweroff\r")
        con.wait_exit(timeout=BOOT_TIMEOUT)
    assert mtype(img, "/fstest.txt") == b"written by fstest\n"
    assert mtype(img, "/c5.elf") == elf
    r = subprocess.run(["mdir", "-i", img, "::/fst.d"], env=MTOOLS_ENV,
                       capture_output=True)
    assert r.returncode != 0  # fstest removed its directory
    r = subprocess.run(["fsck.vfat", "-n", img], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
