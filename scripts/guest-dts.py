#!/usr/bin/python3
"""guest-dts.py: write the device tree of an Avatar guest (QEMU virt layout).

The guest physical layout mirrors QEMU's `virt` machine so that unmodified
guests (Linux, TestOS) boot both bare on QEMU and under the hypervisor:

    0x08000000  GIC distributor                  64 KiB
    0x08010000  GICv2 CPU interface              64 KiB   (--gic 2)
    0x080a0000  GICv3 redistributors    128 KiB per CPU   (--gic 3)
    0x09000000  PL011 UART, SPI 1 (INTID 33), level high, 24 MHz apb-pclk
    PPI 13/14/11/10  arch timer: secure/non-secure EL1 phys, virt, EL2 phys
    mem-base    RAM (default 0x40000000)
    PSCI        method "hvc"

Command line:

    guest-dts.py --cpus 2 --mem-base 0x40000000 --mem-size 256M --gic 3 \\
        --bootargs "console=ttyAMA0 earlycon" \\
        [--initrd-start A --initrd-end B] [--format dts|dtb] -o out.dts

As a module (the guest-table generator imports it by path):

    spec = importlib.util.spec_from_file_location("guest_dts", ".../guest-dts.py")
    ...
    text = guest_dts.generate_dts(cpus=2, mem_base=0x40000000,
                                  mem_size=256 << 20, gic=3,
                                  bootargs="console=ttyAMA0")

Invalid arguments raise GuestDtsError (a ValueError) with a one-line
message; the command line prints it prefixed with "guest-dts:" and exits 1.
"""

import argparse
import os
import re
import subprocess
import sys

# Layout constants (QEMU hw/arm/virt.c memory map).
GIC_DIST_BASE = 0x08000000
GIC_DIST_SIZE = 0x10000
GIC_CPU_BASE = 0x08010000
GIC_CPU_SIZE = 0x10000
GIC_REDIST_BASE = 0x080A0000
GIC_REDIST_STRIDE = 0x20000          # RD_base + SGI_base frames per CPU
GIC_REDIST_LIMIT = 0x09000000        # end of the virt redistributor region
UART_BASE = 0x09000000
UART_SIZE = 0x1000
UART_SPI = 1
UART_CLOCK_HZ = 24000000
TIMER_PPIS = (13, 14, 11, 10)        # sec phys, non-sec phys, virt, hyp phys
RAM_MIN_BASE = 0x40000000            # default RAM base of virt
DEVICE_WINDOW = (0x08000000, 0x40000000)  # GIC, UART...: no RAM here
RAM_LIMIT = 0x4000000000             # 256 GiB: end of virt's RAM window
RAM_ALIGN = 0x1000                   # 4 KiB: the stage-2 page size (2 MiB
                                     # alignment is better: block mappings)
MAX_CPUS = 8                         # GICv2 PPI CPU mask is 8 bits wide

IRQ_TYPE_SPI = 0
IRQ_TYPE_PPI = 1
IRQ_LEVEL_HIGH = 4

UART_PATH = "/pl011@%x" % UART_BASE


class GuestDtsError(ValueError):
    """A guest description that cannot be turned into a device tree."""


def parse_size(text):
    """Parse '256M', '1G', '512K', '0x10000000' or '268435456' to bytes."""
    if isinstance(text, int):
        return text
    m = re.fullmatch(r"\s*(0[xX][0-9a-fA-F]+|\d+)\s*([KkMmGgTt]?)(i?[Bb])?\s*",
                     str(text))
    if not m:
        raise GuestDtsError("bad size %r (want e.g. 256M, 1G, 0x10000000)"
                            % (text,))
    value = int(m.group(1), 0)
    shift = {"": 0, "k": 10, "m": 20, "g": 30, "t": 40}[m.group(2).lower()]
    return value << shift


