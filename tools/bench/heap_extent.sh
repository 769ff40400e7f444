#!/bin/sh
# Peak live malloc bytes vs glibc heap extent, TrainKit against PyTorch 1.13 with the same native
# environment, for one training-step benchmark: tells whether a peak-RSS difference is memory the
# program holds (live) or memory the allocator could not reuse (extent - live). Needs gcc.
# Usage: tools/bench/heap_extent.sh [ROUNDS] [bench options]
#   tools/bench/heap_extent.sh 2 --model swin_t --image-size 224 --batch 8 --threads 2 --steps 3 --warmup 2 --precision 32
cd "$(dirname "$0")/../.."
ROUNDS=${1:-1}
[ $# -gt 0 ] && shift
[ $# -gt 0 ] || set -- --model swin_t --image-size 224 --batch 8 --threads 2 --steps 3 --warmup 2 --precision 32
LIB=$(mktemp -d)/heap_extent.so
gcc -O2 -shared -fPIC -o "$LIB" tools/bench/heap_extent.c || exit 1
PT_ENV=$(tools/bench/launcher_env.sh)
grep -o -w -E 'avx|avx2|fma|avx512[a-z_0-9]*|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
rss() { sed -n 's/.*"peak_rss_mb": *\([0-9.]*\).*/\1/p' "$1" | head -1; }
out=$(mktemp)
for i in $(seq 1 "$ROUNDS"); do
  # the launcher's bash and the JVM print a line each; the JVM's (the last) is the one that counts
  line=$(LD_PRELOAD="$LIB" ./trainkit bench "$@" --no-channels-last 2>&1 >"$out" | grep '^heap_extent:' | tail -1)
  echo "round $i trainkit: $line peak_rss_mb=$(rss "$out")"
  line=$(env $PT_ENV LD_PRELOAD="$LIB" /usr/bin/python3 tools/bench/bench_pytorch.py "$@" 2>&1 >"$out" | grep '^heap_extent:' | tail -1)
  echo "round $i pytorch:  $line peak_rss_mb=$(rss "$out")"
done
rm -f "$out"
