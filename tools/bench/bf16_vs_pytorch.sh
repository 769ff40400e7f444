#!/bin/sh
# TrainKit vs PyTorch 1.13, fp32 and bf16-mixed, ResNet-18 batch 32 at 112², the same memory
# layout on both sides (LAYOUT channels_last or nchw), the four runs interleaved in the same
# minutes, ROUNDS times. One line per run: ms_per_step (median) and samples/s. The CPU flags and
# the load are printed first and last. Where libtorch's channels_last ResNet-18 is unreliable,
# `trainkit bench` falls back to NCHW: compare with LAYOUT=nchw there. PyTorch runs twice: as
# installed, and with the native environment ./trainkit sets (tools/bench/launcher_env.sh).
# Usage: tools/bench/bf16_vs_pytorch.sh [ROUNDS] [STEPS] [THREADS] [LAYOUT]
set -e
ROUNDS=${1:-3}
STEPS=${2:-5}
THREADS=${3:-2}
LAYOUT=${4:-channels_last}
case "$LAYOUT" in
  channels_last) TK_LAYOUT=""; PY_LAYOUT="--channels-last" ;;
  nchw) TK_LAYOUT="--no-channels-last"; PY_LAYOUT="" ;;
  *) echo "LAYOUT must be channels_last or nchw, got $LAYOUT" >&2; exit 2 ;;
esac
COMMON="--model resnet18 --batch 32 --image-size 112 --steps $STEPS --warmup 2 --threads $THREADS"
PT_ENV=$(tools/bench/launcher_env.sh)
echo "trainkit's native environment: $PT_ENV"
field() { sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p" | head -1; }
uptime
grep -o -w -E 'avx|avx2|fma|avx512[a-z_0-9]*|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
run() {
  out=$("$@" 2>/dev/null)
  echo "$(echo "$out" | field ms_per_step) ms/step  $(echo "$out" | field samples_per_s) samples/s"
}
for i in $(seq 1 "$ROUNDS"); do
  echo "round $i $(date -u +%H:%M:%S)"
  echo "  trainkit 32:          $(run ./trainkit bench $COMMON --precision 32 $TK_LAYOUT)"
  echo "  pytorch  32:          $(run /usr/bin/python3 tools/bench/bench_pytorch.py $COMMON --precision 32 $PY_LAYOUT)"
  echo "  pytorch  32, same env: $(run env $PT_ENV /usr/bin/python3 tools/bench/bench_pytorch.py $COMMON --precision 32 $PY_LAYOUT)"
  echo "  trainkit bf16-mixed:  $(run ./trainkit bench $COMMON --precision bf16-mixed $TK_LAYOUT)"
  echo "  pytorch  bf16-mixed:  $(run /usr/bin/python3 tools/bench/bench_pytorch.py $COMMON --precision bf16-mixed $PY_LAYOUT)"
  echo "  pytorch  bf16-mixed, same env: $(run env $PT_ENV /usr/bin/python3 tools/bench/bench_pytorch.py $COMMON --precision bf16-mixed $PY_LAYOUT)"
done
uptime
