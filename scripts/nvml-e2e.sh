#!/usr/bin/env bash
# End-to-end check of the NVML path: the example trains with the fake libnvidia-ml.so.1 (built by the
# tracker-nvml tests) on LD_LIBRARY_PATH. Its built-in scenario is an A100 at 300 W with an energy counter and a
# P100 at 150 W with power only; both GPU channels must be within 2% of watts x seconds.
# Usage: scripts/nvml-e2e.sh [path/to/greenai-examples.jar]
set -euo pipefail
jar=${1:-examples/basic/target/greenai-examples.jar}
lib=tracker-nvml/target/fake-nvml
if [ ! -f "$lib/libnvidia-ml.so.1" ]; then
  echo "nvml-e2e: $lib/libnvidia-ml.so.1 missing (needs gcc and 'mvn verify' of tracker-nvml)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
LD_LIBRARY_PATH="$PWD/$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" GREENAI_OUTPUT_DIR="$work/out" GREENAI_COUNTRY=DE \
  java -jar "$jar" train --epochs "${EPOCHS:-3}" | tee "$work/train.log"
python3 - "$work/out" <<'PY'
import glob, json, sys
report = json.load(open(glob.glob(sys.argv[1] + "/*.json")[0]))
ok = True
for cid, watts, provenance in (("gpu:0", 300.0, "counter"), ("gpu:1", 150.0, "power")):
    ch = next(c for c in report["channels"] if c["id"] == cid)
    # The GPU channel's own sampled span: energy / mean power.
    span = ch["energyJoules"] / ch["meanPowerWatts"]
    expected = watts * span
    err = abs(ch["energyJoules"] - expected) / expected
    print(f"{cid} ({ch['name']}): provenance {ch['provenance']}, {ch['energyJoules']:.1f} J over {span:.2f} s "
          f"vs {watts} W x {span:.2f} s = {expected:.1f} J ({err * 100:.2f}% off); run {report['durationSeconds']:.2f} s")
    ok &= ch["provenance"] == provenance and err < 0.02 and ch["energyJoules"] > 0
    ok &= abs(span - report["durationSeconds"]) / report["durationSeconds"] < 0.02
sys.exit(0 if ok else 1)
PY
echo "nvml-e2e: OK"
