# SPDX-License-Identifier: GPL-2.0
"""host.img: contents, fsck, reproducibility and the disk-full error."""
import filecmp
import os
import subprocess

from conftest import SRCTREE, built

MKHOSTIMG = os.path.join(SRCTREE, "scripts", "mkhostimg.sh")
ENV = dict(os.environ, MTOOLS_SKIP_CHECK="1")


def hv_build():
    return built("qemu_virt_hv_defconfig")


def hostimg_rows(objdir):
    with open(os.path.join(objdir, "generated", "hostimg.list")) as f:
        return [line.rstrip("\n").split("\t") for line in f if line.strip()]


def test_every_guest_file_is_on_the_image_byte_identical(tmp_path):
    objdir = hv_build()
    img = os.path.join(objdir, "host.img")
    rows = hostimg_rows(objdir)
    dests = {d for _, d in rows}
    for needed in ("/guests/linux/Image", "/guests/linux/initrd.cpio.gz",
                   "/guests/linux/guest.dtb", "/guests/testos/testos.bin",
                   "/guests/testos/guest.dtb"):
        assert needed in dests
    for src, dest in rows:
        out = tmp_path / os.path.basename(dest)
        r = subprocess.run(["mcopy", "-n", "-i", img, "::" + dest, str(out)],
                           capture_output=True, text=True, env=ENV)
        assert r.returncode == 0, r.stderr
        assert filecmp.cmp(src, out, shallow=False), f"{dest} differs"
    listing = subprocess.run(["mdir", "-b", "-/", "-i", img, "::/"],
                             capture_output=True, text=True, env=ENV).stdout
    assert "::/guests/linux/Image" in listing


def test_fsck_clean():
    img = os.path.join(hv_build(), "host.img")
    r = subprocess.run(["fsck.vfat", "-n", img], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_reproducible(tmp_path):
    """Same inputs, same bytes, whenever it is packed."""
    objdir = hv_build()
    lst = os.path.join(objdir, "generated", "hostimg.list")
    size = os.path.getsize(os.path.join(objdir, "host.img")) // (1 << 20)
    a, b = tmp_path / "a.img", tmp_path / "b.img"
    subprocess.run([MKHOSTIMG, lst, str(a), str(size)], check=True, env=ENV)
    for src, _ in hostimg_rows(objdir):
        os.utime(src)  # a rebuild gives new timestamps, not new bytes
    subprocess.run([MKHOSTIMG, lst, str(b), str(size)], check=True, env=ENV)
    assert filecmp.cmp(a, b, shallow=False)
    assert filecmp.cmp(a, os.path.join(objdir, "host.img"), shallow=False)


def test_full_image_is_a_clear_error(tmp_path):
    big = tmp_path / "big.bin"
    with open(big, "wb") as f:
        f.truncate(40 << 20)
    lst = tmp_path / "list"
    lst.write_text(f"{big}\t/guests/big/big.bin\n")
    out = tmp_path / "host.img"
    r = subprocess.run([MKHOSTIMG, str(lst), str(out), "34"],
                       capture_output=True, text=True, env=ENV)
    assert r.returncode != 0
    assert "raise CONFIG_HOSTIMG_SIZE_MB" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert not out.exists() and not (tmp_path / "host.img.tmp").exists()


def test_missing_input_is_a_clear_error(tmp_path):
    lst = tmp_path / "list"
    lst.write_text(f"{tmp_path}/nope.bin\t/guests/x/nope.bin\n")
    out = tmp_path / "host.img"
    r = subprocess.run([MKHOSTIMG, str(lst), str(out), "64"],
                       capture_output=True, text=True, env=ENV)
    assert r.returncode != 0
    assert "nope.bin: missing" in r.stderr
    assert not out.exists()
