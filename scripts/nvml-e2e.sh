#!/usr/bin/env bash
# End-to-end check of the NVML path: the example trains for a wall-clock duration with the fake
# libnvidia-ml.so.1 (built by the tracker-nvml build with gcc) on LD_LIBRARY_PATH. Its built-in scenario is an
# A100 at 300 W with an energy counter and a P100 at 150 W with power only: each GPU channel must have its
# provenance, a mean power within 2% of its watts and an energy within 2% of watts x the run's seconds; the
# printed output must show the live power lines with both GPUs, the epoch lines and the final report.
#
# Independent of the machine's speed: the run lasts NVML_E2E_SECONDS (--duration: whole epochs until that time
# has passed), not a number of epochs, and the fake GPUs follow the monotonic clock, so their energy is watts x
# seconds however fast the training goes; the fixed costs at the run's edges (library load, first reading) are
# a small share of a 10 s run.
# Usage: scripts/nvml-e2e.sh [path/to/greenai-examples.jar]
# Environment: NVML_E2E_SECONDS (default 10)
set -euo pipefail
jar=${1:-examples/basic/target/greenai-examples.jar}
seconds=${NVML_E2E_SECONDS:-10}
lib=tracker-nvml/target/fake-nvml
if [ ! -f "$lib/libnvidia-ml.so.1" ]; then
  echo "nvml-e2e: $lib/libnvidia-ml.so.1 missing (needs gcc and 'mvn package' of tracker-nvml)" >&2
  exit 1
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
LD_LIBRARY_PATH="$PWD/$lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" GREENAI_OUTPUT_DIR="$work/out" GREENAI_COUNTRY=DE \
  java -jar "$jar" train --duration "${seconds}s" | tee "$work/train.log"

# What the example prints: at least one live line with both GPUs, every epoch line, the report.
grep -Eq '^\[ *[0-9.]+ s\] .*gpu:0 [0-9.]+ W counter.*gpu:1 [0-9.]+ W power' "$work/train.log" \
  || { echo "nvml-e2e: no live power line with 'gpu:0 ... W counter' and 'gpu:1 ... W power'" >&2; exit 1; }
grep -Eq '^epoch 1 \(until [0-9.]+ s\): loss' "$work/train.log" || { echo "nvml-e2e: no line for epoch 1" >&2; exit 1; }
grep -q '^=== GreenAI report .* (completed) ===' "$work/train.log" || { echo "nvml-e2e: no final report" >&2; exit 1; }

python3 - "$work/out" <<'PY'
import glob, json, sys
reports = glob.glob(sys.argv[1] + "/*.json")
if len(reports) != 1:
    sys.exit(f"nvml-e2e: expected one report in {sys.argv[1]}, found {reports}")
report = json.load(open(reports[0]))
d = report["durationSeconds"]
channels = {c["id"]: c for c in report["channels"]}
ok = report["status"] == "completed"
for cid, watts, provenance in (("gpu:0", 300.0, "counter"), ("gpu:1", 150.0, "power")):
    ch = channels.get(cid)
    if ch is None:
        sys.exit(f"nvml-e2e: no channel {cid} in the report; channels: {list(channels)}")
    joules, mean_watts = ch["energyJoules"] or 0.0, ch["meanPowerWatts"] or 0.0
    expected = watts * d
    energy_err = abs(joules - expected) / expected
    power_err = abs(mean_watts - watts) / watts
    print(f"{cid} ({ch['name']}): provenance {ch['provenance']}, {joules:.1f} J vs {watts} W x {d:.2f} s = "
          f"{expected:.1f} J ({energy_err * 100:.2f}% off); mean {mean_watts:.2f} W ({power_err * 100:.2f}% off)")
    ok &= ch["provenance"] == provenance and energy_err < 0.02 and power_err < 0.02
# gpu:0's energy counter has its power reading as standby; the counter moves, so the standby counts nothing.
standby = channels.get("gpu:0:power")
print(f"gpu:0:power: {standby and standby['detail'][:60]}..., energy {standby and standby['energyJoules']}")
ok &= standby is not None and standby["detail"].startswith("standby for gpu:0") and standby["energyJoules"] is None
ok &= "gpu:1:power" not in channels  # a power-only GPU needs no standby
sys.exit(0 if ok else 1)
PY
echo "nvml-e2e: OK"
