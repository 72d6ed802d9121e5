#!/usr/bin/env bash
# Real-server integration test of tracker-micrometer: a real Prometheus (Debian's package) scrapes the example's
# /metrics every second while it trains for PROMETHEUS_IT_SECONDS of wall-clock time. Checks:
#   1. /metrics serves the greenai meters while the example trains;
#   2. Prometheus stored a scrape at least every 2.5 s of the training (40% of the scrapes due at 1 s), and the
#      stored energy counter changed at least once every 5 s of it: the values were live, not only the final ones;
#   3. the energy counter Prometheus stored after the end matches the total of the example's JSON report within 2%;
#   4. every query of the Grafana dashboard returns data.
# Independent of the machine's speed: the example trains whole epochs until the duration has passed
# (--duration), never a number of epochs, so the scrapes due during training depend only on the wall clock; the
# script waits for events (Prometheus ready, metrics served, "Training done", a scrape after the report's end)
# rather than for guessed times, and evaluates every query at the time of that last scrape, so how long the
# script itself takes does not matter. Both processes are stopped by PID, also on failure.
#
# Usage: scripts/prometheus-it.sh [path/to/greenai-examples.jar]     (after `mvn -B package`)
# Environment: PROMETHEUS_IT_SECONDS (training time, default 25)
set -euo pipefail

jar=${1:-examples/basic/target/greenai-examples.jar}
train_seconds=${PROMETHEUS_IT_SECONDS:-25}
linger_seconds=3600    # the example serves its final totals until we stop it, as soon as we are done
tolerance=0.02
job=greenai-example

if [ ! -f "$jar" ]; then
  echo "prometheus-it: $jar not found; run 'mvn -B package' first" >&2
  exit 2
fi
if ! command -v prometheus >/dev/null; then
  echo "prometheus-it: installing Debian's prometheus package"
  apt-get update -qq && apt-get install -y -qq prometheus >/dev/null
fi
prometheus --version 2>&1 | head -1

