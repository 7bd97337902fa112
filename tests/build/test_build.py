# SPDX-License-Identifier: GPL-2.0
"""Builds: every defconfig, O=, -j, per-symbol rebuilds, no-op make and
errors for missing tools."""
import glob
import os
import re
import subprocess

import pytest

from conftest import SRCTREE, built, make, set_config

DEFCONFIGS = sorted(os.path.basename(p) for p in
                    glob.glob(os.path.join(SRCTREE, "configs", "*_defconfig")))
ARM64_IMAGE_MAGIC = b"ARM\x64"


def steps(output):
    """The build steps make printed, e.g. {('CC', 'kernel/main.o'), ...}."""
    return {tuple(m.groups()) for m in
            re.finditer(r"^\s+([A-Z]+)\s+(\S+)$", output, re.M)}


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_defconfig_builds(defconfig):
    objdir = built(defconfig)
    with open(os.path.join(objdir, "Image"), "rb") as f:
        head = f.read(64)
    assert head[0x38:0x3c] == ARM64_IMAGE_MAGIC
    assert os.path.getsize(os.path.join(objdir, "host.img")) > 33 << 20


def test_out_of_tree_build_writes_nothing_in_the_source_tree(tmp_objdir):
    def tree():
        found = set()
        for root, dirs, files in os.walk(SRCTREE):
            dirs[:] = [d for d in dirs if d not in (".git", "build")]
            found.update(os.path.join(root, f) for f in files)
        return found
    before = tree()
    make("qemu_virt_defconfig", objdir=tmp_objdir)
    make("-j2", objdir=tmp_objdir)
    assert os.path.exists(os.path.join(tmp_objdir, "Image"))
    assert tree() == before


def test_parallel_build_and_noop(tmp_objdir):
    make("qemu_virt_hv_defconfig", objdir=tmp_objdir)
    make("-j4", objdir=tmp_objdir)
    r = make("-j4", objdir=tmp_objdir)
    assert steps(r.stdout) == set(), f"no-op make did work:\n{r.stdout}"


def test_changing_guest_memory_rebuilds_only_its_users(tmp_objdir):
    make("qemu_virt_hv_defconfig", objdir=tmp_objdir)
    make("-j2", objdir=tmp_objdir)
    set_config(tmp_objdir, GUEST1_MEM_MB="128")
    r = make(objdir=tmp_objdir)
    done = steps(r.stdout)
    compiled = {p for kind, p in done if kind in ("CC", "AS")}
    assert compiled == {"generated/guest_table.o"}, r.stdout
    assert ("DTC", "guests/vm/linux/guest.dtb") in done
    assert ("DTC", "guests/vm/testos/guest.dtb") not in done
    assert any(kind == "HOSTIMG" for kind, _ in done)
    table = open(os.path.join(tmp_objdir, "generated", "guest_table.c")).read()
    assert ".ram_size = 0x8000000ULL," in table


def test_changing_one_symbol_rebuilds_only_files_using_it(tmp_objdir):
    make("qemu_virt_defconfig", objdir=tmp_objdir)
    make("-j2", objdir=tmp_objdir)
    # Files whose preprocessed dependencies mention CONFIG_HZ.
    users = set()
    for dep in glob.glob(os.path.join(tmp_objdir, "**", "*.d"), recursive=True):
        if "/config/hz.h" in open(dep).read():
            users.add(os.path.relpath(dep, tmp_objdir)[:-2] + ".o")
    assert users, "no object uses CONFIG_HZ"
    set_config(tmp_objdir, HZ="250")
    r = make(objdir=tmp_objdir)
    compiled = {p for kind, p in steps(r.stdout) if kind in ("CC", "AS")}
    assert compiled == users, r.stdout
    assert ("LD", os.path.basename(tmp_objdir) + "/avatar.elf") in steps(r.stdout) \
        or any(k == "LD" for k, _ in steps(r.stdout))


def test_kconfig_edit_triggers_sync(tmp_objdir):
    make("qemu_virt_defconfig", objdir=tmp_objdir)
    make(objdir=tmp_objdir)
    os.utime(os.path.join(SRCTREE, "kernel", "Kconfig"))
    r = make(objdir=tmp_objdir)
    assert any(k == "SYNC" for k, _ in steps(r.stdout))


