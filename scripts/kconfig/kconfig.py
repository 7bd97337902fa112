#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Kconfig front end of the Avatar build (Kconfiglib's Python API).

    kconfig.py [--srctree DIR] [--config FILE] COMMAND [ARGS]

Commands mirror Linux's scripts/kconfig:

    defconfig FILE     .config from a defconfig (strict)
    alldefconfig       .config with every symbol at its default
    olddefconfig       refresh .config: new symbols get defaults, unknown
                       ones are reported and dropped
    savedefconfig OUT  minimal defconfig of .config
    listnewconfig      symbols that .config does not set yet
    syncconfig OBJDIR  check .config strictly, write autoconf.h, the
                       per-symbol dependency files and the guest table

"Strict" means every assignment of the input must take effect: an unknown
symbol, a malformed or out-of-range value, or an assignment that the
symbol's dependencies drop is an error naming the symbol and the line, and
nothing is written.
"""

import argparse
import difflib
import os
import re
import sys

import kconfiglib

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from genfile import write_if_changed  # noqa: E402  (scripts/genfile.py)

PROG = "kconfig"
_ASSIGN_RE = re.compile(r"^(CONFIG_(\w+))=(.*)$")
_UNSET_RE = re.compile(r"^# (CONFIG_(\w+)) is not set$")


class ConfigError(Exception):
    """An error in a configuration file, already formatted for the user."""


def load_kconfig(srctree):
    os.environ.setdefault("srctree", srctree)
    os.environ.setdefault("AVATAR_VERSION", "")
    return kconfiglib.Kconfig(os.path.join(srctree, "Kconfig"),
                              warn_to_stderr=False, suppress_traceback=True)


def parse_assignments(path):
    """Return [(lineno, name, value or None for 'is not set', raw)]."""
    out = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            m = _ASSIGN_RE.match(line)
            if m:
                out.append((n, m.group(2), m.group(3), line))
                continue
            m = _UNSET_RE.match(line)
            if m:
                out.append((n, m.group(2), None, line))
                continue
            s = line.strip()
            if s and not s.startswith("#"):
                raise ConfigError(f"{path}:{n}: error: cannot parse '{s}' "
                                  "(expected CONFIG_NAME=value)")
    return out


def _unquote(val):
    m = re.fullmatch(r'"((?:[^"\\]|\\.)*)"', val)
    return kconfiglib.unescape(m.group(1)) if m else None


def _dep_reason(sym):
    dep = kconfiglib.expr_str(sym.direct_dep)
    return f"its dependencies are not met ({dep})"


def _check_value(kconf, sym, val):
    """Return an error string if assigning val to sym did not take effect."""
    t = sym.orig_type
    if t in (kconfiglib.BOOL, kconfiglib.TRISTATE):
        want = {"y": 2, "m": 1, "n": 0}.get(val)
        if want is None:
            return f"'{val}' is not a valid bool value (use y or n)"
        if sym.tri_value == want:
            return None
        if sym.choice is not None:
            if want == 0:
                return None
            return f"choice member not selected: {_dep_reason(sym)}" \
                if sym.visibility == 0 else "another choice member wins"
        if want == 0 and kconfiglib.expr_value(sym.rev_dep):
            return "it is forced on by " + \
                kconfiglib.expr_str(sym.rev_dep)
        if sym.visibility == 0:
            return "the assignment is dropped because " + _dep_reason(sym)
        return "the assignment did not take effect"
    if t == kconfiglib.STRING:
        s = _unquote(val)
        if s is None:
            return f"malformed string {val} (quote it: \"...\")"
        if sym.str_value == s:
            return None
    else:
        base = 16 if t == kconfiglib.HEX else 10
        try:
            num = int(val, 0 if t == kconfiglib.INT else 16)
        except ValueError:
            kind = "hex" if t == kconfiglib.HEX else "int"
            return f"'{val}' is not a valid {kind} value"
        try:
            if int(sym.str_value, base) == num:
                return None
        except ValueError:
            pass
        for lo, hi, cond in sym.ranges:
            if kconfiglib.expr_value(cond):
                lo_v = int(lo.str_value, base)
                hi_v = int(hi.str_value, base)
                if not lo_v <= num <= hi_v:
                    return f"value {val} is outside the range " \
                           f"{lo.str_value}..{hi.str_value}"
    if sym.visibility == 0:
        return "the assignment is dropped because " + _dep_reason(sym)
    return "the assignment did not take effect"


def strict_load(kconf, path):
    """Load path into kconf; raise ConfigError listing every problem."""
    if not os.path.exists(path):
        raise ConfigError(f"{path}: no such configuration file")
    assigns = parse_assignments(path)
    errors = []
    seen = {}
    for n, name, val, raw in assigns:
        if name not in kconf.syms or not kconf.syms[name].nodes:
            close = difflib.get_close_matches(
                name, [s.name for s in kconf.unique_defined_syms], 1)
            hint = f" (did you mean CONFIG_{close[0]}?)" if close else ""
            errors.append(f"{path}:{n}: error: unknown symbol "
                          f"CONFIG_{name}{hint}")
        elif name in seen:
            errors.append(f"{path}:{n}: error: CONFIG_{name} is set again "
                          f"(first on line {seen[name]})")
        seen.setdefault(name, n)
    if errors:
        raise ConfigError("\n".join(errors))

    kconf.load_config(path, replace=True)
    kconf.warnings.clear()
    for n, name, val, raw in assigns:
        if val is None:
            val = "n"
        err = _check_value(kconf, kconf.syms[name], val)
        if err:
            errors.append(f"{path}:{n}: error: CONFIG_{name}={val}: {err}")
    if errors:
        raise ConfigError("\n".join(errors))


def write_config(kconf, path):
    kconf.write_config(path + ".tmp", save_old=False)
    with open(path + ".tmp", encoding="utf-8") as f:
        text = f.read()
    os.unlink(path + ".tmp")
    return write_if_changed(path, text)


def cmd_defconfig(kconf, args):
    strict_load(kconf, args.file)
    write_config(kconf, args.config)
    print(f"{PROG}: configuration written to {args.config} "
          f"(from {os.path.basename(args.file)})")


def cmd_alldefconfig(kconf, args):
    write_config(kconf, args.config)
    print(f"{PROG}: default configuration written to {args.config}")


def cmd_olddefconfig(kconf, args):
    if not os.path.exists(args.config):
        raise ConfigError(f"{args.config}: no .config to update "
                          "(run 'make <board>_defconfig' first)")
    for n, name, _, _ in parse_assignments(args.config):
        if name not in kconf.syms or not kconf.syms[name].nodes:
            print(f"{args.config}:{n}: warning: dropping unknown symbol "
                  f"CONFIG_{name}", file=sys.stderr)
    kconf.load_config(args.config, replace=True)
    write_config(kconf, args.config)
    print(f"{PROG}: {args.config} updated")


def cmd_savedefconfig(kconf, args):
    strict_load(kconf, args.config)
    kconf.write_min_config(args.out)
    print(f"{PROG}: minimal configuration written to {args.out}")


def cmd_listnewconfig(kconf, args):
    present = set()
    if os.path.exists(args.config):
        present = {name for _, name, _, _ in parse_assignments(args.config)}
        kconf.load_config(args.config, replace=True)
    for sym in kconf.unique_defined_syms:
        if sym.name in present or not sym.config_string:
            continue
        if any(node.prompt for node in sym.nodes) and sym.visibility:
            print(sym.config_string.rstrip("\n"))


def cmd_syncconfig(kconf, args):
    import genguests

    strict_load(kconf, args.config)
    objdir = args.objdir
    gen = os.path.join(objdir, "include", "generated")
    os.makedirs(gen, exist_ok=True)
    # Guests first: a bad guest slot must stop the build before anything
    # that the compile step trusts is rewritten.
    try:
        genguests.generate(kconf, args.srctree, objdir)
    except genguests.GuestError as e:
        raise ConfigError(f"{args.config}: error: {e}")

    write_config(kconf, args.config)
    kconf.write_autoconf(os.path.join(gen, "autoconf.h.tmp"),
                         header="/* Generated by scripts/kconfig: do not edit */\n")
    with open(os.path.join(gen, "autoconf.h.tmp"), encoding="utf-8") as f:
        text = f.read()
    os.unlink(os.path.join(gen, "autoconf.h.tmp"))
    write_if_changed(os.path.join(gen, "autoconf.h"), text)
    write_if_changed(os.path.join(gen, "version.h"),
                     "/* Generated by the Makefile: do not edit */\n"
                     f'#define AVATAR_VERSION "{args.version}"\n')
    kconf.sync_deps(os.path.join(objdir, "include", "config"))


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(prog=PROG)
    p.add_argument("--srctree", default=os.path.dirname(os.path.dirname(here)))
    p.add_argument("--config", default=".config")
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("defconfig")
    s.add_argument("file")
    sub.add_parser("alldefconfig")
    sub.add_parser("olddefconfig")
    s = sub.add_parser("savedefconfig")
    s.add_argument("out")
    sub.add_parser("listnewconfig")
    s = sub.add_parser("syncconfig")
    s.add_argument("objdir")
    s.add_argument("--version", default="0.0.0")
    args = p.parse_args(argv)

    try:
        kconf = load_kconfig(args.srctree)
        globals()["cmd_" + args.cmd](kconf, args)
    except ConfigError as e:
        print(str(e), file=sys.stderr)
        return 1
    except kconfiglib.KconfigError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"{PROG}: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
