# SPDX-License-Identifier: GPL-2.0
"""Writing generated files so that make redoes only what changed."""
import os


def write_if_changed(path, text):
    """Write text to path unless it already holds exactly that; the new
    content goes to a temporary name first, so a reader never sees half a
    file. Returns True if the file was written."""
    try:
        with open(path, encoding="utf-8") as f:
            if f.read() == text:
                return False
    except FileNotFoundError:
        pass
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, path)
    return True
