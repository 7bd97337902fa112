# SPDX-License-Identifier: GPL-2.0
"""Storage on QEMU: virtio-mmio (legacy and modern transport), virtio-blk,
the buffer cache and the FAT32 volume mounted at boot, through the shell's
fs commands, in native and hypervisor mode.

Every boot gets its own copy of host.img (tests write to it); after
`sync` and `poweroff` the copy is checked on the host with mtools and
`fsck.vfat -n`. `fs sum` of the Linux guest's 27 MB Image is compared
with zlib.crc32 of the same file read with mtools: multi-segment reads,
read-ahead and long FAT chains at scale.
"""
import os
import re
import shutil
import subprocess
import zlib

import pytest

from conftest import built
from console import BOOT_TIMEOUT, Console

MODES = {
    # name: (defconfig, host.img size in MiB)
    "native": ("qemu_virt_defconfig", 64),
    "hv": ("qemu_virt_hv_defconfig", 128),
}
TRANSPORTS = {
    "legacy": [],
    "modern": ["-global", "virtio-mmio.force-legacy=false"],
}
MTOOLS_ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")
SUM_TIMEOUT = 120


def disk_copy(objdir, tmp_path):
    img = str(tmp_path / "host.img")
    shutil.copyfile(os.path.join(objdir, "host.img"), img)
    return img


def mtype(img, path):
    return subprocess.run(["mtype", "-i", img, "::" + path], env=MTOOLS_ENV,
                          capture_output=True, check=True).stdout