def parse_addr(text):
    """Parse an address: any integer literal Python accepts (0x..., decimal)."""
    if isinstance(text, int):
        return text
    try:
        return int(str(text).strip(), 0)
    except ValueError:
        raise GuestDtsError("bad address %r (want e.g. 0x40000000)"
                            % (text,)) from None


def _cells64(value):
    return "0x%x 0x%08x" % (value >> 32, value & 0xFFFFFFFF)


def _dts_string(text, what):
    if any(c in text for c in "\n\r\0"):
        raise GuestDtsError("%s must be one line without NUL characters"
                            % what)
    if any(ord(c) < 0x20 or ord(c) > 0x7E for c in text):
        raise GuestDtsError("%s must be printable ASCII" % what)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def validate(cpus, mem_base, mem_size, gic, initrd_start=None,
             initrd_end=None):
    """Raise GuestDtsError if the description is not a bootable guest."""
    if not isinstance(cpus, int) or isinstance(cpus, bool):
        raise GuestDtsError("cpus must be an integer, got %r" % (cpus,))
    if cpus < 1 or cpus > MAX_CPUS:
        raise GuestDtsError("cpus must be between 1 and %d, got %d"
                            % (MAX_CPUS, cpus))
    if gic not in (2, 3):
        raise GuestDtsError("gic must be 2 or 3, got %r" % (gic,))
    if gic == 3 and GIC_REDIST_BASE + cpus * GIC_REDIST_STRIDE > GIC_REDIST_LIMIT:
        raise GuestDtsError("too many CPUs for the redistributor region")
    if mem_size <= 0:
        raise GuestDtsError("mem-size must be positive")
    if mem_base % RAM_ALIGN or mem_size % RAM_ALIGN:
        raise GuestDtsError("memory base 0x%x and size 0x%x must be 4 KiB "
                            "aligned" % (mem_base, mem_size))
    # RAM may sit below the devices (guests linked at address 0) or at
    # 0x40000000 and above, but never over the device window.
    if mem_base < DEVICE_WINDOW[1] and mem_base + mem_size > DEVICE_WINDOW[0]:
        raise GuestDtsError("memory 0x%x-0x%x overlaps the device region "
                            "0x%x-0x%x" % (mem_base, mem_base + mem_size - 1,
                                           DEVICE_WINDOW[0],
                                           DEVICE_WINDOW[1] - 1))
    if mem_base + mem_size > RAM_LIMIT:
        raise GuestDtsError("memory 0x%x+0x%x ends beyond 0x%x"
                            % (mem_base, mem_size, RAM_LIMIT))
    if (initrd_start is None) != (initrd_end is None):
        raise GuestDtsError("give both initrd-start and initrd-end, or "
                            "neither")
    if initrd_start is not None:
        if initrd_start >= initrd_end:
            raise GuestDtsError("initrd-start 0x%x must be below initrd-end "
                                "0x%x" % (initrd_start, initrd_end))
        if initrd_start < mem_base or initrd_end > mem_base + mem_size:
            raise GuestDtsError("initrd 0x%x-0x%x is outside RAM 0x%x-0x%x"
                                % (initrd_start, initrd_end, mem_base,
                                   mem_base + mem_size))


