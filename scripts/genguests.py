#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Guest table generator.

Reads the guest slots (CONFIG_GUEST<n>_*) of a configuration with
Kconfiglib's Python API, validates them, and writes, each only when its
content changes (so the build redoes only what depends on it):

  $(O)/generated/guest_table.c    the C guest table the hypervisor uses
  $(O)/generated/hostimg.list     "<build-machine file>\t<path on host.img>"
  $(O)/generated/guests.mk        what the Makefile must build for them
  $(O)/guests/vm/<name>/guest.dts the device tree of each guest whose DTB
                                  the build generates

Validation errors name the slot and stop the build before anything is
written. Used by scripts/kconfig/kconfig.py syncconfig, or standalone:

  genguests.py --config .config --objdir build [--srctree .]
"""

import argparse
import importlib.util
import os
import re
import sys

import kconfiglib

from genfile import write_if_changed

MiB = 1 << 20

# Guest-physical layout of QEMU virt that every guest sees (DESIGN.md):
# devices live below RAM. RAM must stay out of this window.
DEVICE_WINDOW = (0x08000000, 0x40000000)
GUEST_PA_LIMIT = 1 << 40  # VTCR_EL2.T0SZ chosen for a 40-bit IPA space
DEFAULT_RAM_BASE = 0x40000000
LINUX_TEXT_OFFSET = 0x80000

NAME_RE = re.compile(r"^[a-z0-9_-]{1,31}$")

TYPES = ("LINUX", "TESTOS", "AVATAR", "CUSTOM")
TYPE_ENUM = {t: "GUEST_TYPE_" + t for t in TYPES}

# Images the build makes, shared by every guest of a type:
# (directory under $(O)/guests/build, file name)
BUILT_IMAGES = {
    "LINUX": [("linux", "Image", "kernel"), ("linux", "initrd.cpio.gz", "initrd")],
    "TESTOS": [("testos", "testos.bin", "kernel")],
    "AVATAR": [("avatar", "Image", "kernel")],
}


class GuestError(Exception):
    pass


class Guest:
    def __init__(self, slot):
        self.slot = slot
        self.files = []  # (source on build machine, name on host.img, role)

    def fail(self, msg):
        raise GuestError(f"guest slot {self.slot} ('{self.name}'): {msg}")


def _sym(kconf, name):
    return kconf.syms.get(name)


def _val(kconf, name, default=None):
    sym = _sym(kconf, name)
    if sym is None or not sym.nodes:
        return default
    return sym.str_value


def _int(kconf, name, default=0):
    sym = _sym(kconf, name)
    if sym is None or not sym.str_value:
        return default
    return int(sym.str_value, 16 if sym.orig_type == kconfiglib.HEX else 10)


def _slots(kconf):
    found = []
    for sym in kconf.unique_defined_syms:
        m = re.fullmatch(r"GUEST(\d+)", sym.name)
        if m:
            found.append(int(m.group(1)))
    return sorted(found)


def read_guests(kconf, srctree):
    """Return the enabled guests of kconf as Guest objects, validated."""
    if _val(kconf, "HYPERVISOR") != "y":
        return []
    guests = []
    for slot in _slots(kconf):
        p = f"GUEST{slot}"
        if _val(kconf, p) != "y":
            continue
        g = Guest(slot)
        g.name = _val(kconf, p + "_NAME", "")
        g.type = next((t for t in TYPES if _val(kconf, f"{p}_TYPE_{t}") == "y"),
                      "LINUX")
        g.vcpus = _int(kconf, p + "_VCPUS", 1)
        g.mem = _int(kconf, p + "_MEM_MB", 0) * MiB
        g.affinity = int(_val(kconf, p + "_AFFINITY", "0x0") or "0", 16)
        g.autostart = _val(kconf, p + "_AUTOSTART") == "y"
        g.from_file = _val(kconf, p + "_SOURCE_FILE") == "y"
        g.bootargs = _val(kconf, p + "_BOOTARGS", "") or ""
        if g.type == "CUSTOM":
            g.ram_base = int(_val(kconf, p + "_RAM_BASE", "0x40000000"), 16)
            g.load_addr = int(_val(kconf, p + "_LOAD_ADDR", "0x40080000"), 16)
            g.entry = int(_val(kconf, p + "_ENTRY", "0x40080000"), 16)
            g.dtb_addr = int(_val(kconf, p + "_DTB_ADDR", "0x0"), 16)
        else:
            g.ram_base = DEFAULT_RAM_BASE
            g.load_addr = g.entry = DEFAULT_RAM_BASE + LINUX_TEXT_OFFSET
            g.dtb_addr = 0
        g.paths = {}
        if g.from_file:
            for role in ("kernel", "initrd", "dtb"):
                v = _val(kconf, f"{p}_{role.upper()}_PATH", "") or ""
                if v:
                    g.paths[role] = v if os.path.isabs(v) else \
                        os.path.join(srctree, v)
        guests.append(g)
    validate(kconf, guests)
    return guests


def _overlaps(a0, a1, b0, b1):
    return a0 < b1 and b0 < a1


def validate(kconf, guests):
    max_vcpus = _int(kconf, "HV_MAX_VCPUS", 8)
    nr_cpus = _int(kconf, "NR_CPUS", 1)
    board_ram = _int(kconf, "BOARD_RAM_MB", 0) * MiB
    reserved = _int(kconf, "HV_RESERVED_MB", 0) * MiB
    names = {}
    total = 0
    for g in guests:
        if not NAME_RE.match(g.name):
            g.fail("invalid name: use 1 to 31 characters from a-z, 0-9, "
                   "'-' and '_'")
        if g.name in names:
            g.fail(f"duplicate name: slot {names[g.name]} is also called "
                   f"'{g.name}'")
        names[g.name] = g.slot
        if not 1 <= g.vcpus <= max_vcpus:
            g.fail(f"{g.vcpus} vCPUs is beyond the limit of "
                   f"HV_MAX_VCPUS={max_vcpus}")
        if g.affinity >> nr_cpus:
            g.fail(f"CPU affinity 0x{g.affinity:x} names CPUs beyond "
                   f"NR_CPUS={nr_cpus}")
        if g.mem == 0 or g.mem % (2 * MiB) and g.type != "CUSTOM":
            g.fail(f"memory size {g.mem // MiB} MiB must be a non-zero "
                   "multiple of 2 MiB")
        end = g.ram_base + g.mem
        if g.ram_base % 0x1000:
            g.fail(f"RAM base 0x{g.ram_base:x} is not 4 KiB aligned")
        if _overlaps(g.ram_base, end, *DEVICE_WINDOW):
            g.fail(f"RAM 0x{g.ram_base:x}-0x{end - 1:x} overlaps the device "
                   f"window 0x{DEVICE_WINDOW[0]:x}-0x{DEVICE_WINDOW[1] - 1:x}")
        if end > GUEST_PA_LIMIT:
            g.fail(f"RAM ends at 0x{end:x}, beyond the 40-bit guest "
                   "physical address space")
        if board_ram and g.mem + reserved > board_ram:
            g.fail(f"memory {g.mem // MiB} MiB does not fit in "
                   f"BOARD_RAM_MB={board_ram // MiB} minus "
                   f"HV_RESERVED_MB={reserved // MiB}")
        for what, addr in (("load address", g.load_addr),
                           ("entry point", g.entry)):
            if not g.ram_base <= addr < end:
                g.fail(f"{what} 0x{addr:x} is outside guest RAM "
                       f"0x{g.ram_base:x}-0x{end - 1:x}")
        if g.dtb_addr and not g.ram_base <= g.dtb_addr < end:
            g.fail(f"DTB address 0x{g.dtb_addr:x} is outside guest RAM")
        if g.dtb_addr % 8:
            g.fail(f"DTB address 0x{g.dtb_addr:x} is not 8-byte aligned")
        if g.from_file:
            if "kernel" not in g.paths:
                g.fail("no kernel file given (set the kernel or image file "
                       "path, or choose 'Built or fetched by the build')")
            for role, path in g.paths.items():
                if not os.path.isfile(path):
                    g.fail(f"{role} file '{path}' does not exist")
            ksize = os.path.getsize(g.paths["kernel"])
            if g.load_addr + ksize > end:
                g.fail(f"kernel file ({ksize} bytes at 0x{g.load_addr:x}) "
                       f"does not fit in {g.mem // MiB} MiB of RAM")
            isize = os.path.getsize(g.paths["initrd"]) \
                if "initrd" in g.paths else 0
            if ksize + isize > g.mem:
                g.fail(f"kernel and initrd ({ksize + isize} bytes) are "
                       f"larger than the guest RAM ({g.mem // MiB} MiB)")
        total += g.mem
    if board_ram and total + reserved > board_ram:
        raise GuestError(
            f"guests need {total // MiB} MiB in all, more than BOARD_RAM_MB="
            f"{board_ram // MiB} minus HV_RESERVED_MB={reserved // MiB}; "
            "shrink a guest or disable one")


def assign_files(guests, objdir):
    """Fill g.files and g.image_paths (paths on host.img) of each guest."""
    for g in guests:
        vmdir = os.path.join(objdir, "guests", "vm", g.name)
        dest = f"/guests/{g.name}"
        g.image_paths = {}
        if g.from_file:
            for role in ("kernel", "initrd", "dtb"):
                if role in g.paths:
                    name = os.path.basename(g.paths[role])
                    g.files.append((g.paths[role], f"{dest}/{name}"))
                    g.image_paths[role] = f"{dest}/{name}"
        else:
            for sub, name, role in BUILT_IMAGES[g.type]:
                src = os.path.join(objdir, "guests", "build", sub, name)
                g.files.append((src, f"{dest}/{name}"))
                g.image_paths[role] = f"{dest}/{name}"
        g.gen_dtb = "dtb" not in g.image_paths
        if g.gen_dtb:
            g.dts = os.path.join(vmdir, "guest.dts")
            g.dtb = os.path.join(vmdir, "guest.dtb")
            g.files.append((g.dtb, f"{dest}/guest.dtb"))
            g.image_paths["dtb"] = f"{dest}/guest.dtb"


def _c_str(s):
    if s is None:
        return "NULL"
    out = s.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{out}"'


def render_table(guests):
    lines = ["/* Generated by scripts/genguests.py from .config: do not edit. */",
             "#include <hypervisor/guest_table.h>", ""]
    if guests:
        lines.append("static const struct guest_config guest_configs[] = {")
        for g in guests:
            ip = g.image_paths
            lines += [
                "\t{",
                f"\t\t.slot = {g.slot},",
                f"\t\t.name = {_c_str(g.name)},",
                f"\t\t.type = {TYPE_ENUM[g.type]},",
                f"\t\t.nr_vcpus = {g.vcpus},",
                f"\t\t.ram_base = 0x{g.ram_base:x}ULL,",
                f"\t\t.ram_size = 0x{g.mem:x}ULL,",
                f"\t\t.cpu_affinity = 0x{g.affinity:x}ULL,",
                f"\t\t.autostart = {'true' if g.autostart else 'false'},",
                f"\t\t.kernel_path = {_c_str(ip.get('kernel'))},",
                f"\t\t.initrd_path = {_c_str(ip.get('initrd'))},",
                f"\t\t.dtb_path = {_c_str(ip.get('dtb'))},",
                f"\t\t.bootargs = {_c_str(g.bootargs)},",
                f"\t\t.load_addr = 0x{g.load_addr:x}ULL,",
                f"\t\t.entry = 0x{g.entry:x}ULL,",
                f"\t\t.dtb_addr = 0x{g.dtb_addr:x}ULL,",
                "\t},",
            ]
        lines += ["};", "",
                  "struct guest_table guest_table = {",
                  f"\t.count = {len(guests)},",
                  "\t.guests = guest_configs,", "};", ""]
    else:
        lines += ["struct guest_table guest_table = {",
                  "\t.count = 0,", "\t.guests = 0,", "};", ""]
    return "\n".join(lines)


# Packed into every host.img, in both modes, at the root.
HOSTIMG_README = ("fs/hostimg/README.txt", "/README.txt")


def render_list(guests, srctree):
    rows = [f"{os.path.join(srctree, HOSTIMG_README[0])}\t{HOSTIMG_README[1]}\n"]
    for g in guests:
        for src, dest in g.files:
            rows.append(f"{src}\t{dest}\n")
    return "".join(rows)


def render_mk(guests, srctree):
    need = {t: any(g.type == t and not g.from_file for g in guests)
            for t in ("LINUX", "TESTOS", "AVATAR")}
    lines = ["# Generated by scripts/genguests.py from .config: do not edit."]
    for t, v in need.items():
        lines.append(f"GUEST_BUILD_{t} := {'y' if v else ''}")
    lines.append("GUEST_NAMES := " + " ".join(g.name for g in guests))
    lines.append("GUEST_DTBS := " + " ".join(g.dtb for g in guests
                                             if g.gen_dtb))
    lines.append("HOSTIMG_INPUTS := " + " ".join(
        [os.path.join(srctree, HOSTIMG_README[0])] +
        [src for g in guests for src, _ in g.files]))
    return "\n".join(lines) + "\n"


def _guest_dts_module(srctree):
    path = os.path.join(srctree, "scripts", "guest-dts.py")
    spec = importlib.util.spec_from_file_location("guest_dts", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def render_dts(srctree, kconf, g):
    mod = _guest_dts_module(srctree)
    gic = 3 if _val(kconf, "GIC_V3") == "y" else 2
    try:
        return mod.generate_dts(cpus=g.vcpus, mem_base=g.ram_base,
                                mem_size=g.mem, gic=gic, bootargs=g.bootargs)
    except ValueError as e:
        g.fail(f"cannot make its device tree: {e}")


def generate(kconf, srctree, objdir):
    """Validate the guest set of kconf and write the generated files."""
    objdir = os.path.abspath(objdir)
    guests = read_guests(kconf, srctree)
    assign_files(guests, objdir)
    outputs = {
        os.path.join(objdir, "generated", "guest_table.c"): render_table(guests),
        os.path.join(objdir, "generated", "hostimg.list"): render_list(guests, srctree),
        os.path.join(objdir, "generated", "guests.mk"): render_mk(guests, srctree),
    }
    for g in guests:
        if g.gen_dtb:
            outputs[g.dts] = render_dts(srctree, kconf, g)
    # Everything is rendered (and so validated) before anything is written.
    for path, text in outputs.items():
        write_if_changed(path, text)
    return guests


def main(argv=None):
    ap = argparse.ArgumentParser(prog="genguests")
    ap.add_argument("--config", required=True)
    ap.add_argument("--objdir", required=True)
    ap.add_argument("--srctree",
                    default=os.path.dirname(os.path.dirname(
                        os.path.abspath(__file__))))
    args = ap.parse_args(argv)
    os.environ.setdefault("srctree", args.srctree)
    os.environ.setdefault("AVATAR_VERSION", "")
    kconf = kconfiglib.Kconfig(os.path.join(args.srctree, "Kconfig"),
                               warn_to_stderr=False)
    kconf.load_config(args.config)
    try:
        generate(kconf, args.srctree, args.objdir)
    except GuestError as e:
        print(f"genguests: error: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
