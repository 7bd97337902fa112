"""Boot the Avatar Linux guest images BARE on QEMU (EL1, no hypervisor).

This proves the guest images themselves (Debian kernel Image, busybox
initramfs, guest DTB from scripts/guest-dts.py) are good before the
hypervisor is involved.  It builds nothing; it takes paths from the
environment and skips, with the reason, when they are missing:

  AVATAR_LINUX_IMAGE     uncompressed arm64 Image   (guests/linux/mk-kernel.sh)
  AVATAR_LINUX_INITRD    initrd.cpio.gz             (guests/linux/mk-initramfs.sh)
  AVATAR_LINUX_DTB_DIR   directory holding bare-gicv2.dtb and bare-gicv3.dtb,
                         made by scripts/guest-dts.py --cpus 2 (optional: the
                         "avatar-dtb" cases skip without it, the "qemu-dtb"
                         baseline cases still run)
  Without these variables (as in `make check`) the test builds
  qemu_virt_hv_defconfig through conftest.built() and uses its Linux
  images, and makes the bare DTBs itself with scripts/guest-dts.py.
  AVATAR_QEMU            QEMU binary (default qemu-system-aarch64)
  AVATAR_BOOT_TIMEOUT    seconds to reach the shell prompt (default 120)

Run:  /usr/bin/python3 -m pytest tests/qemu/test_linux_bare.py
Each boot's console log is kept in pytest's tmp_path (console.log).
"""

import os
import re
import shutil
import subprocess

import pytest

from conftest import PYTHON, SRCTREE, built

pexpect = pytest.importorskip("pexpect")

CPUS = 2
MEM = "512M"
PROMPT = r"avatar:[^\r\n]*# "
CMD_TIMEOUT = 30


def _built_linux():
    objdir = built("qemu_virt_hv_defconfig")
    return os.path.join(objdir, "guests", "build", "linux")


def _env_file(var, default_name):
    path = os.environ.get(var)
    if not path:
        path = os.path.join(_built_linux(), default_name)
        assert os.path.isfile(path), "the build did not make %s" % path
    if not os.path.isfile(path):
        pytest.skip("%s=%s does not exist" % (var, path))
    return path


def _make_bare_dtb(gic, tmp_path):
    out = tmp_path / ("bare-gicv%d.dtb" % gic)
    subprocess.run([PYTHON, os.path.join(SRCTREE, "scripts", "guest-dts.py"),
                    "--cpus", str(CPUS), "--mem-size", MEM, "--gic", str(gic),
                    "--bootargs", "console=ttyAMA0 earlycon",
                    "--format", "dtb", "-o", str(out)], check=True)
    return str(out)


def _qemu():
    qemu = os.environ.get("AVATAR_QEMU", "qemu-system-aarch64")
    if not shutil.which(qemu):
        pytest.skip("%s not found" % qemu)
    return qemu


def _tail(path, n=40):
    try:
        with open(path, errors="replace") as fh:
            return "".join(fh.readlines()[-n:])
    except OSError:
        return "(no log)"


class Console:
    """A QEMU serial console driven like a person at a terminal."""

    def __init__(self, argv, log_path):
        self.log_path = log_path
        self.log = open(log_path, "w")
        self.p = pexpect.spawn(argv[0], argv[1:], encoding="utf-8",
                               codec_errors="replace", timeout=CMD_TIMEOUT,
                               dimensions=(50, 200))
        self.p.logfile_read = self.log

    def expect(self, pattern, timeout, what):
        try:
            self.p.expect(pattern, timeout=timeout)
        except pexpect.TIMEOUT:
            self.log.flush()
            pytest.fail("timed out after %ss waiting for %s; console tail:\n%s"
                        % (timeout, what, _tail(self.log_path)))
        except pexpect.EOF:
            self.log.flush()
            pytest.fail("QEMU exited while waiting for %s; console tail:\n%s"
                        % (what, _tail(self.log_path)))
        return self.p.before

    def run(self, cmd):
        """Type cmd, wait for the next prompt, return what it printed."""
        marker = "__AVATAR_END__"
        # The echo of the command line contains the marker split by quotes,
        # so only the real output matches "marker\r\n".
        self.p.sendline("%s; echo '__AVATAR''_END__'" % cmd)
        out = self.expect(marker + r"\r*\n", CMD_TIMEOUT, repr(cmd))
        self.expect(PROMPT, CMD_TIMEOUT, "the prompt after %r" % cmd)
        # Drop the echoed command line.
        lines = out.replace("\r", "").split("\n")
        return "\n".join(lines[1:])

    def close(self):
        if self.p.isalive():
            self.p.close(force=True)
        self.log.close()


