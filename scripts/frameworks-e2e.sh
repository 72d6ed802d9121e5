#!/usr/bin/env bash
# Runs the DJL and Deeplearning4j example jars for real (2 small epochs each) and checks what they print and the
# reports they write. Without network where `unshare -n` is allowed (root), to prove nothing is downloaded.
# Independent of the machine's speed: it checks what the runs are made of (an epoch line and a window per epoch,
# 2000 units each, energy above zero, a forecast for 2 epochs), never how long they take.
# Usage: scripts/frameworks-e2e.sh [examples/djl/target/greenai-examples-djl.jar] [examples/dl4j/target/greenai-examples-dl4j.jar]
set -euo pipefail
cd "$(dirname "$0")/.."
djl_jar=${1:-examples/djl/target/greenai-examples-djl.jar}
dl4j_jar=${2:-examples/dl4j/target/greenai-examples-dl4j.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

offline=()
if unshare -n true 2>/dev/null; then
  offline=(unshare -n)
fi

check() { # name jar
  local name=$1 jar=$2 out=$work/$1
  mkdir -p "$out"
  echo "== $name: ${offline[*]:-(network not isolated)} java -jar $jar --epochs 2 --samples 2000"
  if ! GREENAI_OUTPUT_DIR=$out/energy DJL_OFFLINE=true ${offline[@]+"${offline[@]}"} \
      java -jar "$jar" --epochs 2 --samples 2000 >"$out/stdout" 2>&1; then
    cat "$out/stdout"; echo "FAIL: $name did not exit with 0"; exit 1
  fi
  for expected in "epoch 1/2:" "epoch 2/2:" "J/sample" "forecast for 2 epochs:" "=== GreenAI report" "epoch-1 "; do
    grep -q -- "$expected" "$out/stdout" || { cat "$out/stdout"; echo "FAIL: $name printed no '$expected'"; exit 1; }
  done
  local report
  report=$(ls "$out"/energy/*.json | head -1)
  python3 - "$report" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["status"] == "completed", r["status"]
assert [w["name"] for w in r["windows"]] == ["epoch-0", "epoch-1"], r["windows"]
assert all(w["units"] == 2000 and w["energyJoules"] > 0 for w in r["windows"]), r["windows"]
cpu = [c for c in r["channels"] if c["component"] == "cpu" and c["provenance"] != "unavailable"]
assert cpu and all(c["energyJoules"] > 0 for c in cpu), r["channels"]
assert r["forecast"]["totalEpochs"] == 2, r["forecast"]
print("   report ok: %s, %.1f J, windows %s" % (sys.argv[1].rsplit("/", 1)[1], r["energyJoules"],
      [round(w["energyJoules"], 1) for w in r["windows"]]))
PY
}

check djl "$djl_jar"
check dl4j "$dl4j_jar"
echo "frameworks e2e: OK"
