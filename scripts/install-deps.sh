#!/usr/bin/env bash
# Install every Debian package the Avatar build and its tests need.
# Idempotent: packages already present are skipped, and apt is only
# consulted when something is missing.
set -euo pipefail

PACKAGES=(
	make gcc libc6-dev
	gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu
	qemu-system-arm qemu-utils
	mtools dosfstools
	device-tree-compiler
	gdb-multiarch
	python3 python3-kconfiglib python3-pytest python3-pexpect
	libcmocka-dev pkg-config
	tmux cpio gzip xz-utils zstd file
	clang-format clang
)

missing=()
for p in "${PACKAGES[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

# arm64 packages (Linux guest kernel, busybox) are fetched with
# `apt-get download NAME:arm64`, which needs the foreign architecture.
need_arch=0
if ! dpkg --print-foreign-architectures | grep -qx arm64; then
	need_arch=1
fi

# The guest recipes need the arm64 package lists (apt-get download).
need_lists=0
if ! apt-cache show --no-all-versions busybox-static:arm64 >/dev/null 2>&1; then
	need_lists=1
fi

if [ ${#missing[@]} -eq 0 ] && [ $need_arch -eq 0 ] && [ $need_lists -eq 0 ]; then
	echo "install-deps: all build and test dependencies are installed"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	SUDO="sudo"
fi

if [ $need_arch -eq 1 ]; then
	echo "install-deps: enabling the arm64 package architecture"
	$SUDO dpkg --add-architecture arm64
fi

echo "install-deps: installing ${missing[*]:-(none)}"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ ${#missing[@]} -gt 0 ]; then
	$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
echo "install-deps: done"
