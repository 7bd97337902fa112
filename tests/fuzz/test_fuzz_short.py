# SPDX-License-Identifier: GPL-2.0
"""A short libFuzzer run of the FAT32 reader/writer (`make fuzz` runs long)."""
import os
import subprocess

from conftest import SRCTREE


def test_fuzz_fat32_short(tmp_path):
    env = dict(os.environ, FUZZ_ARTIFACTS=str(tmp_path / "artifacts"),
               TMPDIR=str(tmp_path))
    r = subprocess.run([os.path.join(SRCTREE, "tests", "fuzz", "run.sh"),
                        "-runs=5000", "-seed=1"],
                       capture_output=True, text=True, timeout=600, env=env)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-3000:]
    assert "Done 5000 runs" in r.stderr, r.stderr[-2000:]
