#!/usr/bin/env bash
# The command line of every example jar, as a user meets it: --help and -h (also after a command, and the
# command `help`) print the usage on standard output with exit status 0 and run nothing; an unknown option or a
# bad value prints one line naming the option and quoting the value, then the usage, on standard error, with
# exit status 2; never a stack trace. Counts and reads text only: nothing depends on the machine's speed.
# Usage: scripts/examples-cli.sh [greenai-examples.jar] [greenai-examples-djl.jar] [greenai-examples-dl4j.jar]
set -euo pipefail
cd "$(dirname "$0")/.."
basic=${1:-examples/basic/target/greenai-examples.jar}
djl=${2:-examples/djl/target/greenai-examples-djl.jar}
dl4j=${3:-examples/dl4j/target/greenai-examples-dl4j.jar}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }

# expect STATUS FIRST_LINE_PATTERN STREAM(out|err) JAR ARGS...: runs the jar, checks status, stream and first line
expect() {
  local want=$1 pattern=$2 stream=$3 jar=$4
  shift 4
  local status=0 before=$failures
  GREENAI_OUTPUT_DIR="$work/energy" java -jar "$jar" "$@" >"$work/out" 2>"$work/err" || status=$?
  local what="java -jar $(basename "$jar") $*"
  [ "$status" -eq "$want" ] || fail "$what: exit status $status, expected $want"
  local other=err
  [ "$stream" = out ] || other=out
  [ -s "$work/$other" ] && fail "$what: wrote to std$other: $(head -c 300 "$work/$other")"
  head -1 "$work/$stream" | grep -Eq -- "$pattern" || fail "$what: first line '$(head -1 "$work/$stream")' does not match '$pattern'"
  grep -q '^Usage: java -jar ' "$work/$stream" || fail "$what: no usage on std$stream"
  if grep -Eq 'Exception|^\s+at ' "$work/out" "$work/err"; then fail "$what: printed a stack trace"; fi
  [ -e "$work/energy" ] && fail "$what: ran training (wrote $work/energy)"
  rm -rf "$work/energy"
  [ "$failures" -eq "$before" ] && echo "ok: $what -> $status"
  return 0
}

for help in --help -h; do
  expect 0 '^Usage: java -jar greenai-examples.jar \[command\] \[options\]$' out "$basic" "$help"
  expect 0 '^Usage: java -jar greenai-examples.jar train \[options\]$' out "$basic" train "$help"
  expect 0 '^Usage: java -jar greenai-examples.jar prometheus \[options\]$' out "$basic" prometheus "$help"
  expect 0 '^Usage: java -jar greenai-examples-djl.jar \[options\]$' out "$djl" "$help"
  expect 0 '^Usage: java -jar greenai-examples-dl4j.jar \[options\]$' out "$dl4j" "$help"
done
expect 0 '^Usage: java -jar greenai-examples.jar \[command\] \[options\]$' out "$basic" help
expect 2 "^error: unknown option '--batch' for train$" err "$basic" --batch 8
expect 2 "^error: --epochs must be a positive integer, but was 'ten'$" err "$basic" train --epochs ten
expect 2 "^error: --duration must be a positive time .*, but was '0s'$" err "$basic" prometheus --duration 0s
expect 2 "^error: unknown option '--port' for train \(it is an option of prometheus\)$" err "$basic" train --port 9000
expect 2 "^error: unknown command 'serve'" err "$basic" serve
expect 2 "^error: unknown option '--batch'$" err "$djl" --batch=8
expect 2 "^error: --samples must be a positive integer, but was '-5'$" err "$dl4j" --samples -5
expect 2 "^error: unknown option '--duration'$" err "$dl4j" --duration 10s

if [ "$failures" -ne 0 ]; then
  echo "examples-cli: $failures failure(s)" >&2
  exit 1
fi
echo "examples-cli: OK"
