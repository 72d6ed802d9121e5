#!/usr/bin/env bash
# What of scripts/gpu-validate.sh can be checked without a GPU (about 45 s; part of scripts/verify-all.sh):
#   1. 'build' makes the bundle (its own smoke check runs the jlinked runtime against the fake NVML library);
#   2. 'run' on a machine without nvidia-smi fails with exit status 2 and one line saying why;
#   3. 'run' against fakes: a stand-in nvidia-smi (below) and the fake libnvidia-ml.so.1 of the tracker-nvml build,
#      an A100 drawing 300 W, no CUDA load: the comparison must PASS; with the stand-in reporting 250 W it must
#      FAIL (exit status 1). This checks the sampling, the window arithmetic and the verdict, not a real GPU.
# Skipped, with a line saying so, where there is no nvcc. Needs the Maven build (fake NVML library, example jar).
# Usage: scripts/gpu-validate-smoke.sh
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v "${NVCC:-nvcc}" >/dev/null; then
  echo "gpu-validate-smoke: skipped (no nvcc to build gpu-load)"
  exit 0
fi
fake=$PWD/tracker-nvml/target/fake-nvml
[ -f "$fake/libnvidia-ml.so.1" ] || { echo "gpu-validate-smoke: $fake/libnvidia-ml.so.1 missing (mvn package of tracker-nvml, with gcc)" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

scripts/gpu-validate.sh build "$work/gpu-validate"

# 2. No nvidia-smi: PATH without any (the bundle's runtime is not needed to get there).
status=0
PATH=/usr/bin:/bin "$work/gpu-validate/gpu-validate.sh" run > "$work/no-gpu.out" 2> "$work/no-gpu.err" || status=$?
if ! PATH=/usr/bin:/bin command -v nvidia-smi >/dev/null; then
  [ "$status" = 2 ] && [ "$(wc -l < "$work/no-gpu.err")" = 1 ] && grep -q '^gpu-validate: no nvidia-smi on PATH' "$work/no-gpu.err" \
    || { echo "gpu-validate-smoke: without nvidia-smi, run exited $status with: $(cat "$work/no-gpu.err")" >&2; exit 1; }
  echo "gpu-validate-smoke: without a GPU, run says: $(cat "$work/no-gpu.err")"
fi

# 3. Against fakes.
mkdir -p "$work/fakebin"
cat > "$work/fakebin/nvidia-smi" <<'EOF'
#!/usr/bin/env bash
# Stand-in for nvidia-smi: the fake NVML library's GPU 0, drawing FAKE_SMI_WATTS (default 300) W.
watts=${FAKE_SMI_WATTS:-300}
case "$*" in
  -L) echo "GPU 0: NVIDIA A100-SXM4-80GB (UUID: GPU-a1000000-0000-4000-8000-000000000001)" ;;
  --help-query-gpu) printf '"power.draw"\n"power.draw.instant"\n' ;;
  *--query-gpu=uuid,name,driver_version,power.limit*)
    echo "GPU-a1000000-0000-4000-8000-000000000001, NVIDIA A100-SXM4-80GB, 550.54.15, 400.00" ;;
  *-lms*) while true; do printf '%s, %s, %s\n' "$(date +'%Y/%m/%d %H:%M:%S.%3N')" "$watts" "$watts"; sleep 0.2; done ;;
  *) echo "stand-in nvidia-smi: unexpected arguments: $*" >&2; exit 9 ;;
esac
EOF
chmod +x "$work/fakebin/nvidia-smi"
fake_run() { # FAKE_SMI_WATTS result-dir
  FAKE_SMI_WATTS=$1 PATH="$work/fakebin:$PATH" LD_LIBRARY_PATH="$fake" GPU_VALIDATE_LOAD=none \
    GPU_VALIDATE_SECONDS=10 GPU_VALIDATE_WARMUP_SECONDS=1 GPU_VALIDATE_OUT="$2" "$work/gpu-validate/gpu-validate.sh" run
}
fake_run 300 "$work/agree" || { echo "gpu-validate-smoke: run against fakes that agree did not PASS" >&2; exit 1; }
status=0
fake_run 250 "$work/disagree" > /dev/null || status=$?
[ "$status" = 1 ] && grep -q '^gpu-validate: FAIL' "$work/disagree/result.txt" \
  || { echo "gpu-validate-smoke: run against an nvidia-smi 17 % off exited $status, not 1 with FAIL" >&2; exit 1; }
echo "gpu-validate-smoke: OK (bundle built; no-GPU message; fakes that agree PASS, fakes 17 % apart FAIL)"