work=$(mktemp -d)
prom_pid=""
example_pid=""
stop() {  # stop <pid>: TERM, then KILL after 10 s; never by name
  local pid=$1
  [ -n "$pid" ] || return 0
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
cleanup() {
  local rc=$?
  stop "$example_pid"
  stop "$prom_pid"
  if [ "$rc" -ne 0 ]; then
    echo "--- prometheus-it FAILED (exit $rc); last lines of the example's and Prometheus's logs:" >&2
    tail -n 25 "$work/example.log" >&2 2>/dev/null || true
    tail -n 10 "$work/prometheus.log" >&2 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
example_port=$(free_port)
prom_port=$(free_port)
while [ "$prom_port" = "$example_port" ]; do prom_port=$(free_port); done
prom="http://127.0.0.1:$prom_port"
metrics_url="http://127.0.0.1:$example_port/metrics"

cat > "$work/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
scrape_configs:
  - job_name: $job
    static_configs:
      - targets: ['127.0.0.1:$example_port']
EOF

prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/data" \
  --web.listen-address="127.0.0.1:$prom_port" >"$work/prometheus.log" 2>&1 &
prom_pid=$!
# A hang guard, not a speed assumption: Prometheus is ready within a second or two on any machine.
for i in $(seq 1200); do
  curl -sf "$prom/-/ready" >/dev/null 2>&1 && break
  kill -0 "$prom_pid" 2>/dev/null || { echo "prometheus exited at start" >&2; exit 1; }
  [ "$i" -eq 1200 ] && { echo "prometheus not ready after 120 s" >&2; exit 1; }
  sleep 0.1
done
echo "Prometheus (pid $prom_pid) on $prom scrapes $metrics_url every 1 s"

GREENAI_OUTPUT_DIR="$work/out" java -jar "$jar" prometheus --port "$example_port" --duration "${train_seconds}s" \
  --linger-seconds "$linger_seconds" >"$work/example.log" 2>&1 &
example_pid=$!
echo "example (pid $example_pid) trains for $train_seconds s"

# The example serves /metrics from the start of training; wait for that, or for its end or exit (then fail).
until curl -sf "$metrics_url" 2>/dev/null | grep -q '^greenai_energy_joules_total'; do
  kill -0 "$example_pid" 2>/dev/null || { echo "the example exited before serving metrics" >&2; exit 1; }
  grep -q '^Training done' "$work/example.log" && { echo "the example trained without serving greenai meters" >&2; exit 1; }
  sleep 0.1
done
echo "--- /metrics excerpt during training:"
curl -sf "$metrics_url" | grep -E '^greenai_(energy_joules_total|power_watts|co2e_grams_total|carbon_intensity|channel_up)' \
  || { echo "no greenai meters on $metrics_url" >&2; exit 1; }

# Wait for the end of training (the example keeps serving its final totals while it lingers).
while ! grep -q '^Training done' "$work/example.log"; do
  kill -0 "$example_pid" 2>/dev/null || { echo "the example exited before the end of training" >&2; exit 1; }
  sleep 0.5
done
report=$(python3 - "$work/out" <<'PY'
import glob, json, sys
reports = [json.load(open(f)) for f in glob.glob(sys.argv[1] + "/*.json")]
done = [r for r in reports if r.get("status") == "completed"]
if len(done) != 1:
    sys.exit(f"expected one completed report in {sys.argv[1]}, found {len(done)} of {len(reports)}")
r = done[0]
print(r["energyJoules"], r["durationSeconds"], r["endTime"], r["runId"])
PY
)
read -r report_joules report_seconds report_end run_id <<<"$report"
echo "report $run_id: energyJoules $report_joules over $report_seconds s (ended $report_end)"

# Query Prometheus until it holds a scrape taken at least 1.5 s after the report's end; evaluate everything at
# the time of that scrape.
query="sum(greenai_energy_joules_total{job=\"$job\"})"
dashboard="$(dirname "$0")/../examples/grafana/greenai-dashboard.json"
python3 - "$prom" "$query" "$job" "$report_joules" "$report_seconds" "$report_end" "$tolerance" "$dashboard" \
  "$example_pid" <<'PY'
import json, math, os, sys, time, urllib.parse, urllib.request
from datetime import datetime

prom, query, job, report_joules, report_seconds, report_end, tolerance, dashboard, example_pid = sys.argv[1:10]
report_joules, report_seconds, tolerance = float(report_joules), float(report_seconds), float(tolerance)
end = datetime.fromisoformat(report_end.replace("Z", "+00:00")).timestamp()

def instant(q, at=None):
    params = {"query": q}
    if at is not None:
        params["time"] = f"{at:.3f}"
    url = prom + "/api/v1/query?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=10) as resp:
        body = json.load(resp)
    if body.get("status") != "success":
        sys.exit(f"query {q} failed: {body}")
    return body["data"]["result"]

# A hang guard, not a speed assumption: Prometheus scrapes every second, and the example keeps serving.
deadline = time.time() + 120
while True:
    stamp = instant(f'min(timestamp(greenai_energy_joules_total{{job="{job}"}}))')
    if stamp and float(stamp[0]["value"][1]) >= end + 1.5:
        final = float(stamp[0]["value"][1])
        break
    try:
        os.kill(int(example_pid), 0)
    except OSError:
        sys.exit("the example exited before Prometheus scraped its final totals")
    if time.time() > deadline:
        sys.exit(f"Prometheus has no scrape of the final totals (report ended at {report_end}); last: {stamp}")
    time.sleep(0.5)

# 2. Scrapes during training: in the whole seconds of the run that end at the report's end.
window = max(1, math.floor(report_seconds))
scrapes = instant(f'max(count_over_time(greenai_energy_joules_total{{job="{job}"}}[{window}s]))', at=end)
changes = instant(f'max(changes(greenai_energy_joules_total{{job="{job}"}}[{window}s]))', at=end)
n_scrapes = int(float(scrapes[0]["value"][1])) if scrapes else 0
n_changes = int(float(changes[0]["value"][1])) if changes else 0
min_scrapes, min_changes = max(3, math.floor(0.4 * window)), max(2, math.floor(0.2 * window))
print(f"during the {window} s of training: {n_scrapes} scrapes stored (at least {min_scrapes} required), "
      f"the energy counter changed {n_changes} times (at least {min_changes} required)")
if n_scrapes < min_scrapes:
    sys.exit(f"only {n_scrapes} scrapes stored in {window} s: Prometheus did not scrape the example while it trained")
if n_changes < min_changes:
    sys.exit(f"the stored energy counter changed only {n_changes} times in {window} s: the values were not live")

# 3. The final totals against the report.
result = instant(query, at=final)
print(f"--- PromQL: {query} at {final:.3f} (the first scrape 1.5 s or more after the report's end)")
print(json.dumps(result))
if not result:
    sys.exit(f"no data for {query}")
per_channel = instant(f'greenai_energy_joules_total{{job="{job}"}}', at=final)
for series in per_channel:
    print(f'    channel {series["metric"].get("channel")}: {float(series["value"][1]):.3f} J')
prom_joules = float(result[0]["value"][1])
diff = abs(prom_joules - report_joules) / report_joules
print(f"Prometheus: {prom_joules:.6f} J ({prom_joules / 3.6e6:.9f} kWh); "
      f"report: {report_joules:.6f} J; difference {diff * 100:.4f}% (tolerance {tolerance * 100:.0f}%)")
if not diff <= tolerance:
    sys.exit("MISMATCH between Prometheus and the report")

# Every query of the Grafana dashboard must run on this Prometheus and return data.
panels = json.load(open(dashboard))["panels"]
for panel in panels:
    for target in panel["targets"]:
        q = (target["expr"].replace("$__rate_interval", "5s").replace("$__range", "5m")
             .replace("$job", job).replace("$instance", ".*"))
        if not instant(q, at=final):
            sys.exit(f'dashboard panel "{panel["title"]}": no data for {q}')
print(f"all {sum(len(p['targets']) for p in panels)} dashboard queries return data")
PY

stop "$example_pid"; example_pid=""
stop "$prom_pid"; prom_pid=""
echo "prometheus-it: OK"
