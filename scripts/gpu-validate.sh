#!/usr/bin/env bash
# Real-GPU validation of the NVML probe, in two modes (docs/validation.md explains both):
#
#   scripts/gpu-validate.sh build [DIR]   here, on the build machine (JDK 17 with jlink/jdeps, nvcc, cc; Maven only
#                                         if the example jar is not built yet): makes a self-contained bundle in DIR
#                                         (default target/gpu-validate) and DIR.tar.gz. No GPU needed.
#   ./gpu-validate.sh run                 there, on a Linux x86_64 machine with an NVIDIA GPU and its driver, no
#                                         network, no Maven, no Java: from inside the unpacked bundle (or
#                                         scripts/gpu-validate.sh run DIR).
#
# The bundle: runtime/ (a Java runtime made by jlink with the modules jdeps finds in the example jar),
# greenai-examples.jar (examples/basic, which contains tracker-nvml), bin/gpu-load (scripts/gpu-load.cu: a steady
# CUDA load, CUDA runtime linked statically), bin/gpu-energy (scripts/gpu-energy.c: NVML's energy counter read by
# a separate C program), this script, BUILD-INFO.txt and README.txt.
#
# run: the load starts and settles (GPU_VALIDATE_WARMUP_SECONDS), the example trains for GPU_VALIDATE_SECONDS with
# the tracker on that GPU (GREENAI_GPUS=<its UUID>), the load goes on a few seconds after it, and two independent
# samplers run all along, every 200 ms: gpu-energy (the NVML energy counter) and nvidia-smi (power.draw, and
# power.draw.instant where the driver has it; nvidia-smi has no energy field). Over the tracker's own window
# (the report's endTime minus its durationSeconds, to its endTime) it compares the tracker's GPU energy with
#   - the counter's delta, interpolated at both ends:       within 2 %  (same counter, so only the window edges
#     differ: the report's times are to the millisecond and the tracker's first and last reads are within ~0.1 s
#     of them, i.e. < 0.2 % of a 60 s window at a steady load; the rest is margin for the counter's ~100 ms steps);
#   - nvidia-smi power integrated (trapezoids):              within 5 % or 5 W x the window, whichever is larger
#     (NVIDIA documents power.draw as accurate to +/- 5 W; on Ampere and newer it is a 1 s average, and A100/H100
#     sample their power sensor only part of the time, which a steady load averages out but a 200 ms sampler sees
#     as noise);
# prints a table, writes it (and a row for docs/validation.md) into the result directory, and exits 0 when every
# available comparison is within its tolerance, 1 when one is not or the tracker did not measure the GPU, 2 when
# it cannot run here (no nvidia-smi, no GPU, a bundle that does not fit this machine), with one line saying why.
#
# run's environment: GPU_VALIDATE_GPU (NVML index or UUID, default 0), GPU_VALIDATE_SECONDS (tracked run, default
# 60), GPU_VALIDATE_WARMUP_SECONDS (default 10), GPU_VALIDATE_LOAD=none (no CUDA load: an idle GPU, e.g. where
# gpu-load cannot run), GPU_VALIDATE_OUT (result directory, default ./gpu-validate-result-<UTC time>).
# build's environment: JAVA_HOME (the JDK whose jdeps/jlink to use, default the one on PATH), NVCC (default nvcc),
# CC (default cc), GPU_VALIDATE_CUDA_ARCHS (space-separated sm_XY list, default below).
set -euo pipefail

COUNTER_TOLERANCE_PERCENT=2
POWER_TOLERANCE_PERCENT=5
POWER_TOLERANCE_WATTS=5
SAMPLE_PERIOD_MS=200
LOAD_TAIL_SECONDS=5
# CUDA 13 builds for Turing (sm_75) and newer; x86_64 parts only (no Jetson/Thor/Spark). PTX of the newest is
# embedded too, so that a newer GPU can JIT-compile it.
DEFAULT_CUDA_ARCHS="sm_75 sm_80 sm_86 sm_89 sm_90 sm_100 sm_103 sm_120"