def generate_dts(cpus=1, mem_base=RAM_MIN_BASE, mem_size=256 << 20, gic=3,
                 bootargs="console=ttyAMA0", initrd_start=None,
                 initrd_end=None):
    """Return the DTS text of a guest. Sizes/addresses may be int or str."""
    mem_base = parse_addr(mem_base)
    mem_size = parse_size(mem_size)
    if initrd_start is not None:
        initrd_start = parse_addr(initrd_start)
    if initrd_end is not None:
        initrd_end = parse_addr(initrd_end)
    if isinstance(gic, str) and gic.isdigit():
        gic = int(gic)
    validate(cpus, mem_base, mem_size, gic, initrd_start, initrd_end)
    bootargs_q = _dts_string(bootargs or "", "bootargs")

    if gic == 3:
        ppi_flags = IRQ_LEVEL_HIGH
    else:
        # GICv2 PPIs carry a CPU target mask in bits [15:8].
        ppi_flags = (((1 << cpus) - 1) << 8) | IRQ_LEVEL_HIGH

    o = []
    w = o.append
    w("/dts-v1/;")
    w("")
    w("/* Avatar guest: %d CPU(s), GICv%d, RAM 0x%x+0x%x (QEMU virt layout)."
      % (cpus, gic, mem_base, mem_size))
    w(" * Generated by scripts/guest-dts.py; do not edit. */")
    w("")
    w("/ {")
    w('\tcompatible = "linux,dummy-virt";')
    w('\tmodel = "Avatar guest (virt layout)";')
    w("\t#address-cells = <2>;")
    w("\t#size-cells = <2>;")
    w("\tinterrupt-parent = <&gic>;")
    w("")
    w("\taliases {")
    w('\t\tserial0 = "%s";' % UART_PATH)
    w("\t};")
    w("")
    w("\tchosen {")
    w("\t\tbootargs = %s;" % bootargs_q)
    w('\t\tstdout-path = "%s";' % UART_PATH)
    if initrd_start is not None:
        w("\t\tlinux,initrd-start = <%s>;" % _cells64(initrd_start))
        w("\t\tlinux,initrd-end = <%s>;" % _cells64(initrd_end))
    w("\t};")
    w("")
    w("\tmemory@%x {" % mem_base)
    w('\t\tdevice_type = "memory";')
    w("\t\treg = <%s %s>;" % (_cells64(mem_base), _cells64(mem_size)))
    w("\t};")
    w("")
    w("\tcpus {")
    w("\t\t#address-cells = <1>;")
    w("\t\t#size-cells = <0>;")
    for n in range(cpus):
        w("")
        w("\t\tcpu@%x {" % n)
        w('\t\t\tdevice_type = "cpu";')
        w('\t\t\tcompatible = "arm,armv8";')
        w("\t\t\treg = <0x%x>;" % n)
        w('\t\t\tenable-method = "psci";')
        w("\t\t};")
    w("\t};")
    w("")
    w("\tpsci {")
    w('\t\tcompatible = "arm,psci-1.0", "arm,psci-0.2";')
    w('\t\tmethod = "hvc";')
    w("\t};")
    w("")
    w("\tgic: intc@%x {" % GIC_DIST_BASE)
    if gic == 3:
        w('\t\tcompatible = "arm,gic-v3";')
        w("\t\treg = <%s %s>,\t/* distributor */"
          % (_cells64(GIC_DIST_BASE), _cells64(GIC_DIST_SIZE)))
        w("\t\t      <%s %s>;\t/* redistributors, %d x 128 KiB */"
          % (_cells64(GIC_REDIST_BASE), _cells64(cpus * GIC_REDIST_STRIDE),
             cpus))
        w("\t\t#redistributor-regions = <1>;")
    else:
        w('\t\tcompatible = "arm,cortex-a15-gic";')
        w("\t\treg = <%s %s>,\t/* distributor */"
          % (_cells64(GIC_DIST_BASE), _cells64(GIC_DIST_SIZE)))
        w("\t\t      <%s %s>;\t/* CPU interface */"
          % (_cells64(GIC_CPU_BASE), _cells64(GIC_CPU_SIZE)))
    w("\t\tinterrupt-controller;")
    w("\t\t#interrupt-cells = <3>;")
    w("\t\t#address-cells = <2>;")
    w("\t\t#size-cells = <2>;")
    w("\t\tranges;")
    w("\t};")
    w("")
    w("\ttimer {")
    w('\t\tcompatible = "arm,armv8-timer";')
    w("\t\tinterrupts = " + ",\n\t\t\t     ".join(
        "<%d %d 0x%x>" % (IRQ_TYPE_PPI, ppi, ppi_flags) for ppi in TIMER_PPIS)
      + ";")
    w("\t\talways-on;")
    w("\t};")
    w("")
    w("\tclk24mhz: apb-pclk {")
    w('\t\tcompatible = "fixed-clock";')
    w("\t\t#clock-cells = <0>;")
    w("\t\tclock-frequency = <%d>;" % UART_CLOCK_HZ)
    w('\t\tclock-output-names = "clk24mhz";')
    w("\t};")
    w("")
    w("\tpl011@%x {" % UART_BASE)
    w('\t\tcompatible = "arm,pl011", "arm,primecell";')
    w("\t\treg = <%s %s>;" % (_cells64(UART_BASE), _cells64(UART_SIZE)))
    w("\t\tinterrupts = <%d %d %d>;" % (IRQ_TYPE_SPI, UART_SPI,
                                        IRQ_LEVEL_HIGH))
    w("\t\tclocks = <&clk24mhz>, <&clk24mhz>;")
    w('\t\tclock-names = "uartclk", "apb_pclk";')
    w("\t};")
    w("};")
    return "\n".join(o) + "\n"


