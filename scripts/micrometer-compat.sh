#!/usr/bin/env bash
# Runs tracker-micrometer's tests against the oldest and the newest Micrometer it supports (and any versions
# given as arguments). The build's own version (root pom: micrometer.version) is tested by the normal build.
# Usage: scripts/micrometer-compat.sh [VERSION...]      e.g. scripts/micrometer-compat.sh 1.13.0 1.17.2
set -euo pipefail
cd "$(dirname "$0")/.."

OLDEST=1.13.0
NEWEST=1.17.2
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  versions=("$OLDEST" "$NEWEST")
fi

for v in "${versions[@]}"; do
  echo "== tracker-micrometer against Micrometer $v"
  # -am builds tracker-core too; the test filter keeps its tests out of this run.
  mvn -B -q -pl tracker-micrometer -am test \
    -Dmicrometer.version="$v" \
    -Dtest='org/greenai/tracker/micrometer/**' \
    -Dsurefire.failIfNoSpecifiedTests=false
  echo "== Micrometer $v: OK"
done
