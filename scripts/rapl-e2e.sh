#!/usr/bin/env bash
# End-to-end check of the RAPL path: the example trains for a wall-clock duration while scripts/fake-rapl.py
# moves a fake powercap tree at 60 W (package) and 10 W (DRAM). The report must show both zones as `counter`
# channels within 2% of watts x the run's seconds, with the CPU estimate replaced (kept as a standby, never
# needed); the printed output must show the live power lines with the RAPL channel, the epoch lines and the
# final report.
#
# Independent of the machine's speed: the run lasts RAPL_E2E_SECONDS (--duration: whole epochs until that time
# has passed), not a number of epochs; the fake's counters follow the monotonic clock, so the energy is watts x
# seconds however fast the training goes, and their 20 ms staleness is 0.2% of a 10 s run, a tenth of the
# tolerance. The script waits for the fake's ready file, not for a guessed time.
# Usage: scripts/rapl-e2e.sh [path/to/greenai-examples.jar]
# Environment: RAPL_E2E_SECONDS (default 10)
set -euo pipefail
jar=${1:-examples/basic/target/greenai-examples.jar}
seconds=${RAPL_E2E_SECONDS:-10}
work=$(mktemp -d)
fake_pid=""
cleanup() {
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
python3 "$(dirname "$0")/fake-rapl.py" "$work/powercap" --package-watts 60 --dram-watts 10 \
  --ready-file "$work/fake-rapl.ready" &
fake_pid=$!
until [ -f "$work/fake-rapl.ready" ]; do
  kill -0 "$fake_pid" 2>/dev/null || { echo "rapl-e2e: fake-rapl.py exited before its tree was written" >&2; exit 1; }
  sleep 0.05
done
GREENAI_POWERCAP_ROOT="$work/powercap" GREENAI_OUTPUT_DIR="$work/out" GREENAI_COUNTRY=FR \
  java -jar "$jar" train --duration "${seconds}s" | tee "$work/train.log"
kill -0 "$fake_pid" 2>/dev/null || { echo "rapl-e2e: fake-rapl.py stopped during the run" >&2; exit 1; }

# What the example prints: at least one live line with the measured package, every epoch line, the report.
grep -Eq '^\[ *[0-9.]+ s\] .*cpu:package-0 [0-9.]+ W counter' "$work/train.log" \
  || { echo "rapl-e2e: no live power line with 'cpu:package-0 ... W counter'" >&2; exit 1; }
grep -Eq '^epoch 1 \(until [0-9.]+ s\): loss' "$work/train.log" || { echo "rapl-e2e: no line for epoch 1" >&2; exit 1; }
grep -q '^=== GreenAI report .* (completed) ===' "$work/train.log" || { echo "rapl-e2e: no final report" >&2; exit 1; }

python3 - "$work/out" "$work/train.log" <<'PY'
import glob, json, re, sys
reports = glob.glob(sys.argv[1] + "/*.json")
if len(reports) != 1:
    sys.exit(f"rapl-e2e: expected one report in {sys.argv[1]}, found {reports}")
report = json.load(open(reports[0]))
d = report["durationSeconds"]
ok = report["status"] == "completed"
channels = {c["id"]: c for c in report["channels"]}
for cid, watts in (("cpu:package-0", 60.0), ("dram:package-0", 10.0)):
    ch = channels.get(cid)
    if ch is None:
        sys.exit(f"rapl-e2e: no channel {cid} in the report; channels: {list(channels)}")
    expected = watts * d
    err = abs((ch["energyJoules"] or 0) - expected) / expected
    print(f"{cid}: provenance {ch['provenance']}, {ch['energyJoules']:.1f} J vs {watts} W x {d:.2f} s = "
          f"{expected:.1f} J ({err * 100:.2f}% off)")
    ok &= ch["provenance"] == "counter" and err < 0.02
print("channels:", list(channels))
# The measurement replaces the estimate: it stays only as the counters' standby, never needed here (the fake
# counters move), so it counts nothing (energy null, not 0) and the totals are the counters' alone.
for cid, counter in (("cpu", "cpu:package-0"), ("ram", "dram:package-0")):
    ch = channels.get(cid)
    standby = ch is not None and ch["detail"].startswith(f"standby for {counter}") and ch["energyJoules"] is None
    print(f"{cid}: {'standby for ' + counter + ', not needed' if standby else 'NOT a silent standby: ' + str(ch)}")
    ok &= standby
ok &= all(c["frozenSpans"] == 0 for c in report["channels"])
total = sum(c["energyJoules"] for c in report["channels"] if c["energyJoules"] is not None)
ok &= abs(report["energyJoules"] - total) < 1e-6
# every epoch of the report was printed, and there was at least one
printed = re.findall(r"^epoch (\d+) \(until", open(sys.argv[2]).read(), re.M)
windows = [w["name"] for w in report["windows"]]
print(f"windows: {windows}; epoch lines printed: {len(printed)}")
ok &= len(windows) >= 1 and windows == [f"epoch-{i}" for i in range(len(printed))]
sys.exit(0 if ok else 1)
PY
echo "rapl-e2e: OK"
