# SPDX-License-Identifier: GPL-2.0
"""Block I/O time-out (docs/storage.md): with CONFIG_BLK_FAULT_INJECT the
shell command `blkfault vda` makes the disk lose its next request, which
must then fail after CONFIG_VIRTIO_BLK_TIMEOUT_MS (500 ms here) with a
clear message, reset the device and mark it failed; later requests fail
at once, and the shell keeps answering. A time-out that never fires makes
the `fs cat` below run into the console time-out, so this fails rather
than hangs."""
import re
import shutil
import time

from conftest import built
from console import BOOT_TIMEOUT, Console

TIMEOUT_MS = 500
FAULT = ("CONFIG_BLK_FAULT_INJECT=y\n"
         f"CONFIG_VIRTIO_BLK_TIMEOUT_MS={TIMEOUT_MS}\n")
# Generous: QEMU on a loaded host; the time-out itself is 0.5 s.
FAIL_TIMEOUT = 60


def run(con, command, timeout=None):
    kw = {"timeout": timeout} if timeout else {}
    out = con.run(command, **kw).replace("\r", "")
    echo, _, rest = out.partition("\n")
    assert echo.strip() == command, out
    return rest


def disk_stats(con):
    info = run(con, "fs info")
    m = re.search(r"disk: (\d+) reads .* (\d+) errors, (\d+) time-outs", info)
    assert m, info
    return tuple(int(x) for x in m.groups())


def test_blk_timeout(tmp_path):
    objdir = built("qemu_virt_defconfig", name="qemu_virt_blkfault",
                   extra=FAULT)
    img = str(tmp_path / "host.img")
    shutil.copyfile(f"{objdir}/host.img", img)
    with Console.boot(objdir, disk=img) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        reads, errors, timeouts = disk_stats(con)
        assert (errors, timeouts) == (0, 0)

        out = run(con, "blkfault vda")
        assert (f"blkfault: vda: the next request will be lost "
                f"(time-out {TIMEOUT_MS} ms)") in out, out
        start = time.monotonic()
        out = run(con, "fs cat /README.txt", FAIL_TIMEOUT)
        elapsed = time.monotonic() - start
        assert re.search(rf"blk: vda: request at sector \d+ not completed in "
                         rf"{TIMEOUT_MS} ms: device reset, marked failed",
                         out), out
        assert "fs: /README.txt: I/O error" in out, out
        assert elapsed >= TIMEOUT_MS / 1000, elapsed  # it did wait
        _, errors, timeouts = disk_stats(con)
        assert timeouts == 1

        # The failed device refuses every request at once: no second wait.
        out = run(con, "fs cat /README.txt", FAIL_TIMEOUT)
        assert "fs: /README.txt: I/O error" in out, out
        assert "not completed" not in out, out
        _, errors2, timeouts2 = disk_stats(con)
        assert timeouts2 == 1 and errors2 > errors

        assert "Avatar" in run(con, "version")
