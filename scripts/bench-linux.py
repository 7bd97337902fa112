#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`make bench-linux`: Linux boot under Avatar against the same boot bare (docs/bench.md).

Configures <objtree>/bench-linux from qemu_virt_hv_defconfig with only the
Linux guest (1 vCPU, autostart), builds it, and boots, under the set-up of
/work/shared/BENCH.md (-icount shift=0,sleep=off, -smp 1, cortex-a72,
GICv3, dtb-randomness=off, fixed -rtc and -seed):

  bare   the guest's kernel Image and initramfs on QEMU at EL1, with the
         DTB the guest gets (scripts/guest-dts.py: 1 CPU, the guest's
         memory size and bootargs), -m the guest's memory size;
  avatar Avatar at EL2 from power-on, loading the guest from host.img.

Two figures, each Avatar / bare:

  guest clock   Linux's own printk timestamp at "Run /init as init process"
                (under Avatar the guest's virtual counter starts at 0 when
                its VM is made: CNTVOFF).
  instructions  everything QEMU executed from power-on to the first
                instruction of Linux's run_init_process() (the function
                that prints that line): a gdbstub breakpoint there stops
                the CPU, then QMP `query-replay` reads the instruction
                count. Exact: the breakpoint stops before the instruction
                runs, on the same address in both runs (no KASLR seed: the
                kernel runs at its link address). The address comes from
                /proc/kallsyms of one bare boot without icount, kept in
                <objdir>/run_init_process.addr next to a hash of the Image.

    bench-linux.py [--objtree DIR | --objdir DIR]
