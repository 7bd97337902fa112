# SPDX-License-Identifier: GPL-2.0
"""The guest-table generator: validation and generated files."""
import os
import re
import subprocess

import pytest

from conftest import PYTHON, SRCTREE

KCONFIG = [PYTHON, os.path.join(SRCTREE, "scripts", "kconfig", "kconfig.py"),
           "--srctree", SRCTREE]

BASE = """CONFIG_HYPERVISOR=y
CONFIG_NR_CPUS=4
CONFIG_BOARD_RAM_MB=1024
CONFIG_GUEST1=y
CONFIG_GUEST1_NAME="linux"
CONFIG_GUEST1_TYPE_LINUX=y
CONFIG_GUEST1_VCPUS=2
CONFIG_GUEST1_MEM_MB=256
CONFIG_GUEST2=y
CONFIG_GUEST2_NAME="testos"
CONFIG_GUEST2_TYPE_TESTOS=y
CONFIG_GUEST2_MEM_MB=32
"""


def merge(text):
    """Later assignments of a symbol replace earlier ones (the checker
    rightly refuses a symbol set twice)."""
    vals = {}
    for line in text.splitlines():
        key = line.split("=", 1)[0] if "=" in line else line
        if line.startswith("# CONFIG_"):
            key = line.split()[1]
        vals[key] = line
    return "\n".join(vals.values()) + "\n"


def sync(tmp_path, text):
    """defconfig from text, then syncconfig into tmp_path/out."""
    d = tmp_path / "defconfig"
    d.write_text(merge(text))
    cfg = tmp_path / ".config"
    r = subprocess.run(KCONFIG + ["--config", str(cfg), "defconfig", str(d)],
                       capture_output=True, text=True)
    if r.returncode:
        return r
    return subprocess.run(KCONFIG + ["--config", str(cfg), "syncconfig",
                                     str(tmp_path / "out")],
                          capture_output=True, text=True)


def test_table_and_list(tmp_path):
    r = sync(tmp_path, BASE + 'CONFIG_GUEST1_AFFINITY=0x3\n'
             '# CONFIG_GUEST2_AUTOSTART is not set\n')
    assert r.returncode == 0, r.stderr
    out = tmp_path / "out"
    table = (out / "generated" / "guest_table.c").read_text()
    assert ".count = 2," in table
    assert '.name = "linux",' in table and '.name = "testos",' in table
    assert ".type = GUEST_TYPE_LINUX," in table
    assert ".type = GUEST_TYPE_TESTOS," in table
    assert ".ram_size = 0x10000000ULL," in table  # 256 MiB
    assert ".nr_vcpus = 2," in table
    assert ".cpu_affinity = 0x3ULL," in table
    assert ".autostart = false," in table and ".autostart = true," in table
    assert '.kernel_path = "/guests/linux/Image",' in table
    assert '.initrd_path = "/guests/linux/initrd.cpio.gz",' in table
    assert '.dtb_path = "/guests/testos/guest.dtb",' in table
    assert ".load_addr = 0x40080000ULL," in table
    # The table is valid C against the real header.
    c = subprocess.run(["gcc", "-fsyntax-only", "-Wall", "-Wextra", "-Werror",
                        "-I", os.path.join(SRCTREE, "include"), "-x", "c", "-"],
                       input=table, capture_output=True, text=True)
    assert c.returncode == 0, c.stderr
    rows = (out / "generated" / "hostimg.list").read_text().splitlines()
    dests = sorted(r.split("\t")[1] for r in rows)
    assert dests == ["/README.txt", "/guests/linux/Image", "/guests/linux/guest.dtb",
                     "/guests/linux/initrd.cpio.gz", "/guests/testos/guest.dtb",
                     "/guests/testos/testos.bin"]
    mk = (out / "generated" / "guests.mk").read_text()
    assert "GUEST_BUILD_LINUX := y" in mk and "GUEST_BUILD_AVATAR := \n" in mk
    dts = (out / "guests" / "vm" / "linux" / "guest.dts").read_text()
    assert "0x10000000" in dts.lower() or "10000000" in dts
    assert "cpu@1" in dts and "cpu@2" not in dts


def test_rewritten_only_when_changed(tmp_path):
    assert sync(tmp_path, BASE).returncode == 0
    table = tmp_path / "out" / "generated" / "guest_table.c"
    dts = tmp_path / "out" / "guests" / "vm" / "testos" / "guest.dts"
    os.utime(table, ns=(1, 1))
    os.utime(dts, ns=(1, 1))
    assert sync(tmp_path, BASE).returncode == 0
    assert table.stat().st_mtime_ns == 1 and dts.stat().st_mtime_ns == 1
    assert sync(tmp_path, BASE.replace("MEM_MB=256", "MEM_MB=128")).returncode == 0
    assert table.stat().st_mtime_ns != 1
    assert dts.stat().st_mtime_ns == 1  # the other guest is untouched


