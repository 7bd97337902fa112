#!/usr/bin/env bash
# fetch-deb.sh DL_DIR PACKAGE:ARCH ...
#
# Download Debian packages (normally :arm64 guest components) into the
# download cache DL_DIR with `apt-get download`, and print the path of each
# .deb on stdout, one per line, in argument order.  Diagnostics go to stderr.
#
# * A kernel metapackage (linux-image-<flavour>, no ABI number in the name,
#   e.g. linux-image-cloud-arm64:arm64) is resolved with apt-cache to the
#   versioned package it depends on (linux-image-6.1.0-NN-cloud-arm64).
#   The ABI number is never pinned here.
# * If the candidate version is already in DL_DIR the network is not used.
# * apt lists missing or not knowing the package: fall back to the newest
#   cached .deb of that package (for a kernel metapackage: the newest cached
#   linux-image-*-<flavour> .deb) and say so on stderr.
# * A failed download prints one error line (apt's messages too with V=1),
#   exits non-zero and leaves nothing in DL_DIR: the download goes into a
#   temporary directory inside DL_DIR and is renamed into place.
set -euo pipefail

me=fetch-deb

die() {
	echo "$me: $*" >&2
	exit 1
}

note() {
	echo "$me: $*" >&2
}

[ $# -ge 2 ] || die "usage: fetch-deb.sh DL_DIR PACKAGE[:ARCH] ..."

dl_dir=$1
shift
mkdir -p "$dl_dir" || die "cannot create download cache $dl_dir"
dl_dir=$(cd "$dl_dir" && pwd)

tmp_dirs=()
cleanup() {
	local d
	for d in "${tmp_dirs[@]+"${tmp_dirs[@]}"}"; do
		rm -rf "$d"
	done
}
trap cleanup EXIT

# Newest cached .deb whose package name matches the glob $1 for arch $2.
newest_cached() {
	local glob=$1 arch=$2 f best=""
	# shellcheck disable=SC2231 # $glob is a pattern on purpose
	for f in "$dl_dir"/${glob}_*_"$arch".deb; do
		[ -f "$f" ] || continue
		if [ -z "$best" ]; then
			best=$f
			continue
		fi
		# Compare version fields; fall back to name order for kernels
		# whose ABI number is in the package name.
		if [ "$(printf '%s\n%s\n' "$best" "$f" | sort -V | tail -n 1)" = "$f" ]; then
			best=$f
		fi
	done
	[ -n "$best" ] && printf '%s\n' "$best"
}

# apt writes an epoch "1:" into file names as "1%3a".
deb_name() {
	local name=$1 version=$2 arch=$3
	printf '%s_%s_%s.deb\n' "$name" "${version//:/%3a}" "$arch"
}

is_kernel_meta() {
	# linux-image-cloud-arm64, linux-image-arm64, linux-image-rt-arm64 ...
	# but not linux-image-6.1.0-26-cloud-arm64.
	case $1 in
	linux-image-[0-9]*) return 1 ;;
	linux-image-*) return 0 ;;
	*) return 1 ;;
	esac
}

apt_download_opts=()
if [ "$(id -u)" -eq 0 ]; then
	# Root downloading into a directory _apt may not reach: skip the
	# sandbox instead of printing a warning on every build.
	apt_download_opts+=(-o APT::Sandbox::User=root)
fi

fetch_one() {
	local spec=$1 name arch resolved version file cached tmp

	case $spec in
	*:*) name=${spec%%:*} arch=${spec#*:} ;;
	*) name=$spec arch=$(dpkg --print-architecture) ;;
	esac
	if [ -z "$name" ] || [ -z "$arch" ]; then
		die "bad package spec '$spec' (want NAME:ARCH)"
	fi

	resolved=$name
	if is_kernel_meta "$name"; then
		local flavour=${name#linux-image-}
		resolved=$(apt-cache depends "$name:$arch" 2>/dev/null |
			sed -n 's/^ *Depends: \(linux-image-[0-9][^:<> ]*\).*/\1/p' |
			head -n 1 || true)
		if [ -z "$resolved" ]; then
			cached=$(newest_cached "linux-image-[0-9]*-$flavour" "$arch" || true)
			[ -n "$cached" ] || die "cannot resolve $name:$arch with apt-cache and nothing is cached in $dl_dir (run 'apt-get update' with the $arch architecture enabled)"
			note "apt lists do not know $name:$arch; using cached $(basename "$cached")"
			printf '%s\n' "$cached"
			return 0
		fi
		note "$name:$arch -> $resolved:$arch"
	fi

	version=$(apt-cache show --no-all-versions "$resolved:$arch" 2>/dev/null |
		sed -n 's/^Version: //p' | head -n 1 || true)
	if [ -z "$version" ]; then
		cached=$(newest_cached "$resolved" "$arch" || true)
		[ -n "$cached" ] || die "apt lists do not know $resolved:$arch and it is not cached in $dl_dir (run 'apt-get update' with the $arch architecture enabled)"
		note "apt lists do not know $resolved:$arch; using cached $(basename "$cached")"
		printf '%s\n' "$cached"
		return 0
	fi

	file=$(deb_name "$resolved" "$version" "$arch")
	if [ -f "$dl_dir/$file" ]; then
		printf '%s\n' "$dl_dir/$file"
		return 0
	fi

	tmp=$(mktemp -d "$dl_dir/.fetch.XXXXXX")
	tmp_dirs+=("$tmp")
	note "downloading $resolved:$arch $version"
	if ! (cd "$tmp" && apt-get download -q "${apt_download_opts[@]+"${apt_download_opts[@]}"}" \
		"$resolved:$arch=$version") >"$tmp/.log" 2>&1; then
		cached=$(newest_cached "$resolved" "$arch" || true)
		if [ -n "$cached" ]; then
			note "cannot download $resolved:$arch $version; using older cached $(basename "$cached")"
			printf '%s\n' "$cached"
			return 0
		fi
		# apt's own messages only on request (make V=1).
		if [ "${V:-0}" = 1 ]; then
			sed "s/^/$me:   /" "$tmp/.log" >&2
		fi
		die "cannot download $resolved:$arch (run 'apt-get update' or check the network); nothing was written"
	fi
	[ -f "$tmp/$file" ] || die "apt-get download of $resolved:$arch produced no $file; nothing was written"
	dpkg-deb --info "$tmp/$file" >/dev/null 2>&1 ||
		die "downloaded $file is not a valid .deb; nothing was written"
	mv -f "$tmp/$file" "$dl_dir/$file"
	rm -rf "$tmp"
	printf '%s\n' "$dl_dir/$file"
}

for spec in "$@"; do
	fetch_one "$spec"
done
