"""Unit tests for scripts/guest-dts.py (guest device tree generator).

Run: /usr/bin/python3 -m pytest tests/scripts/test_guest_dts.py
The dtc/fdtget checks need device-tree-compiler; the comparison with QEMU's
own virt tree needs qemu-system-aarch64 (skipped when missing).
"""

import importlib.util
import os
import shutil
import subprocess
import sys

import pytest

TOP = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
TOOL = os.path.join(TOP, "scripts", "guest-dts.py")


def _load():
    spec = importlib.util.spec_from_file_location("guest_dts", TOOL)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


gd = _load()

need_dtc = pytest.mark.skipif(not (shutil.which("dtc") and
                                   shutil.which("fdtget")),
                              reason="dtc/fdtget (device-tree-compiler) "
                              "not installed")


def run_cli(*args):
    return subprocess.run([sys.executable, TOOL] + list(args),
                          capture_output=True, text=True, check=False)


def dtb_of(tmp_path, name="g.dtb", **kw):
    path = tmp_path / name
    path.write_bytes(gd.compile_dtb(gd.generate_dts(**kw)))
    return str(path)


def fdtget(dtb, node, prop, typ="x"):
    r = subprocess.run(["fdtget", "-t", typ, dtb, node, prop],
                       capture_output=True, text=True, check=False)
    assert r.returncode == 0, "%s %s: %s" % (node, prop, r.stderr)
    return r.stdout.strip()


def fdt_nodes(dtb, node):
    r = subprocess.run(["fdtget", "-l", dtb, node], capture_output=True,
                       text=True, check=True)
    return r.stdout.split()


@pytest.mark.parametrize("text,value", [
    ("256M", 256 << 20), ("1G", 1 << 30), ("512K", 512 << 10),
    ("0x10000000", 0x10000000), ("268435456", 268435456), ("2MiB", 2 << 20),
    (4096, 4096),
])
def test_parse_size(text, value):
    assert gd.parse_size(text) == value


def test_parse_size_rejects():
    with pytest.raises(gd.GuestDtsError):
        gd.parse_size("12X")


@need_dtc
@pytest.mark.parametrize("cpus", [1, 2, 4, 8])
@pytest.mark.parametrize("gic", [2, 3])
def test_compiles_and_layout(tmp_path, cpus, gic):
    dtb = dtb_of(tmp_path, cpus=cpus, gic=gic, mem_size="256M",
                 bootargs="console=ttyAMA0 earlycon")
    assert fdtget(dtb, "/", "#address-cells") == "2"
    assert fdtget(dtb, "/", "#size-cells") == "2"
    cpu_nodes = [n for n in fdt_nodes(dtb, "/cpus") if n.startswith("cpu@")]
    assert cpu_nodes == ["cpu@%x" % n for n in range(cpus)]
    for n in range(cpus):
        assert fdtget(dtb, "/cpus/cpu@%x" % n, "reg") == "%x" % n
        assert fdtget(dtb, "/cpus/cpu@%x" % n, "compatible", "s") == "arm,armv8"
        assert fdtget(dtb, "/cpus/cpu@%x" % n, "enable-method", "s") == "psci"
    assert fdtget(dtb, "/psci", "compatible", "s") == "arm,psci-1.0 arm,psci-0.2"
    assert fdtget(dtb, "/psci", "method", "s") == "hvc"
    assert fdtget(dtb, "/memory@40000000", "reg") == "0 40000000 0 10000000"
    assert fdtget(dtb, "/memory@40000000", "device_type", "s") == "memory"

    intc = "/intc@8000000"
    if gic == 3:
        assert fdtget(dtb, intc, "compatible", "s") == "arm,gic-v3"
        assert fdtget(dtb, intc, "reg") == "0 8000000 0 10000 0 80a0000 0 %x" % (
            cpus * 0x20000)
        flags = 0x4
    else:
        assert fdtget(dtb, intc, "compatible", "s") == "arm,cortex-a15-gic"
        assert fdtget(dtb, intc, "reg") == "0 8000000 0 10000 0 8010000 0 10000"
        flags = (((1 << cpus) - 1) << 8) | 4
    assert fdtget(dtb, intc, "#interrupt-cells") == "3"
    gic_ph = fdtget(dtb, intc, "phandle")
    assert fdtget(dtb, "/", "interrupt-parent") == gic_ph

    want = " ".join("1 %x %x" % (ppi, flags) for ppi in (13, 14, 11, 10))
    assert fdtget(dtb, "/timer", "interrupts") == want
    assert fdtget(dtb, "/timer", "compatible", "s") == "arm,armv8-timer"

    uart = "/pl011@9000000"
    assert fdtget(dtb, uart, "compatible", "s") == "arm,pl011 arm,primecell"
    assert fdtget(dtb, uart, "reg") == "0 9000000 0 1000"
    assert fdtget(dtb, uart, "interrupts") == "0 1 4"
    clk = fdtget(dtb, "/apb-pclk", "phandle")
    assert fdtget(dtb, uart, "clocks") == "%s %s" % (clk, clk)
    assert fdtget(dtb, uart, "clock-names", "s") == "uartclk apb_pclk"
    assert fdtget(dtb, "/apb-pclk", "clock-frequency", "u") == "24000000"
    assert fdtget(dtb, "/apb-pclk", "compatible", "s") == "fixed-clock"

    assert fdtget(dtb, "/chosen", "bootargs", "s") == "console=ttyAMA0 earlycon"
    assert fdtget(dtb, "/chosen", "stdout-path", "s") == uart
    props = subprocess.run(["fdtget", "-p", dtb, "/chosen"],
                           capture_output=True, text=True).stdout.split()
    assert "linux,initrd-start" not in props


