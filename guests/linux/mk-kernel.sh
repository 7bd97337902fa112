#!/usr/bin/env bash
# mk-kernel.sh DL_DIR OUT/Image
#
# Fetch Debian's arm64 cloud kernel (linux-image-cloud-arm64:arm64, resolved
# to linux-image-6.1.0-NN-cloud-arm64 by scripts/fetch-deb.sh) into the
# download cache DL_DIR and write its uncompressed arm64 Image to OUT/Image.
# Debian ships /boot/vmlinuz-* gzip-compressed; it is decompressed here and
# the arm64 Image header magic "ARM\x64" at offset 0x38 is checked.
# No root needed: the package is read with dpkg-deb --fsys-tarfile.
# The output is written under a temporary name and renamed on success; a
# file OUT/Image.version records the kernel release next to it.
set -euo pipefail

me=mk-kernel
die() {
	echo "$me: $*" >&2
	exit 1
}

[ $# -eq 2 ] || die "usage: mk-kernel.sh DL_DIR OUT/Image"
dl_dir=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
kernel_pkg=${AVATAR_KERNEL_PKG:-linux-image-cloud-arm64:arm64}

deb=$("$top/scripts/fetch-deb.sh" "$dl_dir" "$kernel_pkg") || exit 1

out_dir=$(dirname "$out")
mkdir -p "$out_dir" || die "cannot create $out_dir"
work=$(mktemp -d "$out_dir/.mk-kernel.XXXXXX")
trap 'rm -rf "$work"' EXIT

# List first: the member name carries the kernel release.
member=$(dpkg-deb --fsys-tarfile "$deb" | tar -t | grep -E '^\./boot/vmlinuz-' | head -n 1 || true)
[ -n "$member" ] || die "$(basename "$deb") has no /boot/vmlinuz-*; is it a kernel image package?"
release=${member#./boot/vmlinuz-}
dpkg-deb --fsys-tarfile "$deb" | tar -x -C "$work" "$member" ||
	die "cannot extract $member from $(basename "$deb")"

raw=$work/$member
magic=$(od -An -tx1 -N2 "$raw" | tr -d ' \n')
case $magic in
1f8b)
	gzip -dc <"$raw" >"$work/Image" || die "cannot gunzip $member"
	;;
*)
	cp "$raw" "$work/Image"
	;;
esac

# struct arm64_image_header: magic 0x644d5241 ("ARM\x64") at offset 0x38.
hdr=$(od -An -tx1 -j 56 -N4 "$work/Image" | tr -d ' \n')
[ "$hdr" = "41524d64" ] ||
	die "$member from $(basename "$deb") is not an arm64 Image (magic at 0x38 is '$hdr', want 41524d64 \"ARM\\x64\"; compression not supported?)"

printf '%s\n' "$release" >"$work/Image.version"
mv -f "$work/Image.version" "$out.version"
mv -f "$work/Image" "$out"
echo "$me: $out ($release, $(stat -c %s "$out") bytes)" >&2
