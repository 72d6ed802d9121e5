#!/bin/sh
# Builds the fake NVML libraries used by the tests of tracker-nvml (see fake_nvml.c).
# Usage: build-fake-nvml.sh <source.c> <output directory>
# Without a C compiler it prints why and exits 0: the fake-library tests then skip themselves.
set -e
source="$1"
out="$2"
cc="${CC:-gcc}"
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "[fake-nvml] no C compiler ('$cc' not found): the fake NVML library is not built and its tests will be skipped"
  exit 0
fi
mkdir -p "$out/legacy" "$out/no-init"
flags="-shared -fPIC -O2 -std=c11 -Wall -Wextra -Werror -fvisibility=hidden"
"$cc" $flags -o "$out/libnvidia-ml.so.1" "$source"
"$cc" $flags -DFAKE_NVML_LEGACY -o "$out/legacy/libnvidia-ml.so.1" "$source"
"$cc" $flags -DFAKE_NVML_NO_INIT -o "$out/no-init/libnvidia-ml.so.1" "$source"
echo "[fake-nvml] built $out/libnvidia-ml.so.1 (and legacy/, no-init/ variants) with $cc"
