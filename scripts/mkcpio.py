#!/usr/bin/python3
"""mkcpio.py: write a reproducible "newc" cpio archive (initramfs) from a spec.

No root is needed: device nodes, owners and modes come from the spec, not
from the file system.  The output is byte-for-byte reproducible: entries are
sorted by path (a directory always before its contents), inode numbers are
assigned in that order, every mtime is 0, and file data comes only from the
named source files.

Spec format: one entry per line, '#' starts a comment, fields separated by
white space (the same vocabulary as Linux's usr/gen_init_cpio):

    dir   <path> <mode> <uid> <gid>
    file  <path> <source> <mode> <uid> <gid>
    slink <path> <target> <mode> <uid> <gid>
    nod   <path> <mode> <uid> <gid> <c|b> <major> <minor>

<path> is the name inside the archive ("/init" and "init" are the same);
<mode> is octal permission bits (e.g. 0755); <source> is a host file, taken
relative to the directory given with -C (default: the current directory).
A path's parent directory must itself be listed (or be the root).

Usage:
    mkcpio.py [-C DIR] -o OUT SPEC      (SPEC may be '-' for stdin)
    mkcpio.py --list ARCHIVE            (print the entries of a newc archive)

The output is written to OUT.tmp-<pid> and renamed to OUT on success.

As a module: parse_spec(text, base_dir) -> [Entry], build(entries) -> bytes,
read_archive(data) -> [dict].
"""

import argparse
import os
import stat
import sys

NEWC_MAGIC = b"070701"
TRAILER = "TRAILER!!!"
BLOCK = 512


class SpecError(Exception):
    """A malformed spec or an unusable entry."""


class Entry:
    """One archive member."""

    __slots__ = ("kind", "path", "mode", "uid", "gid", "source", "target",
                 "devtype", "major", "minor", "lineno")

    def __init__(self, kind, path, mode, uid=0, gid=0, source=None,
                 target=None, devtype=None, major=0, minor=0, lineno=0):
        self.kind = kind
        self.path = path
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.source = source
        self.target = target
        self.devtype = devtype
        self.major = major
        self.minor = minor
        self.lineno = lineno

    def __repr__(self):
        return "Entry(%s %s %o)" % (self.kind, self.path, self.mode)


def _norm_path(path, where):
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if not parts:
        raise SpecError("%s: empty path or the root itself" % where)
    if ".." in parts:
        raise SpecError("%s: '..' not allowed in %r" % (where, path))
    return "/".join(parts)


def _int(text, where, what, base=10, limit=None):
    try:
        value = int(text, base)
    except ValueError:
        raise SpecError("%s: bad %s %r" % (where, what, text)) from None
    if value < 0 or (limit is not None and value > limit):
        raise SpecError("%s: %s %r out of range" % (where, what, text))
    return value


def _mode(text, where):
    return _int(text, where, "mode (octal)", 8, 0o7777)