def compile_dtb(dts_text, dtc="dtc"):
    """Compile DTS text to DTB bytes with dtc; GuestDtsError on failure."""
    try:
        res = subprocess.run([dtc, "-q", "-I", "dts", "-O", "dtb", "-o", "-",
                              "-"], input=dts_text.encode(),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             check=False)
    except OSError as err:
        raise GuestDtsError("cannot run %s: %s (install device-tree-compiler)"
                            % (dtc, err.strerror)) from None
    if res.returncode != 0:
        msg = res.stderr.decode(errors="replace").strip().splitlines()
        raise GuestDtsError("dtc failed: %s" % (msg[0] if msg else "?"))
    return res.stdout


def _write_atomic(path, data):
    tmp = "%s.tmp-%d" % (path, os.getpid())
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except OSError:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="guest-dts.py",
        description="Write the device tree of an Avatar guest whose "
        "physical layout mirrors QEMU virt.")
    ap.add_argument("--cpus", type=int, default=1,
                    help="number of vCPUs, 1..%d (default 1)" % MAX_CPUS)
    ap.add_argument("--mem-base", default="0x40000000",
                    help="RAM base address (default 0x40000000)")
    ap.add_argument("--mem-size", default="256M",
                    help="RAM size, e.g. 256M, 1G (default 256M)")
    ap.add_argument("--gic", type=int, default=3, help="GIC version, 2 or 3")
    ap.add_argument("--bootargs", default="console=ttyAMA0",
                    help="kernel command line for /chosen/bootargs")
    ap.add_argument("--initrd-start", default=None,
                    help="guest physical start of the initrd")
    ap.add_argument("--initrd-end", default=None,
                    help="guest physical end (exclusive) of the initrd")
    ap.add_argument("--format", choices=("dts", "dtb"), default=None,
                    help="output format (default: dtb if OUT ends in .dtb, "
                    "else dts); dtb runs dtc")
    ap.add_argument("-o", "--output", default="-",
                    help="output file (default stdout); written atomically")
    args = ap.parse_args(argv)

    fmt = args.format or ("dtb" if args.output.endswith(".dtb") else "dts")
    try:
        text = generate_dts(cpus=args.cpus, mem_base=args.mem_base,
                            mem_size=args.mem_size, gic=args.gic,
                            bootargs=args.bootargs,
                            initrd_start=args.initrd_start,
                            initrd_end=args.initrd_end)
        data = compile_dtb(text) if fmt == "dtb" else text.encode()
        if args.output == "-":
            sys.stdout.buffer.write(data)
        else:
            _write_atomic(args.output, data)
    except GuestDtsError as err:
        print("guest-dts: %s" % err, file=sys.stderr)
        return 1
    except OSError as err:
        print("guest-dts: cannot write %s: %s" % (args.output, err.strerror),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