def fsck_clean(img):
    r = subprocess.run(["fsck.vfat", "-n", img], capture_output=True,
                       text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def run(con, command, timeout=None):
    """What a command printed: line ends normalised (the pty adds a \r),
    the echo of the command line removed."""
    kw = {"timeout": timeout} if timeout else {}
    out = con.run(command, **kw).replace("\r", "")
    echo, _, rest = out.partition("\n")
    assert echo.strip() == command, out
    return rest


def boot(mode, transport, img):
    con = Console.boot(built(MODES[mode][0]), disk=img,
                       extra_args=TRANSPORTS[transport])
    con.expect_prompt(BOOT_TIMEOUT)
    con.wait_guests_stopped(240)  # hv: TestOS powers off, Linux reaches its shell
    return con


@pytest.mark.parametrize("transport", list(TRANSPORTS))
@pytest.mark.parametrize("mode", list(MODES))
def test_fs_read_write(mode, transport, tmp_path):
    objdir = built(MODES[mode][0])
    img = disk_copy(objdir, tmp_path)
    with boot(mode, transport, img) as con:
        out = con.output
        assert (f"virtio-mmio: slot 31 at 0xa003e00, IRQ 79: device 2, "
                f"{transport} transport") in out
        assert (f"fat32: vda mounted, {MODES[mode][1]} MiB, label AVATAR"
                in out)

        listing = run(con, "fs ls /")
        assert re.search(r"^\s+\d+\s+README\.txt$", listing, re.M), listing
        text = run(con, "fs cat /README.txt")
        readme = mtype(img, "/README.txt").decode()
        assert readme.splitlines()[0] in text
        assert readme.splitlines()[-1] in text
        if mode == "hv":
            image = mtype(img, "/guests/linux/Image")
            out = run(con, "fs ls /guests/linux")
            assert re.search(rf"^\s+{len(image)}\s+Image$", out, re.M), out

        info = run(con, "fs info")
        assert "label AVATAR" in info
        assert re.search(r"cache: \d+ blocks of 4096 bytes", info), info

        # Bad input: a clear error, and the shell goes on.
        out = run(con, "fs cat /nope")
        assert "fs: /nope: no such file or directory" in out
        assert "fs: /README.txt/x: not a directory" in run(con, 
            "fs ls /README.txt/x")
        assert "usage" in run(con, "fs frobnicate").lower()
        assert "Avatar" in run(con, "version")

        # Writes reach the disk after sync.
        assert run(con, "fs mkdir /t").strip() == ""
        assert run(con, "fs write /t/hello.txt hello avatar").strip() == ""
        assert run(con, "fs cp /README.txt /t/copy.txt").strip() == ""
        assert run(con, "fs mv /t/copy.txt /t/moved.txt").strip() == ""
        assert run(con, "fs mkdir /gone").strip() == ""
        assert run(con, "fs rm /gone").strip() == ""
        assert "fs: /t: file exists" in run(con, "fs mkdir /t")
        out = run(con, "fs hexdump /t/hello.txt")
        assert "68 65 6c 6c 6f 20 61 76" in out and "|hello avatar.|" in out
        assert run(con, "sync").strip() == ""
        con.child.send("poweroff\r")
        con.wait_exit(timeout=BOOT_TIMEOUT)

    assert mtype(img, "/t/hello.txt") == b"hello avatar\n"
    assert mtype(img, "/t/moved.txt").decode() == readme
    r = subprocess.run(["mdir", "-i", img, "::/gone"], env=MTOOLS_ENV,
                       capture_output=True)
    assert r.returncode != 0
    fsck_clean(img)


def test_fs_sum_large_file(tmp_path):
    """CRC32 of the 27 MB Linux Image: reads at scale, checked on the host."""
    objdir = built("qemu_virt_hv_defconfig")
    img = disk_copy(objdir, tmp_path)
    data = mtype(img, "/guests/linux/Image")
    assert len(data) > 16 * 1024 * 1024
    with boot("hv", "modern", img) as con:
        out = run(con, "fs sum /guests/linux/Image", SUM_TIMEOUT)
        assert (f"crc32 {zlib.crc32(data):08x} bytes {len(data)} "
                f"/guests/linux/Image") in out, out
        # Sequential reads were read ahead, in multi-segment requests.
        info = run(con, "fs info")
        m = re.search(r"read-ahead (\d+)", info)
        assert m and int(m.group(1)) > 0, info
        m = re.search(r"disk: (\d+) reads \((\d+) sectors\)", info)
        assert m and int(m.group(2)) // int(m.group(1)) >= 64, info
        # Warm: the same sum again, from the cache.
        out = run(con, "fs sum /guests/linux/Image", SUM_TIMEOUT)
        assert f"crc32 {zlib.crc32(data):08x}" in out
        assert re.search(r"disk: (\d+) reads", run(con, "fs info")).group(1) \
            == m.group(1)


def test_fs_no_disk():
    with Console.boot(built("qemu_virt_defconfig"), disk=False) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "fat32: no disk (vda): no volume mounted" in con.output
        assert "fs: /: no file system mounted there" in run(con, "fs ls /")
        assert "fs: no volume mounted" in run(con, "fs info")
        # /tmp and /dev do not need the disk.
        assert run(con, "fs write /tmp/x no disk").strip() == ""
        assert run(con, "fs cat /tmp/x").strip() == "no disk"
        assert "vda" not in run(con, "fs ls /dev")
        assert "Avatar" in run(con, "version")


def test_fs_read_only(tmp_path):
    """CONFIG_FS_FAT32_READ_ONLY: mounted read-only, writes refused."""
    objdir = built("qemu_virt_defconfig", name="qemu_virt_fs_ro",
                   extra="CONFIG_FS_FAT32_READ_ONLY=y\n")
    img = disk_copy(objdir, tmp_path)
    before = open(img, "rb").read()
    with Console.boot(objdir, disk=img) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        con.wait_guests_stopped(60)
        assert "fat32: vda mounted read-only, 64 MiB, label AVATAR" in \
            con.output
        assert "fs: /t: read-only volume" in run(con, "fs mkdir /t")
        assert "README.txt" in run(con, "fs ls /")
        assert re.search(r"^/\s+fat32\s+ro\s", run(con, "fs mount"), re.M)
        assert "fs: /x: read-only volume" in run(con, "fs write /x y")
        assert run(con, "fs write /tmp/x ramfs is writable").strip() == ""
    assert open(img, "rb").read() == before