def parse_spec(text, base_dir=".", name="spec"):
    """Parse spec text into a list of Entry (unsorted, unvalidated tree)."""
    entries = []
    for lineno, line in enumerate(text.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        where = "%s:%d" % (name, lineno)
        f = line.split()
        kind = f[0]
        want = {"dir": 5, "file": 6, "slink": 6, "nod": 8}.get(kind)
        if want is None:
            raise SpecError("%s: unknown entry type %r (want dir, file, slink "
                            "or nod)" % (where, kind))
        if len(f) != want:
            raise SpecError("%s: '%s' takes %d fields, got %d"
                            % (where, kind, want - 1, len(f) - 1))
        path = _norm_path(f[1], where)
        if kind == "dir":
            e = Entry("dir", path, _mode(f[2], where),
                      _int(f[3], where, "uid"), _int(f[4], where, "gid"))
        elif kind == "file":
            src = f[2] if os.path.isabs(f[2]) else os.path.join(base_dir, f[2])
            e = Entry("file", path, _mode(f[3], where),
                      _int(f[4], where, "uid"), _int(f[5], where, "gid"),
                      source=src)
        elif kind == "slink":
            e = Entry("slink", path, _mode(f[3], where),
                      _int(f[4], where, "uid"), _int(f[5], where, "gid"),
                      target=f[2])
        else:
            if f[5] not in ("c", "b"):
                raise SpecError("%s: device type must be 'c' or 'b', not %r"
                                % (where, f[5]))
            e = Entry("nod", path, _mode(f[2], where),
                      _int(f[3], where, "uid"), _int(f[4], where, "gid"),
                      devtype=f[5],
                      major=_int(f[6], where, "major", limit=0xFFFFFFFF),
                      minor=_int(f[7], where, "minor", limit=0xFFFFFFFF))
        e.lineno = lineno
        entries.append(e)
    return entries


def _sort_key(entry):
    # Component-wise: "a" < "a/b" < "a-b", so parents precede children.
    return entry.path.split("/")


def _header(ino, mode, uid, gid, nlink, size, rmajor, rminor, name):
    raw = name.encode("utf-8") + b"\0"
    fields = (ino, mode, uid, gid, nlink, 0, size, 0, 0, rmajor, rminor,
              len(raw), 0)
    hdr = NEWC_MAGIC + b"".join(b"%08X" % v for v in fields) + raw
    return hdr + b"\0" * (-len(hdr) % 4)


def build(entries):
    """Return the bytes of a newc archive holding entries (any order)."""
    ordered = sorted(entries, key=_sort_key)
    seen = {}
    for e in ordered:
        if e.path in seen:
            raise SpecError("duplicate path %r (lines %d and %d)"
                            % (e.path, seen[e.path].lineno, e.lineno))
        parent = e.path.rpartition("/")[0]
        if parent:
            p = seen.get(parent)
            if p is None:
                raise SpecError("%r: parent directory %r is not in the spec"
                                % (e.path, parent))
            if p.kind != "dir":
                raise SpecError("%r: parent %r is a %s, not a dir"
                                % (e.path, parent, p.kind))
        seen[e.path] = e

    out = bytearray()
    for ino, e in enumerate(ordered, 1):
        data = b""
        rmajor = rminor = 0
        nlink = 1
        if e.kind == "dir":
            mode = stat.S_IFDIR | e.mode
            nlink = 2
        elif e.kind == "file":
            try:
                with open(e.source, "rb") as fh:
                    data = fh.read()
            except OSError as err:
                raise SpecError("%r: cannot read %s: %s"
                                % (e.path, e.source, err.strerror)) from None
            mode = stat.S_IFREG | e.mode
        elif e.kind == "slink":
            if not e.target:
                raise SpecError("%r: empty symlink target" % e.path)
            data = e.target.encode("utf-8")
            mode = stat.S_IFLNK | e.mode
        else:
            mode = (stat.S_IFCHR if e.devtype == "c" else stat.S_IFBLK) | e.mode
            rmajor, rminor = e.major, e.minor
        if len(data) > 0xFFFFFFFF:
            raise SpecError("%r: file too large for newc" % e.path)
        out += _header(ino, mode, e.uid, e.gid, nlink, len(data),
                       rmajor, rminor, e.path)
        out += data + b"\0" * (-len(data) % 4)
    out += _header(0, 0, 0, 0, 1, 0, 0, 0, TRAILER)
    out += b"\0" * (-len(out) % BLOCK)
    return bytes(out)


def read_archive(data):
    """Parse a newc archive; return a list of dicts (up to the trailer)."""
    names = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
             "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize",
             "check")
    pos = 0
    result = []
    while True:
        if data[pos:pos + 6] != NEWC_MAGIC:
            raise ValueError("bad newc magic at offset %d" % pos)
        h = {}
        for i, n in enumerate(names):
            h[n] = int(data[pos + 6 + 8 * i:pos + 14 + 8 * i], 16)
        pos += 110
        name = data[pos:pos + h["namesize"] - 1].decode("utf-8")
        pos += h["namesize"]
        pos += -pos % 4
        body = data[pos:pos + h["filesize"]]
        pos += h["filesize"]
        pos += -pos % 4
        if name == TRAILER:
            return result
        h["name"] = name
        h["data"] = body
        result.append(h)


def _describe(h):
    m = h["mode"]
    kind = {stat.S_IFDIR: "dir", stat.S_IFREG: "file", stat.S_IFLNK: "slink",
            stat.S_IFCHR: "nod c", stat.S_IFBLK: "nod b"}.get(
                stat.S_IFMT(m), "?")
    extra = ""
    if kind == "slink":
        extra = " -> " + h["data"].decode("utf-8")
    elif kind.startswith("nod"):
        extra = " %d,%d" % (h["rdevmajor"], h["rdevminor"])
    elif kind == "file":
        extra = " %d bytes" % h["filesize"]
    return "%-6s %04o %d %d %s%s" % (kind, stat.S_IMODE(m), h["uid"], h["gid"],
                                     h["name"], extra)


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="mkcpio.py",
        description="Write a reproducible newc cpio archive from a spec.")
    ap.add_argument("spec", help="spec file, '-' for stdin "
                    "(with --list: the archive to list)")
    ap.add_argument("-o", "--output", help="archive to write")
    ap.add_argument("-C", "--directory", default=None,
                    help="resolve relative file sources against DIR "
                    "(default: the current directory)")
    ap.add_argument("--list", action="store_true",
                    help="list an existing newc archive instead")
    args = ap.parse_args(argv)
    prog = "mkcpio"

    if args.list:
        try:
            with open(args.spec, "rb") as fh:
                entries = read_archive(fh.read())
        except (OSError, ValueError) as err:
            print("%s: %s: %s" % (prog, args.spec, err), file=sys.stderr)
            return 1
        for h in entries:
            print(_describe(h))
        return 0

    if not args.output:
        print("%s: -o OUT is required" % prog, file=sys.stderr)
        return 2
    try:
        if args.spec == "-":
            text, name = sys.stdin.read(), "<stdin>"
        else:
            with open(args.spec, encoding="utf-8") as fh:
                text, name = fh.read(), args.spec
        data = build(parse_spec(text, args.directory or ".", name))
    except SpecError as err:
        print("%s: %s" % (prog, err), file=sys.stderr)
        return 1
    except OSError as err:
        print("%s: %s: %s" % (prog, err.filename, err.strerror),
              file=sys.stderr)
        return 1

    tmp = "%s.tmp-%d" % (args.output, os.getpid())
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, args.output)
    except OSError as err:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        print("%s: cannot write %s: %s" % (prog, args.output, err.strerror),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
