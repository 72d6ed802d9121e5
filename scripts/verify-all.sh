#!/usr/bin/env bash
# The whole test suite: Maven (unit tests, fake RAPL trees, fake NVML library), then end-to-end checks that
# run the example jar against fake hardware and real servers. Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B verify
bash scripts/rapl-e2e.sh examples/basic/target/greenai-examples.jar
bash scripts/micrometer-compat.sh
bash scripts/prometheus-it.sh examples/basic/target/greenai-examples.jar
bash scripts/nvml-e2e.sh examples/basic/target/greenai-examples.jar
