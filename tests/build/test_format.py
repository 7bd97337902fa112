# SPDX-License-Identifier: GPL-2.0
"""The C sources follow .clang-format (Linux style)."""
import subprocess

from conftest import SRCTREE


def test_c_sources_are_formatted():
    files = subprocess.run(["git", "-C", SRCTREE, "ls-files", "*.c", "*.h"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert files, "no C files found through git"
    r = subprocess.run(["clang-format", "--dry-run", "-Werror"] + files,
                       cwd=SRCTREE, capture_output=True, text=True)
    assert r.returncode == 0, "run clang-format -i on:\n" + "\n".join(
        sorted({line.split(":")[0] for line in r.stderr.splitlines()
                if "warning:" in line or "error:" in line}))
