# SPDX-License-Identifier: GPL-2.0
"""Console input is interrupt driven: the PL011 receive interrupt (the
UART's SPI from the device tree) fills an input ring and the shell sleeps
on a wait queue, so CPU0 idles at the prompt instead of polling."""
import re

from conftest import built
from console import BOOT_TIMEOUT, Console


def test_input_by_interrupt_and_cpu0_idle():
    with Console.boot(built("qemu_virt_defconfig"), smp=2) as con:
        con.expect_prompt(BOOT_TIMEOUT)
        assert "console: input interrupt-driven (INTID 33)" in con.output, con.output
        irq = con.run("irq").replace("\r", "")
        m = re.search(r"^\s+33:\s+(\d+)\s+\d+\s+pl011$", irq, re.M)
        assert m and int(m.group(1)) > 0, irq
        cpus = con.run("cpus").replace("\r", "")
        m = re.search(r"^0\s+0x0\s+online\s+\d+\s+(\d+)$", cpus, re.M)
        assert m and int(m.group(1)) >= 80, cpus
