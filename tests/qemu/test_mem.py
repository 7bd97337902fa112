# SPDX-License-Identifier: GPL-2.0
"""The page and slab allocators run at boot over the device tree's RAM:
`mem` shows their statistics, `mem check` walks their metadata and
`mem test` allocates and frees through every size class."""
import re

import pytest

from conftest import built
from console import BOOT_TIMEOUT, Console


def caches(out):
    """{cache name: (order, objects in use, slabs)} from `mem`."""
    return {name: (int(order), int(objs), int(slabs)) for name, order, objs, slabs in
            re.findall(r"^(\S+)\s+\d+\s+\d+\s+(\d+)\s+(\d+)\s+(\d+)\s+\d+\s*$",
                       out, re.M)}


@pytest.mark.parametrize("defconfig, smp", [
    ("qemu_virt_defconfig", 4), ("qemu_virt_hv_defconfig", 2)])
def test_mem_statistics_check_and_test(defconfig, smp):
    objdir = built(defconfig)
    with Console.boot(objdir, smp=smp) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        # hv: an autostarted guest frees its RAM when it stops; the prompt
        # may come first (boot I/O runs in the init thread, the guest's
        # vCPU beside it), so let it stop before counting pages.
        con.wait_guests_stopped(60)
        m = re.search(r"mm: (\d+) MiB free", con.output)
        assert m and int(m.group(1)) > 256, con.output
        out = con.run("mem")
        m = re.search(r"pages: (\d+) total, (\d+) free", out)
        assert m, out
        total, free = int(m.group(1)), int(m.group(2))
        assert 0 < free <= total
        assert "kmalloc-16" in out and "kmalloc-2048" in out
        before = caches(out)
        assert "mem check: ok" in con.run("mem check")
        assert "mem test: ok" in con.run("mem test")
        # Nothing leaked: no object is in use, and every page not back in
        # the page allocator is a slab a cache keeps (one spare per cache).
        out = con.run("mem")
        m = re.search(r"pages: (\d+) total, (\d+) free", out)
        after = caches(out)
        held = 0
        for name, (order, objs, slabs) in after.items():
            b_objs, b_slabs = before[name][1], before[name][2]
            assert objs == b_objs, f"{name}: {objs} objects in use, {b_objs} before:\n{out}"
            # At most one spare slab beyond what the objects need.
            assert slabs <= b_slabs + 1, f"{name} keeps more than one spare slab:\n{out}"
            held += (slabs - b_slabs) << order
        assert held > 0, out  # mem test went through the caches
        assert int(m.group(2)) + held == free, out
        assert "mem check: ok" in con.run("mem check")