def test_no_guests_in_native_mode(tmp_path):
    r = sync(tmp_path, "CONFIG_NATIVE=y\n")
    assert r.returncode == 0, r.stderr
    table = (tmp_path / "out" / "generated" / "guest_table.c").read_text()
    assert ".count = 0," in table
    rows = (tmp_path / "out" / "generated" / "hostimg.list").read_text()
    assert rows.endswith("fs/hostimg/README.txt\t/README.txt\n")


@pytest.mark.parametrize("extra, message", [
    ('CONFIG_GUEST2_NAME="linux"\n',
     "guest slot 2 ('linux'): duplicate name: slot 1 is also called 'linux'"),
    ('CONFIG_GUEST2_NAME="Bad Name"\n', "guest slot 2 ('Bad Name'): invalid name"),
    ("CONFIG_GUEST1_VCPUS=12\n",
     "guest slot 1 ('linux'): 12 vCPUs is beyond the limit of HV_MAX_VCPUS=8"),
    ("CONFIG_GUEST1_AFFINITY=0x10\n",
     "guest slot 1 ('linux'): CPU affinity 0x10 names CPUs beyond NR_CPUS=4"),
    ("CONFIG_GUEST1_MEM_MB=2048\n",
     "guest slot 1 ('linux'): memory 2048 MiB does not fit in BOARD_RAM_MB=1024"),
    ("CONFIG_GUEST1_MEM_MB=600\nCONFIG_GUEST2_MEM_MB=400\n",
     "guests need 1000 MiB in all, more than BOARD_RAM_MB=1024 minus HV_RESERVED_MB=64"),
    ("CONFIG_GUEST1_MEM_MB=255\n", "must be a non-zero multiple of 2 MiB"),
    ("CONFIG_GUEST3=y\nCONFIG_GUEST3_TYPE_CUSTOM=y\n"
     "CONFIG_GUEST3_KERNEL_PATH=\"/nonexistent/rtos.bin\"\n",
     "guest slot 3 ('guest3'): kernel file '/nonexistent/rtos.bin' does not exist"),
    ("CONFIG_GUEST3=y\nCONFIG_GUEST3_TYPE_CUSTOM=y\n",
     "guest slot 3 ('guest3'): no kernel file given"),
    ("CONFIG_GUEST3=y\nCONFIG_GUEST3_TYPE_CUSTOM=y\nCONFIG_GUEST3_RAM_BASE=0x0\n"
     "CONFIG_GUEST3_MEM_MB=256\nCONFIG_GUEST3_LOAD_ADDR=0x0\nCONFIG_GUEST3_ENTRY=0x0\n"
     "CONFIG_GUEST3_KERNEL_PATH=\"Makefile\"\n",
     "guest slot 3 ('guest3'): RAM 0x0-0xfffffff overlaps the device window"),
    ("CONFIG_GUEST3=y\nCONFIG_GUEST3_TYPE_CUSTOM=y\n"
     "CONFIG_GUEST3_LOAD_ADDR=0x10000000\nCONFIG_GUEST3_KERNEL_PATH=\"Makefile\"\n",
     "guest slot 3 ('guest3'): load address 0x10000000 is outside guest RAM"),
])
def test_validation_errors_name_the_slot(tmp_path, extra, message):
    r = sync(tmp_path, BASE + extra)
    assert r.returncode != 0
    assert message in r.stderr, r.stderr
    assert not (tmp_path / "out" / "generated" / "guest_table.c").exists()
    assert not (tmp_path / "out" / "include" / "generated" / "autoconf.h").exists()


def test_custom_guest_from_file(tmp_path):
    img = tmp_path / "rtos.bin"
    img.write_bytes(b"\x00" * 4096)
    r = sync(tmp_path, BASE + "CONFIG_GUEST3=y\nCONFIG_GUEST3_NAME=\"rtos\"\n"
             "CONFIG_GUEST3_TYPE_CUSTOM=y\nCONFIG_GUEST3_RAM_BASE=0x0\n"
             "CONFIG_GUEST3_MEM_MB=64\nCONFIG_GUEST3_LOAD_ADDR=0x0\n"
             "CONFIG_GUEST3_ENTRY=0x100\nCONFIG_GUEST3_DTB_ADDR=0x3000000\n"
             f'CONFIG_GUEST3_KERNEL_PATH="{img}"\n')
    assert r.returncode == 0, r.stderr
    table = (tmp_path / "out" / "generated" / "guest_table.c").read_text()
    block = table[table.index('"rtos"'):]
    assert ".type = GUEST_TYPE_CUSTOM," in block
    assert ".ram_base = 0x0ULL," in block and ".entry = 0x100ULL," in block
    assert ".dtb_addr = 0x3000000ULL," in block
    assert '.kernel_path = "/guests/rtos/rtos.bin",' in block
    rows = (tmp_path / "out" / "generated" / "hostimg.list").read_text()
    assert f"{img}\t/guests/rtos/rtos.bin" in rows
    mk = (tmp_path / "out" / "generated" / "guests.mk").read_text()
    assert str(img) in re.search(r"HOSTIMG_INPUTS := (.*)", mk).group(1)
