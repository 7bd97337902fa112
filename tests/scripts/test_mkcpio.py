"""Unit tests for scripts/mkcpio.py (reproducible newc cpio writer).

Run: /usr/bin/python3 -m pytest tests/scripts/test_mkcpio.py
"""

import importlib.util
import os
import shutil
import stat
import subprocess
import sys

import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL = os.path.join(TOP, "scripts", "mkcpio.py")


def _load():
    spec = importlib.util.spec_from_file_location("mkcpio", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


mkcpio = _load()


def run_cli(*args, stdin=None):
    return subprocess.run([sys.executable, TOOL] + list(args), input=stdin,
                          capture_output=True, text=True, check=False)


@pytest.fixture
def tree(tmp_path):
    (tmp_path / "busybox").write_bytes(b"\x7fELF" + bytes(range(256)) * 3)
    (tmp_path / "init").write_text("#!/bin/sh\necho hi\n")
    spec = tmp_path / "spec"
    # Deliberately out of order: children before parents.
    spec.write_text(
        "# comment line\n"
        "file  /bin/busybox busybox 0755 0 0\n"
        "slink /bin/sh busybox 0777 0 0\n"
        "nod   /dev/console 0600 0 0 c 5 1\n"
        "dir   /dev 0755 0 0\n"
        "dir   /bin 0755 0 0   # trailing comment\n"
        "dir   /tmp 1777 0 0\n"
        "file  /init init 0755 0 0\n"
        "dir   /usr 0755 0 0\n"
        "dir   /usr/bin 0755 0 0\n"
        "dir   /usr-local 0700 1000 1000\n"
        "nod   /dev/sda 0660 0 6 b 8 0\n")
    return tmp_path


def build_file(tree, name="out.cpio"):
    out = tree / name
    r = run_cli("-C", str(tree), "-o", str(out), str(tree / "spec"))
    assert r.returncode == 0, r.stderr
    return out.read_bytes()


def test_entries_sorted_parents_first(tree):
    entries = mkcpio.read_archive(build_file(tree))
    names = [e["name"] for e in entries]
    assert names == ["bin", "bin/busybox", "bin/sh", "dev", "dev/console",
                     "dev/sda", "init", "tmp", "usr", "usr/bin", "usr-local"]
    seen = set()
    for n in names:
        parent = n.rpartition("/")[0]
        assert not parent or parent in seen, n
        seen.add(n)


def test_header_fields(tree):
    entries = {e["name"]: e for e in mkcpio.read_archive(build_file(tree))}
    for e in entries.values():
        assert e["mtime"] == 0
        assert e["check"] == 0
        assert e["devmajor"] == 0 and e["devminor"] == 0
    con = entries["dev/console"]
    assert stat.S_ISCHR(con["mode"]) and stat.S_IMODE(con["mode"]) == 0o600
    assert (con["rdevmajor"], con["rdevminor"]) == (5, 1)
    assert con["filesize"] == 0
    sda = entries["dev/sda"]
    assert stat.S_ISBLK(sda["mode"]) and sda["gid"] == 6
    assert (sda["rdevmajor"], sda["rdevminor"]) == (8, 0)
    sh = entries["bin/sh"]
    assert stat.S_ISLNK(sh["mode"]) and sh["data"] == b"busybox"
    bb = entries["bin/busybox"]
    assert stat.S_ISREG(bb["mode"]) and stat.S_IMODE(bb["mode"]) == 0o755
    assert bb["data"] == (tree / "busybox").read_bytes()
    assert stat.S_IMODE(entries["tmp"]["mode"]) == 0o1777
    assert stat.S_ISDIR(entries["tmp"]["mode"]) and entries["tmp"]["nlink"] == 2
    ul = entries["usr-local"]
    assert (ul["uid"], ul["gid"]) == (1000, 1000)
    inos = [e["ino"] for e in entries.values()]
    assert len(set(inos)) == len(inos) and 0 not in inos


def test_layout_alignment_and_trailer(tree):
    data = build_file(tree)
    assert data[:6] == b"070701"
    assert len(data) % 512 == 0
    assert b"TRAILER!!!\0" in data
    # Every header starts 4-byte aligned: walk the archive by hand.
    pos = 0
    while True:
        assert pos % 4 == 0 and data[pos:pos + 6] == b"070701"
        namesize = int(data[pos + 94:pos + 102], 16)
        filesize = int(data[pos + 54:pos + 62], 16)
        name = data[pos + 110:pos + 110 + namesize]
        assert name.endswith(b"\0")
        pos += 110 + namesize
        pos += -pos % 4
        pos += filesize
        pos += -pos % 4
        if name == b"TRAILER!!!\0":
            break
    assert not data[pos:].strip(b"\0")


def test_reproducible(tree):
    a = build_file(tree, "a.cpio")
    os.utime(tree / "busybox", (1, 1))
    os.chmod(tree / "init", 0o600)   # host mode must not leak in
    b = build_file(tree, "b.cpio")
    assert a == b


def test_gnu_cpio_agrees(tree):
    if not shutil.which("cpio"):
        pytest.skip("GNU cpio not installed")
    data = build_file(tree)
    r = subprocess.run(["cpio", "-itv", "--quiet"], input=data,
                       capture_output=True, check=True)
    listing = r.stdout.decode()
    assert "dev/console" in listing
    line = [l for l in listing.splitlines() if l.endswith("dev/console")][0]
    assert line.startswith("crw-------") and "5,   1" in line, line
    sh = [l for l in listing.splitlines() if "bin/sh" in l][0]
    assert sh.startswith("lrwxrwxrwx") and sh.endswith("bin/sh -> busybox")


def test_stdin_spec_and_list(tree):
    out = tree / "s.cpio"
    r = run_cli("-C", str(tree), "-o", str(out), "-",
                stdin="dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n")
    assert r.returncode == 0, r.stderr
    r = run_cli("--list", str(out))
    assert r.returncode == 0
    assert "nod c  0600 0 0 dev/console 5,1" in r.stdout


@pytest.mark.parametrize("spec,msg", [
    ("file /bin/x busybox 0755 0 0\n", "parent directory 'bin'"),
    ("dir /a 0755 0 0\ndir /a 0755 0 0\n", "duplicate path 'a'"),
    ("dir /a 0855 0 0\n", "bad mode"),
    ("dir /a 17777 0 0\n", "out of range"),
    ("fifo /a 0644 0 0\n", "unknown entry type 'fifo'"),
    ("dir /a 0755 0\n", "takes 4 fields"),
    ("nod /c 0600 0 0 x 5 1\n", "device type"),
    ("file /x missing-source 0644 0 0\n", "cannot read"),
    ("dir /../etc 0755 0 0\n", "'..' not allowed"),
    ("slink /a x 0777 0 0\nfile /a/b busybox 0644 0 0\n", "not a dir"),
])
def test_errors(tree, spec, msg):
    out = tree / "bad.cpio"
    (tree / "bad.spec").write_text(spec)
    r = run_cli("-C", str(tree), "-o", str(out), str(tree / "bad.spec"))
    assert r.returncode == 1
    assert r.stderr.startswith("mkcpio: ") and msg in r.stderr, r.stderr
    assert len(r.stderr.strip().splitlines()) == 1, r.stderr
    assert not out.exists()
    assert not [p for p in os.listdir(tree) if ".tmp-" in p]


def test_failed_build_keeps_old_output(tree):
    out = tree / "keep.cpio"
    out.write_bytes(b"old")
    (tree / "bad.spec").write_text("dir /a 0755 0 0\ndir /a 0755 0 0\n")
    r = run_cli("-o", str(out), str(tree / "bad.spec"))
    assert r.returncode == 1
    assert out.read_bytes() == b"old"


def test_module_api(tree):
    entries = mkcpio.parse_spec("dir /d 0755 0 0\nslink /d/l target 0777 0 0\n")
    data = mkcpio.build(entries)
    got = mkcpio.read_archive(data)
    assert [(e["name"], e["data"]) for e in got] == [("d", b""),
                                                     ("d/l", b"target")]