die() { # status, one line
  local status=$1
  shift
  echo "gpu-validate: $*" >&2
  exit "$status"
}

usage() {
  echo "usage: gpu-validate.sh build [DIR] | run [BUNDLE_DIR]" >&2
  exit 2
}

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# ---------------------------------------------------------------- build ---------------------------------------
glibc_needed() { # the highest GLIBC_x.y symbol version the ELF files given need
  local f
  for f in "$@"; do
    objdump -T "$f" 2>/dev/null | grep -o 'GLIBC_[0-9][0-9.]*' || true
  done | sed 's/GLIBC_//' | sort -Vu | tail -1
}

build() {
  local repo out
  repo=$(cd "$here/.." && pwd)
  [ -f "$repo/examples/basic/pom.xml" ] || die 2 "build runs from the repository (scripts/gpu-validate.sh build), not from a bundle"
  out=${1:-$repo/target/gpu-validate}
  case $out in /*) ;; *) out=$PWD/$out ;; esac

  local jdk_bin
  if [ -n "${JAVA_HOME:-}" ]; then
    jdk_bin=$JAVA_HOME/bin
  else
    command -v jlink >/dev/null || die 2 "no jlink on PATH and no JAVA_HOME: install a JDK 17 (with jmods)"
    jdk_bin=$(dirname "$(readlink -f "$(command -v jlink)")")
  fi
  for tool in java jdeps jlink; do
    [ -x "$jdk_bin/$tool" ] || die 2 "no $tool in $jdk_bin (JAVA_HOME='${JAVA_HOME:-}'): a full JDK 17 is needed"
  done
  local java_major
  java_major=$("$jdk_bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')
  [ "$java_major" = 17 ] || die 2 "the JDK in $jdk_bin is Java '$java_major', the project's runtime is Java 17 (set JAVA_HOME)"
  local nvcc=${NVCC:-nvcc} cc=${CC:-cc}
  command -v "$nvcc" >/dev/null || die 2 "no nvcc (NVCC='$nvcc'): install the CUDA toolkit to build gpu-load"
  command -v "$cc" >/dev/null || die 2 "no C compiler (CC='$cc')"
  command -v objdump >/dev/null || die 2 "no objdump (binutils): needed to record the glibc the bundle needs"

  local jar=$repo/examples/basic/target/greenai-examples.jar
  if [ ! -f "$jar" ]; then
    command -v mvn >/dev/null || die 2 "$jar is not built and there is no mvn to build it"
    echo "gpu-validate: building the example jar (mvn -B -q -DskipTests package -pl examples/basic -am)"
    (cd "$repo" && mvn -B -q -DskipTests package -pl examples/basic -am)
  else
    echo "gpu-validate: using $jar built $(date -u -r "$jar" +%Y-%m-%dT%H:%M:%SZ) (rebuild with mvn package to refresh it)"
  fi

  rm -rf "$out" "$out.tar.gz"
  mkdir -p "$out/bin"
  local modules
  modules=$("$jdk_bin/jdeps" --multi-release 17 --ignore-missing-deps --print-module-deps "$jar")
  [ -n "$modules" ] || die 1 "jdeps found no module in $jar"
  echo "gpu-validate: jlink runtime with $modules"
  "$jdk_bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$out/runtime"
  cp "$jar" "$out/greenai-examples.jar"

  local archs=${GPU_VALIDATE_CUDA_ARCHS:-$DEFAULT_CUDA_ARCHS} gencode=() arch newest=""
  for arch in $archs; do
    [[ $arch =~ ^sm_[0-9]+$ ]] || die 2 "GPU_VALIDATE_CUDA_ARCHS must list sm_XY entries, but has '$arch'"
    gencode+=(-gencode "arch=compute_${arch#sm_},code=$arch")
    newest=${arch#sm_}
  done
  gencode+=(-gencode "arch=compute_$newest,code=compute_$newest")
  echo "gpu-validate: nvcc gpu-load for $archs (+ PTX compute_$newest), CUDA runtime static"
  # libstdc++ static (any libstdc++ on the GPU machine will do); libgcc_s shared, so that the unwinder does not
  # ask for a newer glibc than the rest.
  "$nvcc" -O2 -std=c++17 -cudart static "${gencode[@]}" -Xcompiler -static-libstdc++ \
    -o "$out/bin/gpu-load" "$repo/scripts/gpu-load.cu"
  "$cc" -O2 -Wall -o "$out/bin/gpu-energy" "$repo/scripts/gpu-energy.c" -ldl
  cp "$repo/scripts/gpu-validate.sh" "$out/gpu-validate.sh"
  chmod +x "$out/gpu-validate.sh"

  local elves glibc cuda_version commit
  mapfile -t elves < <(find "$out/runtime" "$out/bin" -type f \( -name '*.so' -o -perm -u+x \) -print)
  glibc=$(glibc_needed "${elves[@]}")
  cuda_version=$("$nvcc" --version | sed -n 's/^Cuda compilation tools, release \([0-9.]*\),.*/\1/p')
  commit=$(git -C "$repo" rev-parse --short HEAD 2>/dev/null || echo unknown)
  if [ "$commit" != unknown ] && [ -n "$(git -C "$repo" status --porcelain 2>/dev/null)" ]; then
    commit="$commit (with uncommitted changes)"
  fi
  cat > "$out/BUILD-INFO.txt" <<EOF
built=$(date -u +%Y-%m-%dT%H:%M:%SZ)
commit=$commit
machine=$(uname -m)
glibc_min=$glibc
java=$("$out/runtime/bin/java" -version 2>&1 | head -1)
java_modules=$modules
jar_sha256=$(sha256sum "$out/greenai-examples.jar" | cut -d' ' -f1)
cuda=$cuda_version
cuda_archs=$archs (+ PTX compute_$newest)
EOF
  cat > "$out/README.txt" <<EOF
GreenAI Tracker: real-GPU validation bundle (see docs/validation.md in the repository).

On a Linux $(uname -m) machine with an NVIDIA GPU, its driver and nvidia-smi, glibc $glibc or newer:

  tar xzf gpu-validate.tar.gz && cd gpu-validate && ./gpu-validate.sh run

gpu-load is built with CUDA $cuda_version for $archs: it needs a driver that supports CUDA $cuda_version
(for CUDA 13.x: the 580 driver branch or newer) and a GPU of one of those architectures (Turing and newer).
Otherwise run with GPU_VALIDATE_LOAD=none (idle GPU) or rebuild with an older CUDA toolkit.
Options: GPU_VALIDATE_GPU, GPU_VALIDATE_SECONDS, GPU_VALIDATE_WARMUP_SECONDS, GPU_VALIDATE_LOAD=none,
GPU_VALIDATE_OUT (header of gpu-validate.sh). The result directory holds every sample and the report.
EOF

  smoke "$repo" "$out"
  tar -C "$(dirname "$out")" -czf "$out.tar.gz" "$(basename "$out")"
  echo "gpu-validate: bundle $out ($(du -sh "$out" | cut -f1)), $out.tar.gz ($(du -h "$out.tar.gz" | cut -f1)); needs glibc >= $glibc, CUDA $cuda_version driver"
}

