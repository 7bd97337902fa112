# SPDX-License-Identifier: GPL-2.0
"""TestOS, the bare-metal test guest, boots bare on QEMU at EL1, passes its
self checks and powers off through PSCI."""
import os
import re
import subprocess

from conftest import built


def test_testos_bare_boot():
    objdir = built("qemu_virt_hv_defconfig")
    image = os.path.join(objdir, "guests", "build", "testos", "testos.bin")
    r = subprocess.run(["qemu-system-aarch64", "-M", "virt", "-cpu", "cortex-a72",
                        "-m", "128M", "-display", "none", "-serial", "stdio",
                        "-monitor", "none", "-nic", "none", "-no-reboot",
                        "-kernel", image],
                       capture_output=True, text=True, timeout=60,
                       stdin=subprocess.DEVNULL)
    out = r.stdout
    assert "TestOS: hello from CPU0 at EL1" in out, out + r.stderr
    assert re.search(r"TestOS: PASS", out), out
    assert "FAIL" not in out, out
    assert "TestOS: done" in out, out
    assert r.returncode == 0  # SYSTEM_OFF ends QEMU cleanly