def test_missing_tool_is_named(tmp_objdir):
    make("qemu_virt_defconfig", objdir=tmp_objdir)
    r = make("CROSS_COMPILE=/nonexistent/aarch64-none-", objdir=tmp_objdir,
             check=False)
    assert r.returncode != 0
    assert "/nonexistent/aarch64-none-gcc" in r.stderr
    assert "CROSS_COMPILE" in r.stderr


def test_missing_config_uses_the_default_defconfig(tmp_objdir):
    r = make("prepare", objdir=tmp_objdir)
    assert "no configuration in" in r.stdout
    assert "using qemu_virt_hv_defconfig" in r.stdout
    assert os.path.exists(os.path.join(tmp_objdir, "include", "generated",
                                       "autoconf.h"))


def test_avatar_and_custom_guests_are_built_and_packed(tmp_objdir, tmp_path):
    """A slot of type Avatar gets a native build of this tree; a custom
    slot gets the user's file; both land in host.img and the table."""
    rtos = tmp_path / "rtos.bin"
    rtos.write_bytes(bytes(range(256)) * 64)
    make("qemu_virt_hv_defconfig", objdir=tmp_objdir)
    with open(os.path.join(tmp_objdir, ".config"), "a") as f:
        f.write('CONFIG_GUEST3=y\nCONFIG_GUEST3_NAME="avatar"\n'
                "CONFIG_GUEST3_TYPE_AVATAR=y\nCONFIG_GUEST3_MEM_MB=64\n"
                'CONFIG_GUEST4=y\nCONFIG_GUEST4_NAME="rtos"\n'
                "CONFIG_GUEST4_TYPE_CUSTOM=y\nCONFIG_GUEST4_MEM_MB=16\n"
                "CONFIG_GUEST4_RAM_BASE=0x0\nCONFIG_GUEST4_LOAD_ADDR=0x0\n"
                "CONFIG_GUEST4_ENTRY=0x0\n"
                f'CONFIG_GUEST4_KERNEL_PATH="{rtos}"\n')
    make("olddefconfig", objdir=tmp_objdir)
    make("-j2", objdir=tmp_objdir)
    native = os.path.join(tmp_objdir, "guests", "build", "avatar", "Image")
    with open(os.path.join(tmp_objdir, "guests", "build", "avatar", ".config")) as f:
        assert "CONFIG_NATIVE=y" in f.read()
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    img = os.path.join(tmp_objdir, "host.img")
    for dest, src in (("/guests/avatar/Image", native),
                      ("/guests/rtos/rtos.bin", str(rtos))):
        out = tmp_path / "out.bin"
        subprocess.run(["mcopy", "-n", "-i", img, "::" + dest, str(out)],
                       check=True, env=env)
        assert open(out, "rb").read() == open(src, "rb").read(), dest
    table = open(os.path.join(tmp_objdir, "generated", "guest_table.c")).read()
    assert ".type = GUEST_TYPE_AVATAR," in table
    assert ".type = GUEST_TYPE_CUSTOM," in table
    # The user's file changes: host.img is repacked with the new bytes.
    rtos.write_bytes(b"\x7f" * 8192)
    r = make(objdir=tmp_objdir)
    assert any(k == "HOSTIMG" for k, _ in steps(r.stdout))
    out = tmp_path / "out2.bin"
    subprocess.run(["mcopy", "-n", "-i", img, "::/guests/rtos/rtos.bin",
                    str(out)], check=True, env=env)
    assert open(out, "rb").read() == b"\x7f" * 8192
    # The user's file disappears: a one-line error naming it.
    rtos.unlink()
    r = make(objdir=tmp_objdir, check=False)
    assert r.returncode != 0
    assert "rtos.bin" in r.stderr


def test_failed_download_is_a_clear_error(tmp_path):
    dl = tmp_path / "dl"
    r = subprocess.run([os.path.join(SRCTREE, "scripts", "fetch-deb.sh"),
                        str(dl), "avatar-no-such-package:arm64"],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode != 0
    assert "avatar-no-such-package" in r.stderr
    assert r.stdout == ""
    assert not any(p.suffix == ".deb" for p in dl.rglob("*"))


def test_verbose_build_shows_commands(tmp_objdir):
    make("qemu_virt_defconfig", objdir=tmp_objdir)
    make(objdir=tmp_objdir)
    os.utime(os.path.join(SRCTREE, "kernel", "version.c"))
    r = make("V=1", objdir=tmp_objdir)
    assert "aarch64-linux-gnu-gcc" in r.stdout and "-Werror" in r.stdout
    assert "kernel/version.c" in r.stdout
