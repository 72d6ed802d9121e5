#!/usr/bin/env bash
# The whole test suite: Maven (unit tests, fake RAPL trees, fake NVML library, DJL/DL4J listeners with real
# tiny training runs), then end-to-end checks that run the example jars against fake hardware and real servers.
# No check depends on the machine's speed: runs last a wall-clock duration or a fixed number of epochs whose
# count (not time) is checked, and the scripts wait for events, not for guessed times.
# Run from the repository root.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B verify
bash scripts/check-manifests.sh
bash scripts/examples-cli.sh examples/basic/target/greenai-examples.jar examples/djl/target/greenai-examples-djl.jar examples/dl4j/target/greenai-examples-dl4j.jar
bash scripts/rapl-e2e.sh examples/basic/target/greenai-examples.jar
bash scripts/nvml-e2e.sh examples/basic/target/greenai-examples.jar
bash scripts/gpu-validate-smoke.sh
bash scripts/overhead-smoke.sh
bash scripts/micrometer-compat.sh
bash scripts/prometheus-it.sh examples/basic/target/greenai-examples.jar
bash scripts/frameworks-e2e.sh examples/djl/target/greenai-examples-djl.jar examples/dl4j/target/greenai-examples-dl4j.jar
