#!/bin/sh
# Build the FAT32 fuzzer with clang (libFuzzer + ASan + UBSan), generate
# the seed corpus and run it briefly. Usage: tests/fuzz/run.sh [libFuzzer args]
# Default: -runs=20000. Work files go to a temporary directory.
set -eu
src=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/fuzz_fat32.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
core="$src/fs/fat32/bpb.c $src/fs/fat32/dir.c $src/fs/fat32/fat.c \
 $src/fs/fat32/file.c $src/fs/fat32/io.c $src/fs/fat32/lfn.c \
 $src/fs/fat32/namei.c $src/fs/fat32/path.c $src/fs/fat32/super.c \
 $src/fs/fat32/time.c $src/tests/unit/fat32/tinyimg.c"
# shellcheck disable=SC2086
cc -O1 -g -I "$src/include" $core "$src/tests/fuzz/mkseeds.c" -o "$work/mkseeds"
mkdir "$work/corpus"
"$work/mkseeds" "$work/corpus"
# shellcheck disable=SC2086
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
	-I "$src/include" $core "$src/tests/fuzz/fuzz_fat32.c" -o "$work/fuzz_fat32"
# Crashes and slow inputs are kept outside the temporary directory.
art=${FUZZ_ARTIFACTS:-${TMPDIR:-/tmp}/fuzz_fat32-artifacts}
mkdir -p "$art"
cd "$work"
if [ $# -eq 0 ]; then
	set -- -runs=20000
fi
./fuzz_fat32 -max_len=131072 -report_slow_units=2 -artifact_prefix="$art/" "$@" corpus