# What can be checked without a GPU: the jlinked runtime runs the example (with the fake NVML library of the
# tracker-nvml build when there is one, so that JNA and the NVML probe run on this runtime), gpu-energy reads that
# fake library, gpu-load parses its arguments.
smoke() {
  local repo=$1 out=$2 tmp
  tmp=$(mktemp -d)
  local fake=$repo/tracker-nvml/target/fake-nvml
  if [ -f "$fake/libnvidia-ml.so.1" ]; then
    LD_LIBRARY_PATH="$fake" GREENAI_OUTPUT_DIR="$tmp/out" GREENAI_COUNTRY=DE GREENAI_GPUS=0 \
      "$out/runtime/bin/java" -jar "$out/greenai-examples.jar" train --epochs 1 --samples 2000 > "$tmp/train.log" 2>&1 \
      || { cat "$tmp/train.log" >&2; rm -rf "$tmp"; die 1 "smoke: the example failed on the jlinked runtime"; }
    grep -q '"provenance": "counter"' "$tmp"/out/*.json \
      || { rm -rf "$tmp"; die 1 "smoke: no gpu:0 counter channel in the report made on the jlinked runtime"; }
    LD_LIBRARY_PATH="$fake" "$out/bin/gpu-energy" --gpu 0 --count 2 --period-ms 50 > "$tmp/energy.csv" \
      || { rm -rf "$tmp"; die 1 "smoke: gpu-energy cannot read the fake NVML library"; }
    grep -Eq '^[0-9]+\.[0-9]{9},[0-9]+,[0-9]+$' "$tmp/energy.csv" \
      || { rm -rf "$tmp"; die 1 "smoke: gpu-energy printed '$(head -1 "$tmp/energy.csv")'"; }
    echo "gpu-validate: smoke: the jlinked runtime measured the fake GPU (gpu:0 counter); gpu-energy read it"
  else
    "$out/runtime/bin/java" -jar "$out/greenai-examples.jar" --help > /dev/null \
      || { rm -rf "$tmp"; die 1 "smoke: the example does not start on the jlinked runtime"; }
    echo "gpu-validate: smoke: the example starts on the jlinked runtime (no fake NVML library built: NVML path not run)"
  fi
  local status=0
  "$out/bin/gpu-load" --seconds nope > /dev/null 2>&1 || status=$?
  [ "$status" = 2 ] || { rm -rf "$tmp"; die 1 "smoke: gpu-load --seconds nope exited $status, not 2"; }
  rm -rf "$tmp"
}

# ---------------------------------------------------------------- run -----------------------------------------
info() { sed -n "s/^$1=//p" "$bundle/BUILD-INFO.txt"; }

# Reads time,value CSV (time in epoch seconds, value numeric or NA) and prints, over [t0, t1]:
#   mode=delta: value(t1) - value(t0), both linearly interpolated (a counter); mode=integral: the trapezoidal
#   integral of value dt. Prints "NA <why>" when the value is missing or the samples do not cover the window.
window_stat() { # file column mode t0 t1
  awk -F, -v col="$2" -v mode="$3" -v t0="$4" -v t1="$5" '
    $col == "NA" || $col ~ /N\/A|Not Supported/ { missing++ }
    $1 + 0 > 0 && $col ~ /^[0-9.]+$/ { n++; t[n] = $1 + 0; v[n] = $col + 0 }
    function at(x,   i) {
      for (i = 1; i < n; i++) if (t[i] <= x && x <= t[i + 1])
        return t[i + 1] == t[i] ? v[i] : v[i] + (v[i + 1] - v[i]) * (x - t[i]) / (t[i + 1] - t[i])
      return "x"
    }
    END {
      if (n < 2) { print (missing ? "NA the GPU does not offer this value" : "NA no samples"); exit }
      if (t[1] > t0 || t[n] < t1) { printf "NA samples cover %.3f..%.3f, not the window %.3f..%.3f\n", t[1], t[n], t0, t1; exit }
      if (mode == "delta") {
        for (i = 2; i <= n; i++) if (v[i] < v[i - 1] && t[i] >= t0 && t[i - 1] <= t1) { print "NA the counter went back (driver reload?)"; exit }
        printf "%.6f\n", at(t1) - at(t0); exit
      }
      sum = 0; prevT = t0; prevV = at(t0)
      for (i = 1; i <= n; i++) if (t[i] > t0 && t[i] < t1) { sum += (t[i] - prevT) * (v[i] + prevV) / 2; prevT = t[i]; prevV = v[i] }
      sum += (t1 - prevT) * (at(t1) + prevV) / 2
      printf "%.6f\n", sum
    }' "$1"
}

# The value of a field of the report's first channel whose id starts with "gpu:" (the JSON is one field a line).
gpu_field() { # report field
  awk -v want="$2" '
    /^ *"id": "gpu:/ { inside = 1 }
    inside && /^ *}/ { exit }
    inside && index($0, "\"" want "\": ") {
      sub("^ *\"" want "\": ", ""); sub(",$", ""); gsub(/^"|"$/, ""); print; exit
    }' "$1"
}

top_field() { # report field (top level: two spaces of indentation)
  sed -n "s/^  \"$2\": \"\{0,1\}\([^\",]*\)\"\{0,1\},\{0,1\}$/\1/p" "$1" | head -1
}

stop_pid() { # a background process this script started
  if [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null; then
    kill "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
  fi
}

run() {
  bundle=${1:-}
  if [ -z "$bundle" ]; then
    if [ -f "$here/BUILD-INFO.txt" ]; then bundle=$here; else bundle=$(cd "$here/.." && pwd)/target/gpu-validate; fi
  fi
  command -v nvidia-smi >/dev/null \
    || die 2 "no nvidia-smi on PATH: run this on a machine with an NVIDIA GPU and its driver (nothing was measured)"
  local listed
  listed=$(nvidia-smi -L 2>&1) || die 2 "nvidia-smi -L failed: $(echo "$listed" | head -1)"
  grep -q '^GPU ' <<< "$listed" || die 2 "nvidia-smi lists no GPU: $(echo "$listed" | head -1)"
  [ -f "$bundle/BUILD-INFO.txt" ] || die 2 "no bundle at $bundle: make one with 'scripts/gpu-validate.sh build' and copy it here"
  local need have
  need=$(info glibc_min)
  have=$(getconf GNU_LIBC_VERSION 2>/dev/null | awk '{print $2}')
  [ "$(info machine)" = "$(uname -m)" ] || die 2 "the bundle is for $(info machine), this machine is $(uname -m)"
  if [ -n "$have" ] && [ -n "$need" ] && [ "$(printf '%s\n%s\n' "$need" "$have" | sort -V | head -1)" != "$need" ]; then
    die 2 "this machine's glibc $have is older than the $need the bundle needs: build it on an older distribution"
  fi

  local gpu=${GPU_VALIDATE_GPU:-0} seconds=${GPU_VALIDATE_SECONDS:-60} warmup=${GPU_VALIDATE_WARMUP_SECONDS:-10}
  local load=${GPU_VALIDATE_LOAD:-cuda}
  [[ $seconds =~ ^[1-9][0-9]*$ ]] || die 2 "GPU_VALIDATE_SECONDS must be a whole number of seconds > 0, but was '$seconds'"
  [[ $warmup =~ ^[0-9]+$ ]] || die 2 "GPU_VALIDATE_WARMUP_SECONDS must be a whole number of seconds >= 0, but was '$warmup'"
  [ "$load" = cuda ] || [ "$load" = none ] || die 2 "GPU_VALIDATE_LOAD must be 'cuda' or 'none', but was '$load'"
  local gpu_info uuid name driver limit
  gpu_info=$(nvidia-smi --query-gpu=uuid,name,driver_version,power.limit --format=csv,noheader,nounits -i "$gpu" 2>&1) \
    || die 2 "GPU_VALIDATE_GPU='$gpu' is no GPU here: $(echo "$gpu_info" | head -1)"
  IFS=, read -r uuid name driver limit <<< "$gpu_info"
  uuid=${uuid// /}; name=${name# }; driver=${driver// /}; limit=${limit// /}

  local out=${GPU_VALIDATE_OUT:-$PWD/gpu-validate-result-$(date -u +%Y%m%dT%H%M%SZ)}
  mkdir -p "$out"
  echo "gpu-validate: $name ($uuid), driver $driver, power limit $limit W; ${seconds} s tracked, load $load; results in $out"

  local fields="timestamp,power.draw" instant=0
  if nvidia-smi --help-query-gpu 2>/dev/null | grep -q '"power.draw.instant"'; then
    fields="$fields,power.draw.instant"
    instant=1
  fi
  local energy_pid="" smi_pid="" load_pid=""
  trap 'stop_pid "$load_pid"; stop_pid "$smi_pid"; stop_pid "$energy_pid"' EXIT
  "$bundle/bin/gpu-energy" --gpu "$uuid" --period-ms "$SAMPLE_PERIOD_MS" > "$out/nvml-energy.csv" 2> "$out/nvml-energy.err" &
  energy_pid=$!
  nvidia-smi --query-gpu="$fields" --format=csv,noheader,nounits -lms "$SAMPLE_PERIOD_MS" -i "$uuid" \
    > "$out/nvidia-smi.csv" 2> "$out/nvidia-smi.err" &
  smi_pid=$!

  if [ "$load" = cuda ]; then
    CUDA_VISIBLE_DEVICES=$uuid "$bundle/bin/gpu-load" --seconds $((warmup + seconds + 30 + LOAD_TAIL_SECONDS)) \
      > "$out/gpu-load.log" 2>&1 &
    load_pid=$!
    local waited=0
    until grep -q '^gpu-load: running' "$out/gpu-load.log"; do
      kill -0 "$load_pid" 2>/dev/null || die 2 "$(tail -1 "$out/gpu-load.log") (or run with GPU_VALIDATE_LOAD=none)"
      [ "$waited" -lt 600 ] || die 2 "gpu-load did not start its first kernel within 60 s"
      sleep 0.1
      waited=$((waited + 1))
    done
    echo "gpu-validate: $(head -1 "$out/gpu-load.log")"
  fi
  sleep "$warmup"
  kill -0 "$energy_pid" 2>/dev/null || die 2 "gpu-energy stopped: $(head -1 "$out/nvml-energy.err")"
  kill -0 "$smi_pid" 2>/dev/null || die 2 "nvidia-smi sampling stopped: $(head -1 "$out/nvidia-smi.err")"

  echo "gpu-validate: the example trains for ${seconds} s with the tracker on $uuid"
  env -u CUDA_VISIBLE_DEVICES GREENAI_GPUS="$uuid" GREENAI_OUTPUT_DIR="$out/report" GREENAI_COUNTRY=DE \
    "$bundle/runtime/bin/java" -jar "$bundle/greenai-examples.jar" train --duration "${seconds}s" > "$out/train.log" 2>&1 \
    || die 1 "the example failed (status $?): see $out/train.log"
  sleep "$LOAD_TAIL_SECONDS"
  stop_pid "$load_pid"; load_pid=""
  stop_pid "$smi_pid"; smi_pid=""
  stop_pid "$energy_pid"; energy_pid=""
  trap - EXIT

  local report
  report=$(ls "$out"/report/*.json 2>/dev/null | head -1 || true)
  [ -n "$report" ] || die 1 "the example wrote no report into $out/report: see $out/train.log"
  local t_end duration
  t_end=$(date -u -d "$(top_field "$report" endTime)" +%s.%N)
  duration=$(top_field "$report" durationSeconds)
  local t_start
  t_start=$(awk -v e="$t_end" -v d="$duration" 'BEGIN { printf "%.6f", e - d }')

  # nvidia-smi's timestamps ("2025/01/31 12:34:56.789", local time) to epoch seconds, in one date call.
  cut -d, -f1 "$out/nvidia-smi.csv" | sed 's#/#-#g' | date -f - +%s.%N > "$out/nvidia-smi.epoch" 2>/dev/null \
    || die 1 "cannot read nvidia-smi's timestamps in $out/nvidia-smi.csv"
  paste -d, "$out/nvidia-smi.epoch" <(cut -d, -f2- "$out/nvidia-smi.csv" | tr -d ' ') > "$out/nvidia-smi.timed.csv"

  local provenance energy mean samples failed status
  provenance=$(gpu_field "$report" provenance)
  energy=$(gpu_field "$report" energyJoules)
  mean=$(gpu_field "$report" meanPowerWatts)
  samples=$(gpu_field "$report" samples)
  failed=$(gpu_field "$report" failedSamples)

  local counter draw draw_instant
  counter=$(window_stat "$out/nvml-energy.csv" 2 delta "$t_start" "$t_end")
  [[ $counter == NA* ]] || counter=$(awk -v mj="$counter" 'BEGIN { printf "%.6f", mj / 1000 }')
  draw=$(window_stat "$out/nvidia-smi.timed.csv" 2 integral "$t_start" "$t_end")
  draw_instant="NA not offered by this driver"
  [ "$instant" = 1 ] && draw_instant=$(window_stat "$out/nvidia-smi.timed.csv" 3 integral "$t_start" "$t_end")

  awk -v energy="$energy" -v mean="$mean" -v provenance="$provenance" -v samples="$samples" -v failed="$failed" \
      -v duration="$duration" -v counter="$counter" -v draw="$draw" -v instant="$draw_instant" \
      -v ct="$COUNTER_TOLERANCE_PERCENT" -v pt="$POWER_TOLERANCE_PERCENT" -v pw="$POWER_TOLERANCE_WATTS" \
      -v gpu="$name" -v driver="$driver" -v load="$load" -v md="$out/result.md" -v today="$(date -u +%Y-%m-%d)" '
    function row(label, ref, percent, watts,   allowed, diff) {
      if (ref ~ /^NA/) { printf "%-54s %12s %9s %9s %12s  %s\n", label, "-", "-", "-", "-", "n/a: " substr(ref, 4); cell[label] = "n/a"; return }
      allowed = percent / 100 * ref; if (watts * duration > allowed) allowed = watts * duration
      diff = ref == 0 ? 0 : (energy - ref) / ref * 100
      verdict = (ref > 0 && energy - ref <= allowed && ref - energy <= allowed) ? "ok" : "FAIL"
      if (verdict != "ok") failures++
      compared++
      printf "%-54s %12.1f %9.2f %+8.2f%% %11s%%  %s\n", label, ref, ref / duration, diff, \
        sprintf("±%.2f", allowed / ref * 100), verdict
      cell[label] = sprintf("%.1f J (%+.2f %%)", ref, diff)
    }
    BEGIN {
      printf "\n%-54s %12s %9s %9s %12s  %s\n", "energy over the tracker'"'"'s window (" sprintf("%.2f", duration) " s)", "J", "mean W", "tracker", "tolerance", "verdict"
      measured = (provenance == "counter" || provenance == "power") && energy + 0 > 0
      printf "%-54s %12s %9s %9s %12s  %s\n", "tracker gpu channel (" provenance ", " samples " samples, " failed " failed)", \
        measured ? sprintf("%.1f", energy) : energy, measured ? sprintf("%.2f", mean) : "-", "", "", measured ? "" : "FAIL: not measured"
      if (!measured) failures++
      row("NVML energy counter, read by gpu-energy", counter, ct, 0)
      row("nvidia-smi power.draw, integrated", draw, pt, pw)
      row("nvidia-smi power.draw.instant, integrated", instant, pt, pw)
      if (compared == 0) { print "no independent reference could be compared"; failures++ }
      result = failures ? "FAIL" : "PASS"
      printf "\ngpu-validate: %s\n", result
      printf "| %s | %s | %s | %s | %.1f s | %s | %.1f J | %s | %s | %s | %s |\n", today, gpu, driver, load, duration, \
        provenance, energy, cell["NVML energy counter, read by gpu-energy"], cell["nvidia-smi power.draw, integrated"], \
        cell["nvidia-smi power.draw.instant, integrated"], result > md
      exit failures ? 1 : 0
    }' > "$out/result.txt" && status=0 || status=$?
  cat "$out/result.txt"
  echo "gpu-validate: row for docs/validation.md: $out/result.md"
  return "$status"
}

case ${1:-} in
  build) shift; build "$@" ;;
  run) shift; run "$@" ;;
  *) usage ;;
esac
