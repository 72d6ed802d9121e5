#!/usr/bin/env bash
# Runs tracker-micrometer's tests against the oldest and the newest Micrometer it supports (and any versions
# given as arguments). The build's own version (root pom: micrometer.version) is tested by the normal build.
# After each run the surefire reports must show that tests of tracker-micrometer ran (a test filter that matches
# nothing must not pass), with no failure, and that MicrometerVersionTest ran with the requested version.
# Nothing here depends on the machine's speed: the checks count tests and read versions, never times.
# Usage: scripts/micrometer-compat.sh [VERSION...]      e.g. scripts/micrometer-compat.sh 1.13.0 1.17.2
set -euo pipefail
cd "$(dirname "$0")/.."

OLDEST=1.13.0
NEWEST=1.17.2
versions=("$@")
if [ ${#versions[@]} -eq 0 ]; then
  versions=("$OLDEST" "$NEWEST")
fi
reports=tracker-micrometer/target/surefire-reports

for v in "${versions[@]}"; do
  echo "== tracker-micrometer against Micrometer $v"
  rm -rf "$reports"
  # -am builds tracker-core too; the test filter keeps its tests out of this run.
  mvn -B -q -pl tracker-micrometer -am test \
    -Dmicrometer.version="$v" \
    -Dtest='org/greenai/tracker/micrometer/**' \
    -Dsurefire.failIfNoSpecifiedTests=false
  python3 - "$reports" "$v" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
reports, version = sys.argv[1], sys.argv[2]
tests = failed = 0
version_test = None
for f in glob.glob(reports + "/TEST-*.xml"):
    suite = ET.parse(f).getroot()
    tests += int(suite.get("tests", 0))
    failed += int(suite.get("failures", 0)) + int(suite.get("errors", 0))
    if suite.get("name", "").endswith(".MicrometerVersionTest"):
        version_test = suite
if tests == 0:
    sys.exit(f"micrometer-compat: no test of tracker-micrometer ran against {version} (no reports in {reports})")
if failed:
    sys.exit(f"micrometer-compat: {failed} of {tests} tests failed against {version}")
if version_test is None or int(version_test.get("tests", 0)) == 0 or int(version_test.get("skipped", 0)):
    sys.exit("micrometer-compat: MicrometerVersionTest did not run, so nothing proves which Micrometer was tested")
props = {p.get("name"): p.get("value") for p in version_test.iter("property")}
if props.get("micrometer.version") != version:
    sys.exit(f"micrometer-compat: the tests ran with micrometer.version {props.get('micrometer.version')!r}, "
             f"not {version!r}")
print(f"   {tests} tests of tracker-micrometer passed; MicrometerVersionTest saw micrometer.version={version}")
PY
  echo "== Micrometer $v: OK"
done
