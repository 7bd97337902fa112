# SPDX-License-Identifier: GPL-2.0
"""Runs every host unit test (cmocka) that `make unittests-build` built.

Each binary is one pytest case, run in a fresh temporary directory with
AVATAR_SRCTREE set and the compiled test DTBs' directory as argv[1].
"""
import os
import subprocess

import pytest

from conftest import OBJTREE, SRCTREE

UNIT_DIR = os.path.join(OBJTREE, "tests", "unit")


def _tests():
    try:
        with open(os.path.join(UNIT_DIR, "tests.list")) as f:
            return [line.strip() for line in f if line.strip()]
    except FileNotFoundError:
        return []


def test_unit_tests_were_built():
    assert _tests(), "no unit tests built: run 'make unittests-build' first"


@pytest.mark.parametrize("name", _tests())
def test_unit(name, tmp_path):
    env = dict(os.environ, AVATAR_SRCTREE=SRCTREE)
    r = subprocess.run([os.path.join(UNIT_DIR, name),
                        os.path.join(UNIT_DIR, "dts")],
                       cwd=tmp_path, env=env, capture_output=True, text=True,
                       timeout=600)
    assert r.returncode == 0, f"{name} failed:\n{r.stdout}\n{r.stderr}"
