#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
#
# mkhostimg.sh LIST OUT SIZE_MB
#
# Packs the guest files named in LIST ("<file>\t</path/on/image>" per line,
# written by scripts/genguests.py) into a FAT32 image OUT of SIZE_MB MiB,
# with mtools: no root, no loop devices. The image is reproducible: the
# volume id and every timestamp are fixed (mkfs.fat --invariant and
# SOURCE_DATE_EPOCH), so the same inputs give the same bytes. The image is
# built under a temporary name and renamed only when complete.
set -euo pipefail

prog=mkhostimg
die() { echo "$prog: error: $*" >&2; exit 1; }

[ $# -eq 3 ] || die "usage: mkhostimg.sh LIST OUT SIZE_MB"
list=$1 out=$2 size_mb=$3

export MTOOLS_SKIP_CHECK=1
# 2024-01-01 00:00:00 UTC for every directory entry mtools writes.
export SOURCE_DATE_EPOCH=1704067200
export TZ=UTC

[ -f "$list" ] || die "$list: no such file (run make to regenerate it)"
case "$size_mb" in ''|*[!0-9]*) die "bad size '$size_mb'" ;; esac
# mkfs.fat makes FAT32 only from about 33 MiB on (65525 clusters).
[ "$size_mb" -ge 34 ] || die "CONFIG_HOSTIMG_SIZE_MB=$size_mb is too small for FAT32 (>= 34)"

need=0
while IFS=$'\t' read -r src dest; do
	[ -n "$src" ] || continue
	[ -f "$src" ] || die "$src: missing (needed for $dest on host.img)"
	sz=$(stat -c %s "$src")
	# Round each file up to 4 KiB (the largest cluster), plus one for its entry.
	need=$((need + (sz + 4095) / 4096 * 4096 + 4096))
done < "$list"
# FAT tables, reserved sectors and directories: about 1% plus 1 MiB.
capacity=$((size_mb * 1024 * 1024 * 98 / 100 - 1024 * 1024))
if [ "$need" -gt "$capacity" ]; then
	die "files need $(( (need + 1048575) / 1048576 )) MiB but host.img is ${size_mb} MiB: raise CONFIG_HOSTIMG_SIZE_MB (make menuconfig, File systems)"
fi

tmp="$out.tmp"
trap 'rm -f "$tmp"' EXIT
rm -f "$tmp"
truncate -s "${size_mb}M" "$tmp"
# FAT32 needs at least 65525 clusters (mtools and many readers decide the
# FAT type from the count): take the largest cluster of up to 4 KiB that
# keeps the count above that, for short cluster chains.
spc=8
while [ "$spc" -gt 1 ] && [ $((size_mb * 2048 / spc)) -lt 66000 ]; do
	spc=$((spc / 2))
done
mkfs.fat -F 32 -n AVATAR --invariant -S 512 -s "$spc" "$tmp" >/dev/null ||
	die "mkfs.fat failed on $tmp"

declare -A made=()
mkdirs() {
	local path=$1 acc=""
	IFS=/ read -ra parts <<< "${path#/}"
	for p in "${parts[@]}"; do
		acc="$acc/$p"
		if [ -z "${made[$acc]:-}" ]; then
			mmd -i "$tmp" "::$acc" 2>/dev/null || true
			made[$acc]=1
		fi
	done
}

while IFS=$'\t' read -r src dest; do
	[ -n "$src" ] || continue
	mkdirs "$(dirname "$dest")"
	if ! err=$(mcopy -o -i "$tmp" "$src" "::$dest" 2>&1); then
		die "cannot copy $src to $dest: ${err//$'\n'/ } (raise CONFIG_HOSTIMG_SIZE_MB?)"
	fi
done < "$list"

fsck.vfat -n "$tmp" >/dev/null 2>&1 || die "fsck.vfat reports errors in the new image"
mv "$tmp" "$out"
trap - EXIT
