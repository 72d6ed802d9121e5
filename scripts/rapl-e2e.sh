#!/usr/bin/env bash
# End-to-end check of the RAPL path: the example trains while a background script moves a fake powercap
# tree at 60 W (package) and 10 W (DRAM); the report must show both within 2% of watts x seconds.
# Usage: scripts/rapl-e2e.sh [path/to/greenai-examples.jar]
set -euo pipefail
jar=${1:-examples/basic/target/greenai-examples.jar}
work=$(mktemp -d)
fake_pid=""
cleanup() { [ -n "$fake_pid" ] && kill "$fake_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
python3 "$(dirname "$0")/fake-rapl.py" "$work/powercap" --package-watts 60 --dram-watts 10 &
fake_pid=$!
for _ in $(seq 50); do [ -f "$work/powercap/intel-rapl:0/intel-rapl:0:0/energy_uj" ] && break; sleep 0.1; done
GREENAI_POWERCAP_ROOT="$work/powercap" GREENAI_OUTPUT_DIR="$work/out" GREENAI_COUNTRY=FR \
  java -jar "$jar" train --epochs "${EPOCHS:-4}" | tee "$work/train.log"
python3 - "$work/out" <<'PY'
import glob, json, sys
report = json.load(open(glob.glob(sys.argv[1] + "/*.json")[0]))
d = report["durationSeconds"]
ok = True
for cid, watts in (("cpu:package-0", 60.0), ("dram:package-0", 10.0)):
    ch = next(c for c in report["channels"] if c["id"] == cid)
    expected = watts * d
    err = abs(ch["energyJoules"] - expected) / expected
    print(f"{cid}: provenance {ch['provenance']}, {ch['energyJoules']:.1f} J vs {watts} W x {d:.2f} s = "
          f"{expected:.1f} J ({err * 100:.2f}% off)")
    ok &= ch["provenance"] == "counter" and err < 0.02
ids = [c["id"] for c in report["channels"]]
print("channels:", ids)
ok &= "cpu" not in ids  # the estimate is replaced by the measurement
sys.exit(0 if ok else 1)
PY
echo "rapl-e2e: OK"