@need_dtc
def test_initrd_and_high_memory(tmp_path):
    dtb = dtb_of(tmp_path, cpus=1, mem_base="0x80000000", mem_size="6G",
                 initrd_start=0x88000000, initrd_end=0x88123456)
    assert fdtget(dtb, "/memory@80000000", "reg") == "0 80000000 1 80000000"
    assert fdtget(dtb, "/chosen", "linux,initrd-start") == "0 88000000"
    assert fdtget(dtb, "/chosen", "linux,initrd-end") == "0 88123456"


def test_page_aligned_memory_accepted():
    text = gd.generate_dts(mem_base=0x40001000, mem_size="3M")
    assert "memory@40001000 {" in text
    assert "reg = <0x0 0x40001000 0x0 0x00300000>;" in text


@need_dtc
def test_bootargs_escaping(tmp_path):
    args = 'console=ttyAMA0 quote="a b" back\\slash'
    dtb = dtb_of(tmp_path, bootargs=args)
    assert fdtget(dtb, "/chosen", "bootargs", "s") == args


@pytest.mark.parametrize("kw,msg", [
    (dict(cpus=0), "between 1 and 8"),
    (dict(cpus=9), "between 1 and 8"),
    (dict(gic=4), "gic must be 2 or 3"),
    (dict(mem_base=0x40000800), "4 KiB aligned"),
    (dict(mem_size=0x100100), "4 KiB aligned"),
    (dict(mem_size=0), "positive"),
    (dict(mem_base=0x20000000), "device region"),
    (dict(mem_base=0x3f00000000, mem_size="8G"), "ends beyond"),
    (dict(initrd_start=0x48000000), "both"),
    (dict(initrd_start=0x48000000, initrd_end=0x47000000), "below"),
    (dict(mem_size="256M", initrd_start=0x4ff00000, initrd_end=0x50100000),
     "outside RAM"),
    (dict(bootargs="a\nb"), "one line"),
])
def test_validation(kw, msg):
    with pytest.raises(gd.GuestDtsError) as exc:
        gd.generate_dts(**kw)
    assert msg in str(exc.value)


def test_cli_errors(tmp_path):
    out = tmp_path / "x.dts"
    for args, msg in ((["--cpus", "0"], "between 1 and 8"),
                      (["--mem-size", "0x3001"], "4 KiB aligned"),
                      (["--initrd-end", "0x41000000"], "both")):
        r = run_cli(*(args + ["-o", str(out)]))
        assert r.returncode == 1, args
        assert r.stderr.startswith("guest-dts: ") and msg in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
        assert not out.exists()


@need_dtc
def test_cli_outputs(tmp_path):
    dts = tmp_path / "g.dts"
    r = run_cli("--cpus", "2", "--mem-size", "512M", "--gic", "2",
                "--bootargs", "console=ttyAMA0", "-o", str(dts))
    assert r.returncode == 0, r.stderr
    text = dts.read_text()
    assert text.startswith("/dts-v1/;")
    assert text == gd.generate_dts(cpus=2, mem_size="512M", gic=2,
                                   bootargs="console=ttyAMA0")
    dtb = tmp_path / "g.dtb"
    r = run_cli("--cpus", "2", "-o", str(dtb))
    assert r.returncode == 0, r.stderr
    assert dtb.read_bytes()[:4] == b"\xd0\x0d\xfe\xed"
    r = run_cli("--cpus", "3")
    assert r.returncode == 0 and "cpu@2 {" in r.stdout


@need_dtc
@pytest.mark.skipif(not shutil.which("qemu-system-aarch64"),
                    reason="qemu-system-aarch64 not installed")
@pytest.mark.parametrize("gic", [2, 3])
def test_matches_qemu_virt(tmp_path, gic):
    """The layout must be the one QEMU virt itself describes."""
    qdtb = str(tmp_path / "qemu.dtb")
    r = subprocess.run(["qemu-system-aarch64", "-M",
                        "virt,gic-version=%d,dumpdtb=%s" % (gic, qdtb),
                        "-cpu", "cortex-a72", "-smp", "2", "-m", "256M",
                        "-nographic", "-nic", "none"],
                       capture_output=True, text=True, check=False)
    if not os.path.exists(qdtb):
        pytest.skip("qemu could not dump its dtb: %s" % r.stderr.strip())
    ours = dtb_of(tmp_path, cpus=2, gic=gic, mem_size="256M")
    same = [("/memory@40000000", "reg"), ("/pl011@9000000", "reg"),
            ("/pl011@9000000", "interrupts"), ("/timer", "interrupts"),
            ("/apb-pclk", "clock-frequency"), ("/psci", "method"),
            ("/intc@8000000", "#interrupt-cells")]
    for node, prop in same:
        assert fdtget(ours, node, prop) == fdtget(qdtb, node, prop), (node, prop)
    assert fdtget(ours, "/intc@8000000", "compatible", "s") == fdtget(
        qdtb, "/intc@8000000", "compatible", "s")
    # Same distributor and (v3) redistributor / (v2) CPU interface bases.
    q = fdtget(qdtb, "/intc@8000000", "reg").split()
    o = fdtget(ours, "/intc@8000000", "reg").split()
    assert o[:4] == q[:4] and o[4:6] == q[4:6]
    assert fdtget(qdtb, "/chosen", "stdout-path", "s") == fdtget(
        ours, "/chosen", "stdout-path", "s")
