#!/usr/bin/env bash
# Every jar the build makes names its JPMS module in its manifest (Automatic-Module-Name): a valid Java module
# name, different for each artifact. Run after `mvn verify` (or package), from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
declare -A seen
count=0
for pom in $(find . -name pom.xml -not -path '*/target/*' -not -path './pom.xml' | sort); do
  dir=$(dirname "$pom")
  grep -q '<packaging>pom</packaging>' "$pom" && continue
  jars=$(find "$dir/target" -maxdepth 1 -name '*.jar' -not -name '*-sources.jar' -not -name '*-javadoc.jar' \
    -not -name 'original-*' 2>/dev/null || true)
  if [ -z "$jars" ]; then
    echo "check-manifests: no jar in $dir/target (run mvn package first)"; fail=1; continue
  fi
  for jar in $jars; do
    name=$(python3 -c 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).read("META-INF/MANIFEST.MF").decode())' \
      "$jar" | tr -d '\r' | sed -n 's/^Automatic-Module-Name: //p')
    if ! [[ "$name" =~ ^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$ ]]; then
      echo "check-manifests: $jar has Automatic-Module-Name '$name', not a valid module name"; fail=1; continue
    fi
    if [ -n "${seen[$name]:-}" ] && [ "${seen[$name]}" != "$dir" ]; then
      echo "check-manifests: $jar and ${seen[$name]} both claim module $name"; fail=1
    fi
    seen[$name]=$dir
    count=$((count + 1))
    echo "check-manifests: $jar -> $name"
  done
done
[ "$count" -gt 0 ] || { echo "check-manifests: no jar checked"; exit 1; }
exit $fail
