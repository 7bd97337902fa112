# SPDX-License-Identifier: GPL-2.0
"""Shared helpers of the Avatar test suite (pytest, run by `make check`).

Builds go to $AVATAR_CHECK_DIR/<name> (default build/check/<name>), one per
configuration, shared by every test of the session: `built("qemu_virt_defconfig")`
configures and builds once. QEMU scenarios use `Console`, which drives the
serial console like a person and fails on a time-out instead of hanging.
"""
import os
import shutil
import subprocess
import sys

import pytest

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OBJTREE = os.environ.get("AVATAR_OBJTREE", os.path.join(SRCTREE, "build"))
CHECK_DIR = os.environ.get("AVATAR_CHECK_DIR", os.path.join(OBJTREE, "check"))
PYTHON = "/usr/bin/python3"

sys.path.insert(0, os.path.join(SRCTREE, "tests"))
sys.path.insert(0, os.path.join(SRCTREE, "scripts"))


def make(*args, objdir=None, check=True, timeout=900, env=None):
    """Run make in the source tree; return the CompletedProcess."""
    cmd = ["make", "--no-print-directory", "-C", SRCTREE]
    if objdir:
        cmd.append(f"O={objdir}")
    cmd += list(args)
    e = dict(os.environ)
    e.pop("MAKEFLAGS", None)
    e.pop("MFLAGS", None)
    e.pop("MAKELEVEL", None)
    if env:
        e.update(env)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout,
                       env=e)
    if check and r.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({r.returncode}):\n"
                             f"{r.stdout[-4000:]}\n{r.stderr[-4000:]}")
    return r


_built = {}


def built(defconfig, name=None, extra=None):
    """Configure O=CHECK_DIR/<name> from configs/<defconfig> (plus extra
    lines appended to .config) and build it once per session."""
    name = name or defconfig.replace("_defconfig", "")
    if name in _built:
        return _built[name]
    objdir = os.path.join(CHECK_DIR, name)
    make(defconfig, objdir=objdir)
    if extra:
        with open(os.path.join(objdir, ".config"), "a") as f:
            f.write(extra)
        make("olddefconfig", objdir=objdir)
    make("-j2", "all", objdir=objdir)
    _built[name] = objdir
    return objdir


@pytest.fixture
def tmp_objdir(tmp_path):
    d = tmp_path / "build"
    yield str(d)
    shutil.rmtree(d, ignore_errors=True)


def read_config(objdir):
    vals = {}
    with open(os.path.join(objdir, ".config")) as f:
        for line in f:
            line = line.strip()
            if line.startswith("CONFIG_") and "=" in line:
                k, v = line.split("=", 1)
                vals[k[len("CONFIG_"):]] = v
    return vals


def build_variant(objdir, defconfig, disabled=(), **values):
    """Configure objdir from defconfig (the first time), set values
    (set_config), turn off the symbols in disabled, and build it; for the
    bench scripts' own configurations. Make's output is not shown."""
    make = ["make", "--no-print-directory", "-C", SRCTREE, f"O={objdir}"]
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}

    def sh(*args):
        subprocess.run(make + list(args), check=True, env=env, stdout=subprocess.DEVNULL)

    if not os.path.exists(os.path.join(objdir, ".config")):
        sh(defconfig)
    set_config(objdir, **values, **{name: None for name in disabled})
    with open(os.path.join(objdir, ".config"), "a") as f:
        f.writelines(f"# CONFIG_{name} is not set\n" for name in disabled)
    sh("olddefconfig")
    sh("-j2", "all")


def set_config(objdir, **values):
    """Rewrite symbols in objdir/.config (value None removes the line)."""
    path = os.path.join(objdir, ".config")
    with open(path) as f:
        lines = f.readlines()
    out = []
    for line in lines:
        key = line.split("=", 1)[0].strip()
        if line.startswith("# CONFIG_") and line.rstrip().endswith(" is not set"):
            key = line.split()[1]
        name = key[len("CONFIG_"):] if key.startswith("CONFIG_") else None
        if name in values:
            continue
        out.append(line)
    for k, v in values.items():
        if v is not None:
            out.append(f"CONFIG_{k}={v}\n")
    with open(path, "w") as f:
        f.writelines(out)
