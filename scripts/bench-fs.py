#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""`make bench`: the storage benchmark (docs/storage.md).

Builds qemu_virt_defconfig in <objtree>/bench/native, makes a FAT32 image
with a 32 MiB file (4 KiB clusters; contents from a fixed seed), boots it
on QEMU with -icount shift=0,sleep=off and -smp 1 (BENCH.md) and runs
`fs bench /bench.bin`, which reads the whole file into memory twice: cold
(nothing cached) and warm. It does this RUNS times and prints each run
and the medians. Instructions come from the PMU's INST_RETIRED counter;
the virtual nanoseconds also include the time an idle CPU skips while it
waits for the disk (virtio-blk I/O completes in real time), so they vary.
"""
import argparse
import os
import random
import re
import statistics
import subprocess
import sys

SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(SRCTREE, "tests"))
sys.path.insert(0, os.path.join(SRCTREE, "tests", "qemu"))

from console import BOOT_TIMEOUT, Console  # noqa: E402

FILE_MB = 32
IMAGE_MB = 300  # FAT32 with 4 KiB clusters needs >= 65525 clusters
CLUSTER_SECTORS = 8
SEED = 1
BENCH_TIMEOUT = 300
RE_BENCH = re.compile(r"bench: \S+, (\d+) bytes: cold (\d+) ns (\d+) instructions, "
                      r"warm (\d+) ns (\d+) instructions")


def sh(*argv, env=None):
    subprocess.run(argv, check=True, env=env, stdout=subprocess.DEVNULL)


def build(objdir):
    make = ["make", "--no-print-directory", "-C", SRCTREE, f"O={objdir}"]
    env = {k: v for k, v in os.environ.items()
           if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    if not os.path.exists(os.path.join(objdir, ".config")):
        sh(*make, "qemu_virt_defconfig", env=env)
    sh(*make, "-j2", "all", env=env)


def make_image(objdir):
    img = os.path.join(objdir, "bench.img")
    data = os.path.join(objdir, "bench.bin")
    env = dict(os.environ, MTOOLS_SKIP_CHECK="1")
    with open(data, "wb") as f:
        f.write(random.Random(SEED).randbytes(FILE_MB << 20))
    if os.path.exists(img):
        os.unlink(img)
    sh("mkfs.fat", "-F", "32", "-n", "AVATAR", "-s", str(CLUSTER_SECTORS),
       "--invariant", "-C", img, str(IMAGE_MB * 1024))
    sh("mcopy", "-i", img, data, "::/bench.bin", env=env)
    return img


def run_once(objdir, img):
    with Console.boot(objdir, disk=img, icount=True, smp=1) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        out = con.run("fs bench /bench.bin", timeout=BENCH_TIMEOUT)
        m = RE_BENCH.search(out)
        if not m:
            raise SystemExit(f"bench-fs: unexpected output:\n{out}")
        return [int(x) for x in m.groups()]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--objtree", default=os.path.join(SRCTREE, "build"))
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    objdir = os.path.join(os.path.abspath(args.objtree), "bench", "native")
    print(f"bench-fs: building {objdir}", flush=True)
    build(objdir)
    img = make_image(objdir)
    rows = []
    for i in range(args.runs):
        size, cold_ns, cold_i, warm_ns, warm_i = run_once(objdir, img)
        rows.append((cold_i, warm_i, cold_ns, warm_ns))
        print(f"run {i + 1}: {size} bytes: cold {cold_i:,} instructions "
              f"({cold_ns:,} ns), warm {warm_i:,} instructions "
              f"({warm_ns:,} ns)", flush=True)
    med = [int(statistics.median(col)) for col in zip(*rows)]
    print(f"median of {args.runs}: cold {med[0]:,} instructions, "
          f"warm {med[1]:,} instructions (virtual ns: cold {med[2]:,}, "
          f"warm {med[3]:,})")
    print("targets (issue 4): cold <= 20,000,000, warm <= 4,000,000")


if __name__ == "__main__":
    main()
