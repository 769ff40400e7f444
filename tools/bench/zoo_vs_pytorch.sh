#!/bin/sh
# ViT-B/16 and Swin-T training steps (batch 8, 224², 2 threads), TrainKit vs PyTorch 1.13, NCHW on
# both sides, fp32 and bf16-mixed, interleaved ROUNDS times; one line per run: ms per step, the
# forward/backward/optimizer split (TrainKit) and peak RSS. PyTorch should use an optimised BLAS
# (Debian: apt-get install libopenblas0-pthread), not the reference libblas3. PyTorch runs twice:
# as installed, and with the native environment ./trainkit sets (tools/bench/launcher_env.sh).
# Usage: [MODELS="vit_b_16 swin_t"] tools/bench/zoo_vs_pytorch.sh [ROUNDS]
cd "$(dirname "$0")/../.."
ROUNDS=${1:-3}
PT_ENV=$(tools/bench/launcher_env.sh)
echo "trainkit's native environment: $PT_ENV"
field() { sed -n "s/.*\"$1\": *\([0-9.]*\).*/\1/p" | head -1; }
uptime
grep -o -w -E 'avx|avx2|fma|avx512[a-z_0-9]*|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
run() {
  out=$("$@" 2>/dev/null)
  echo "$(echo "$out" | field ms_per_step) ms/step fwd $(echo "$out" | field forward_ms) bwd $(echo "$out" | field backward_ms) opt $(echo "$out" | field optimizer_ms) rss $(echo "$out" | field peak_rss_mb) MB"
}
for i in $(seq 1 "$ROUNDS"); do
  for m in ${MODELS:-vit_b_16 swin_t}; do for p in 32 bf16-mixed; do
    C="--model $m --image-size 224 --batch 8 --threads 2 --steps 3 --warmup 2 --precision $p"
    echo "round $i $(date -u +%H:%M:%S) $m $p"
    echo "  trainkit: $(run ./trainkit bench $C --no-channels-last)"
    echo "  pytorch:  $(run /usr/bin/python3 tools/bench/bench_pytorch.py $C)"
    echo "  pytorch, same env: $(run env $PT_ENV /usr/bin/python3 tools/bench/bench_pytorch.py $C)"
  done; done
done
uptime
