#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# run-qemu.sh: boot an Avatar build on QEMU virt.
#
#   run-qemu.sh --mode hv|native --gic 2|3 --smp N --mem MiB --cpu MODEL
#               --kernel Image [--disk host.img] [--gdb PORT --elf avatar.elf]
#               [--icount] [-- extra qemu arguments]
#
# The configuration decides the machine: virtualization=on in hypervisor
# mode (QEMU then enters at EL2 and its PSCI uses SMC), the GIC version,
# -smp and -m; host.img is attached as a virtio-blk device. The serial
# console is stdio, so it works in a terminal (Ctrl-A x quits, Ctrl-A c
# for the QEMU monitor) and non-interactively from a pipe or a test driver
# (then there is no monitor multiplexing: stdin goes straight to the UART).
set -euo pipefail

prog=run-qemu
die() { echo "$prog: error: $*" >&2; exit 1; }

mode=hv gic=3 smp=1 mem=1024 cpu=cortex-a72 kernel= disk= gdb= elf= icount=
QEMU=${QEMU:-qemu-system-aarch64}
while [ $# -gt 0 ]; do
	case "$1" in
	--mode) mode=$2; shift 2 ;;
	--gic) gic=$2; shift 2 ;;
	--smp) smp=$2; shift 2 ;;
	--mem) mem=$2; shift 2 ;;
	--cpu) cpu=$2; shift 2 ;;
	--kernel) kernel=$2; shift 2 ;;
	--disk) disk=$2; shift 2 ;;
	--gdb) gdb=$2; shift 2 ;;
	--elf) elf=$2; shift 2 ;;
	--icount) icount=1; shift ;;
	--) shift; break ;;
	*) die "unknown option '$1'" ;;
	esac
done

command -v "$QEMU" >/dev/null || die "$QEMU not found (run 'make install-deps')"
[ -f "$kernel" ] || die "kernel image '$kernel' not found (run 'make')"
case "$mode" in
hv) machine="virt,virtualization=on,gic-version=$gic" ;;
native) machine="virt,gic-version=$gic" ;;
*) die "unknown mode '$mode'" ;;
esac

args=(-M "$machine" -cpu "$cpu" -smp "$smp" -m "${mem}M" -kernel "$kernel"
	-display none -nic none -no-reboot)
if [ -n "$disk" ]; then
	[ -f "$disk" ] || die "disk image '$disk' not found (run 'make')"
	args+=(-drive "file=$disk,if=none,format=raw,id=hostimg"
		-device virtio-blk-device,drive=hostimg)
fi
if [ -t 0 ]; then
	args+=(-serial mon:stdio)
else
	args+=(-serial stdio -monitor none)
fi
if [ -n "$icount" ]; then
	# BENCH.md: with these every run executes the same instructions.
	args[1]="$machine,dtb-randomness=off"
	args+=(-icount shift=0,sleep=off -rtc base=2024-01-01T00:00:00,clock=vm -seed 1)
fi
if [ -n "$gdb" ]; then
	args+=(-S -gdb "tcp::$gdb")
	echo "$prog: QEMU is halted with a gdb stub on port $gdb; attach with:" >&2
	echo "  gdb-multiarch ${elf:-avatar.elf} -ex 'target remote :$gdb'" >&2
fi
[ -n "$gdb" ] || [ ! -t 0 ] || echo "$prog: Ctrl-A x quits QEMU" >&2
exec "$QEMU" "${args[@]}" "$@"