"""
import argparse
import hashlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "tests"))

from conftest import PYTHON, build_variant, read_config  # noqa: E402

QEMU = os.environ.get("AVATAR_QEMU", "qemu-system-aarch64")
BOOT_TIMEOUT = 600
RUN_INIT = re.compile(r"\[\s*(\d+\.\d+)\] Run /init as init process")
BREAK_SYMBOL = "run_init_process"
# Issue 5 targets (Avatar / bare).
TARGET_CLOCK = 1.004
TARGET_INSNS = 1.15
ICOUNT_ARGS = ["-icount", "shift=0,sleep=off", "-rtc", "base=2024-01-01T00:00:00,clock=vm",
               "-seed", "1"]


def die(msg):
    sys.exit(f"bench-linux: {msg}")


def build(objdir):
    # Only Linux, with one vCPU (BENCH.md's bare figures are 1-CPU ones).
    build_variant(objdir, "qemu_virt_hv_defconfig", disabled=["GUEST2"], GUEST1_VCPUS="1",
                  GUEST1_AUTOSTART="y")


class Qemu:
    """QEMU halted at power-on (-S) with a gdbstub and a QMP socket; serial into a file."""

    def __init__(self, argv, tmpdir, name):
        self.dir = tmpdir
        self.log = os.path.join(tmpdir, f"{name}.log")
        gdb = os.path.join(tmpdir, f"{name}.gdb")
        qmp = os.path.join(tmpdir, f"{name}.qmp")
        argv = argv + ["-S", "-chardev", f"socket,id=gdb0,path={gdb},server=on,wait=off",
                       "-gdb", "chardev:gdb0", "-qmp", f"unix:{qmp},server=on,wait=off"]
        with open(self.log, "w") as out:
            self.proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=out,
                                         stderr=subprocess.STDOUT)
        self.gdb = self._connect(gdb)
        self.qmp = self._connect(qmp)
        self.qmp_file = self.qmp.makefile("rw")
        self.qmp_file.readline()  # greeting
        self.qmp_cmd("qmp_capabilities")

    def _connect(self, path):
        deadline = time.time() + 30
        while True:
            if self.proc.poll() is not None:
                die(f"QEMU exited ({self.proc.returncode}): {self.tail()}")
            try:
                s = socket.socket(socket.AF_UNIX)
                s.connect(path)
                return s
            except OSError:
                s.close()
                if time.time() > deadline:
                    die(f"no socket {path}")
                time.sleep(0.1)

    def tail(self, n=2000):
        with open(self.log, errors="replace") as f:
            return f.read()[-n:]

    def qmp_cmd(self, cmd):
        self.qmp_file.write(json.dumps({"execute": cmd}) + "\n")
        self.qmp_file.flush()
        while True:
            reply = json.loads(self.qmp_file.readline())
            if "return" in reply:
                return reply["return"]
            if "error" in reply:
                die(f"QMP {cmd}: {reply['error']}")

    # The GDB remote protocol, the few packets needed.
    def gdb_send(self, payload, timeout=30):
        csum = sum(payload.encode()) & 0xff
        self.gdb.sendall(f"${payload}#{csum:02x}".encode())
        return self.gdb_reply(timeout)

    def gdb_reply(self, timeout):
        self.gdb.settimeout(timeout)
        buf = b""
        while True:
            try:
                chunk = self.gdb.recv(4096)
            except socket.timeout:
                die(f"gdbstub: no answer in {timeout}s; console:\n{self.tail()}")
            if not chunk:
                die("gdbstub closed")
            buf += chunk
            m = re.search(rb"\$([^#]*)#[0-9a-fA-F]{2}", buf)
            if m:
                self.gdb.sendall(b"+")
                return m.group(1).decode()

    def run_to(self, addr, timeout):
        """Continue to the first execution of addr; the instruction count there."""
        if self.gdb_send(f"Z1,{addr:x},4") != "OK":
            die("gdbstub refused the breakpoint")
        stop = self.gdb_send("c", timeout)
        if not stop.startswith(("T05", "S05")):
            die(f"gdbstub: unexpected stop {stop!r}; console:\n{self.tail()}")
        icount = self.qmp_cmd("query-replay")["icount"]
        self.gdb_send(f"z1,{addr:x},4")
        self.gdb.sendall(b"$D#44")  # detach: the CPU runs on
        return icount

    def wait_for(self, pattern, timeout):
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = pattern.search(self.tail(1 << 20))
            if m:
                return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.2)
        die(f"no {pattern.pattern!r} in {timeout}s; console:\n{self.tail()}")

    def close(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def bare_argv(images, mem_mb, icount):
    machine = "virt,gic-version=3" + (",dtb-randomness=off" if icount else "")
    argv = [QEMU, "-M", machine, "-cpu", "cortex-a72", "-smp", "1", "-m", f"{mem_mb}M",
            "-kernel", images["kernel"], "-initrd", images["initrd"], "-dtb", images["dtb"],
            "-display", "none", "-nic", "none", "-no-reboot", "-serial", "stdio",
            "-monitor", "none"]
    return argv + (ICOUNT_ARGS if icount else [])


def break_address(objdir, images, mem_mb):
    """run_init_process's address, from /proc/kallsyms of one bare boot (cached)."""
    with open(images["kernel"], "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    cache = os.path.join(objdir, "run_init_process.addr")
    if os.path.exists(cache):
        with open(cache) as f:
            h, addr = f.read().split()
        if h == digest:
            return int(addr, 16)
    import pexpect
    argv = bare_argv(images, mem_mb, icount=False)
    child = pexpect.spawn(argv[0], argv[1:], encoding="utf-8", codec_errors="replace",
                          timeout=BOOT_TIMEOUT, echo=False)
    try:
        child.expect(r"avatar:[^\r\n]*# ")
        child.sendline(f"grep ' {BREAK_SYMBOL}$' /proc/kallsyms; echo END''MARK")
        child.expect(r"ENDMARK")
        m = re.search(r"^([0-9a-f]{16}) [tT] " + BREAK_SYMBOL, child.before, re.M)
        if not m or int(m.group(1), 16) == 0:
            die(f"{BREAK_SYMBOL} not in /proc/kallsyms: {child.before!r}")
    finally:
        child.terminate(force=True)
    with open(cache, "w") as f:
        f.write(f"{digest} {m.group(1)}\n")
    return int(m.group(1), 16)


def measure(argv, addr, tmpdir, name):
    """(guest clock in s at Run /init, instructions from power-on to run_init_process)."""
    q = Qemu(argv, tmpdir, name)
    try:
        icount = q.run_to(addr, BOOT_TIMEOUT)
        m = q.wait_for(RUN_INIT, 120)
        return float(m.group(1)), icount, q.tail(1 << 22)
    finally:
        q.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--objtree", default=os.path.join(SRCTREE, "build"))
    ap.add_argument("--objdir", help="build directory (default: OBJTREE/bench-linux)")
    ap.add_argument("--keep-logs", metavar="DIR", help="copy both console logs there")
    args = ap.parse_args()
    if not shutil.which(QEMU):
        die(f"{QEMU} not found")
    objdir = os.path.abspath(args.objdir or os.path.join(args.objtree, "bench-linux"))
    print(f"bench-linux: building {objdir}", flush=True)
    build(objdir)
    cfg = read_config(objdir)
    mem_mb = int(cfg["GUEST1_MEM_MB"])
    bootargs = cfg["GUEST1_BOOTARGS"].strip('"').replace('\\"', '"')
    linux = os.path.join(objdir, "guests", "build", "linux")
    with tempfile.TemporaryDirectory(prefix="bench-linux.") as tmp:
        dtb = os.path.join(tmp, "bare.dtb")
        subprocess.run([PYTHON, os.path.join(SRCTREE, "scripts", "guest-dts.py"), "--cpus", "1",
                        "--mem-size", f"{mem_mb}M", "--gic", "3", "--bootargs", bootargs,
                        "--format", "dtb", "-o", dtb], check=True)
        images = {"kernel": os.path.join(linux, "Image"),
                  "initrd": os.path.join(linux, "initrd.cpio.gz"), "dtb": dtb}
        addr = break_address(objdir, images, mem_mb)
        print(f"bench-linux: {BREAK_SYMBOL} at 0x{addr:x}; booting bare, then under Avatar",
              flush=True)
        bare_t, bare_n, bare_log = measure(bare_argv(images, mem_mb, True), addr, tmp, "bare")
        hv_argv = [os.path.join(SRCTREE, "scripts", "run-qemu.sh"), "--mode", "hv", "--gic", "3",
                   "--smp", "1", "--mem", cfg["BOARD_RAM_MB"], "--cpu", "cortex-a72",
                   "--kernel", os.path.join(objdir, "Image"),
                   "--disk", os.path.join(objdir, "host.img"), "--icount", "--"]
        hv_t, hv_n, hv_log = measure(hv_argv, addr, tmp, "avatar")
        if args.keep_logs:
            os.makedirs(args.keep_logs, exist_ok=True)
            for name, text in (("bare", bare_log), ("avatar", hv_log)):
                with open(os.path.join(args.keep_logs, f"{name}.log"), "w") as f:
                    f.write(text)
    rc, ri = hv_t / bare_t, hv_n / bare_n
    print(f"\nLinux boot, Avatar / bare (QEMU -icount shift=0, cortex-a72, GICv3, -smp 1, "
          f"{mem_mb} MiB, 1 vCPU)\n")
    print(f"| {'figure':<44} | {'bare':>14} | {'Avatar':>14} | {'ratio':>6} | target |")
    print(f"|{'-' * 46}|{'-' * 16}|{'-' * 16}|{'-' * 8}|{'-' * 8}|")
    print(f"| {'guest clock at Run /init (ms)':<44} | {bare_t * 1e3:>14.3f} | "
          f"{hv_t * 1e3:>14.3f} | {rc:>6.4f} | <= {TARGET_CLOCK} |")
    print(f"| {'instructions, power-on to run_init_process':<44} | {bare_n:>14,} | "
          f"{hv_n:>14,} | {ri:>6.4f} | <= {TARGET_INSNS} |")
    missed = [n for n, r, t in (("guest clock", rc, TARGET_CLOCK),
                                ("instructions", ri, TARGET_INSNS)) if r > t]
    if missed:
        print(f"\nover target: {', '.join(missed)}")


if __name__ == "__main__":
    main()
