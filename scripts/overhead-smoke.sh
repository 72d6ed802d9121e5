#!/usr/bin/env bash
# Overhead smoke run for CI: a few seconds of every harness measurement (idle CPU, start-up, training slowdown,
# memory) and one short JMH iteration of the 8-channel sampler tick. Asserts only that numbers come out; the
# figures of a smoke run mean nothing (see docs/performance.md for the real measurements). Nothing depends on the
# machine's speed: the harness sizes its training workload to the machine, reports its timed targets as met or
# missed without failing on them, and fails only on a missing or non-finite number; JMH runs one 200 ms iteration.
# Needs benchmarks/target/benchmarks.jar (built by `mvn -B verify`). Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
[ -f "$jar" ] || { echo "missing $jar: build it with mvn -B -pl benchmarks -am package -DskipTests" >&2; exit 1; }
java -cp "$jar" org.greenai.tracker.benchmarks.harness.Overhead --smoke
out=$(java -jar "$jar" SamplerTickBenchmark -p channels=8 -f 0 -wi 0 -i 1 -r 200ms -foe true 2>&1)
echo "$out" | tail -3
echo "$out" | grep -Eq 'SamplerTickBenchmark\.tick +8 +avgt +[0-9.]+ +ns/op' \
  || { echo "JMH smoke produced no score" >&2; exit 1; }
echo "overhead smoke OK"