@pytest.mark.parametrize("dtb", ["qemu-dtb", "avatar-dtb"])
@pytest.mark.parametrize("gic", [2, 3])
def test_linux_bare_boot(gic, dtb, tmp_path):
    image = _env_file("AVATAR_LINUX_IMAGE", "Image")
    initrd = _env_file("AVATAR_LINUX_INITRD", "initrd.cpio.gz")
    qemu = _qemu()
    boot_timeout = float(os.environ.get("AVATAR_BOOT_TIMEOUT", "120"))

    argv = [qemu, "-M", "virt,gic-version=%d" % gic, "-cpu", "cortex-a72",
            "-smp", str(CPUS), "-m", MEM, "-nographic", "-nic", "none",
            "-no-reboot", "-kernel", image, "-initrd", initrd]
    if dtb == "avatar-dtb":
        dtb_dir = os.environ.get("AVATAR_LINUX_DTB_DIR")
        if dtb_dir:
            dtb_path = os.path.join(dtb_dir, "bare-gicv%d.dtb" % gic)
        else:
            dtb_path = _make_bare_dtb(gic, tmp_path)
        # No -append: bootargs come from the DTB's /chosen.  QEMU patches
        # linux,initrd-start/end (and the memory node) into a -dtb tree.
        argv += ["-dtb", dtb_path]
    else:
        argv += ["-append", "console=ttyAMA0"]

    con = Console(argv, str(tmp_path / "console.log"))
    try:
        con.expect("Avatar Linux guest: init done", boot_timeout,
                   "the initramfs banner")
        con.expect(PROMPT, CMD_TIMEOUT, "the shell prompt")

        uname = con.run("uname -a")
        assert "Linux" in uname and "aarch64" in uname, uname

        cpuinfo = con.run("cat /proc/cpuinfo")
        ncpu = len(re.findall(r"^processor\s*:", cpuinfo, re.M))
        assert ncpu == CPUS, "expected %d CPUs in /proc/cpuinfo:\n%s" % (
            CPUS, cpuinfo)

        ls = con.run("ls /").split()
        for name in ("bin", "dev", "init", "proc", "sys"):
            assert name in ls, "%s missing from ls /: %s" % (name, ls)

        irqs = con.run("cat /proc/interrupts")
        want = "GICv3" if gic == 3 else "GIC-0"
        assert want in irqs, "GICv%d not in use:\n%s" % (gic, irqs)
        assert re.search(r"uart-pl011", irqs), irqs

        # Job control: the shell owns the console tty.
        tty = con.run("tty")
        assert "/dev/ttyAMA0" in tty, tty

        if dtb == "avatar-dtb":
            model = con.run("cat /proc/device-tree/model; echo")
            assert "Avatar guest" in model, "not booted with our DTB: %r" % (
                model,)

        con.p.sendline("poweroff -f")
        con.expect(pexpect.EOF, CMD_TIMEOUT, "QEMU to exit after poweroff")
        con.p.close()
        assert con.p.exitstatus == 0, "QEMU exit status %r" % (
            con.p.exitstatus,)
    finally:
        con.close()
