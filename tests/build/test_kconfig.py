# SPDX-License-Identifier: GPL-2.0
"""Configuration targets and the strict checks of scripts/kconfig."""
import glob
import os
import subprocess

import pytest

from conftest import PYTHON, SRCTREE, make, read_config, set_config

DEFCONFIGS = sorted(os.path.basename(p) for p in
                    glob.glob(os.path.join(SRCTREE, "configs", "*_defconfig")))
KCONFIG = [PYTHON, os.path.join(SRCTREE, "scripts", "kconfig", "kconfig.py"),
           "--srctree", SRCTREE]


def kconfig(config, *args):
    return subprocess.run(KCONFIG + ["--config", config] + list(args),
                          capture_output=True, text=True)


def test_all_required_defconfigs_exist():
    for name in ("qemu_virt_hv_defconfig", "qemu_virt_defconfig",
                 "qemu_virt_gicv2_hv_defconfig", "rpi4_hv_defconfig"):
        assert name in DEFCONFIGS


def test_hv_defconfig_contents(tmp_objdir):
    make("qemu_virt_hv_defconfig", objdir=tmp_objdir)
    cfg = read_config(tmp_objdir)
    assert cfg["HYPERVISOR"] == "y" and cfg["GIC_V3"] == "y"
    assert cfg["NR_CPUS"] == "4"
    assert cfg["GUEST1_TYPE_LINUX"] == "y" and cfg["GUEST2_TYPE_TESTOS"] == "y"


@pytest.mark.parametrize("defconfig", DEFCONFIGS)
def test_savedefconfig_round_trip(defconfig, tmp_objdir):
    """defconfig -> savedefconfig -> defconfig gives the same .config."""
    make(defconfig, objdir=tmp_objdir)
    with open(os.path.join(tmp_objdir, ".config")) as f:
        first = f.read()
    make("savedefconfig", objdir=tmp_objdir)
    saved = os.path.join(tmp_objdir, "defconfig")
    r = kconfig(os.path.join(tmp_objdir, ".config"), "defconfig", saved)
    assert r.returncode == 0, r.stderr
    with open(os.path.join(tmp_objdir, ".config")) as f:
        assert f.read() == first
    # A minimal config holds no symbol at its default value.
    with open(saved) as f:
        assert "CONFIG_HZ=" not in f.read()


@pytest.mark.parametrize("lines, message", [
    ("CONFIG_HYPERVISOR=y\nCONFIG_NR_CPU=4\n",
     "unknown symbol CONFIG_NR_CPU (did you mean CONFIG_NR_CPUS?)"),
    ("CONFIG_NR_CPUS=99\n", "CONFIG_NR_CPUS=99: value 99 is outside the range 1..8"),
    ("CONFIG_HZ=abc\n", "CONFIG_HZ=abc: 'abc' is not a valid int value"),
    ("CONFIG_NATIVE=y\nCONFIG_GUEST1=y\n",
     "CONFIG_GUEST1=y: the assignment is dropped because its dependencies"),
    ("CONFIG_BOARD_RPI4=y\nCONFIG_GIC_V3=y\n", "CONFIG_GIC_V3=y"),
    ("CONFIG_HYPERVISOR=y\n# CONFIG_FS_FAT32 is not set\n",
     "CONFIG_FS_FAT32=n: it is forced on by HYPERVISOR"),
    ("CONFIG_HZ=100\nCONFIG_HZ=200\n", "CONFIG_HZ is set again"),
    ("CONFIG_HZ 100\n", "cannot parse"),
])
def test_bad_defconfig_is_an_error_naming_the_symbol(tmp_path, lines, message):
    bad = tmp_path / "bad_defconfig"
    bad.write_text(lines)
    out = tmp_path / ".config"
    r = kconfig(str(out), "defconfig", str(bad))
    assert r.returncode != 0
    assert message in r.stderr
    assert f"{bad}:" in r.stderr  # file and line
    assert not out.exists(), "nothing may be written on error"


def test_bad_value_in_config_stops_the_build(tmp_objdir):
    """Editing .config by hand: the automatic sync refuses a bad value and
    leaves autoconf.h as it was."""
    make("qemu_virt_defconfig", objdir=tmp_objdir)
    make("all", objdir=tmp_objdir)
    autoconf = os.path.join(tmp_objdir, "include", "generated", "autoconf.h")
    before = open(autoconf).read()
    set_config(tmp_objdir, LOG_LEVEL="9")
    r = make("all", objdir=tmp_objdir, check=False)
    assert r.returncode != 0
    assert "CONFIG_LOG_LEVEL=9: value 9 is outside the range 0..7" in r.stderr
    assert open(autoconf).read() == before
    # Still refused on the next run: the failed sync is not trusted.
    r = make("all", objdir=tmp_objdir, check=False)
    assert r.returncode != 0


def test_olddefconfig_drops_unknown_and_listnewconfig(tmp_objdir):
    make("qemu_virt_defconfig", objdir=tmp_objdir)
    cfg = os.path.join(tmp_objdir, ".config")
    set_config(tmp_objdir, HZ=None, OLD_REMOVED_SYMBOL="y")
    r = make("listnewconfig", objdir=tmp_objdir)
    assert "CONFIG_HZ=100" in r.stdout
    r = make("olddefconfig", objdir=tmp_objdir)
    assert "dropping unknown symbol CONFIG_OLD_REMOVED_SYMBOL" in r.stderr
    text = open(cfg).read()
    assert "OLD_REMOVED_SYMBOL" not in text and "CONFIG_HZ=100" in text
    r = make("listnewconfig", objdir=tmp_objdir)
    assert r.stdout.strip() == ""


def test_alldefconfig(tmp_objdir):
    make("alldefconfig", objdir=tmp_objdir)
    cfg = read_config(tmp_objdir)
    assert cfg["HYPERVISOR"] == "y" and cfg["HZ"] == "100"


def test_unknown_defconfig_and_target(tmp_objdir):
    r = make("nosuch_defconfig", objdir=tmp_objdir, check=False)
    assert r.returncode != 0
    assert "no such defconfig 'configs/nosuch_defconfig'" in r.stderr
    r = make("frobnicate", objdir=tmp_objdir, check=False)
    assert r.returncode != 0
    assert "unknown target or missing file 'frobnicate'" in r.stderr


def test_help_lists_targets_and_defconfigs():
    r = make("help")
    for word in ["menuconfig", "savedefconfig", "olddefconfig", "listnewconfig",
                 "alldefconfig", "run", "debug", "check"] + DEFCONFIGS:
        assert word in r.stdout


def test_every_visible_symbol_has_help():
    import kconfiglib
    os.environ.setdefault("AVATAR_VERSION", "test")
    kconf = kconfiglib.Kconfig(os.path.join(SRCTREE, "Kconfig"),
                               warn_to_stderr=False)
    missing = []
    for node in kconf.node_iter():
        item = node.item
        if node.prompt and isinstance(item, (kconfiglib.Symbol,
                                             kconfiglib.Choice)):
            if not any(n.help for n in item.nodes):
                missing.append(getattr(item, "name", None) or node.prompt[0])
    assert not missing, f"symbols without help: {missing}"
