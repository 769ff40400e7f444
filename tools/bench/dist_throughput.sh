#!/usr/bin/env bash
# Throughput of 1 vs 2 local data-parallel processes on the demo model (ResNet-18, 5 or 10
# classes, 3x32x32 inputs), per-rank batch fixed (weak scaling). Three measurements:
#   step: random data, DistributedThroughput (model step + all-reduce only), median of STEPS
#   pytorch: the same in PyTorch 1.13 (tools/bench/dist_throughput_pytorch.py), if installed
#   cli:  `trainkit train --nproc N` on the embedded Fashion-MNIST subset (data loading, logging
#         and all), median of the logged samples_per_s after the first WARMUP steps, with the
#         per-rank batch kept (weak) and with the global batch kept (strong: --nproc 1, 2 x BATCH)
# Usage: tools/bench/dist_throughput.sh [BATCH_PER_RANK] [STEPS] [WARMUP] [REPEATS]
# Report-only; numbers depend on the machine and its load (print `uptime` next to them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BATCH="${1:-32}"; STEPS="${2:-40}"; WARMUP="${3:-5}"; REPEATS="${4:-3}"
cd "$ROOT"
./trainkit info >/dev/null            # builds trainkit-cli/target/classes and trainkit-cli/target/lib on first use
CP="trainkit-cli/target/classes:trainkit-cli/target/lib/*"
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT

median_sps() { # metrics.csv -> median samples_per_s of the step rows after WARMUP
  awk -F, -v w="$WARMUP" 'NR==1{for(i=1;i<=NF;i++) if($i=="samples_per_s") c=i; next}
       $1=="step" && $3>w {print $c}' "$1" | sort -g | awk '{a[NR]=$1} END{print a[int((NR+1)/2)]}'
}

echo "# $(date -u +%FT%TZ) $(nproc) cores; load: $(cut -d' ' -f1-3 /proc/loadavg)"
for r in $(seq "$REPEATS"); do
  for n in 1 2; do
    java -cp "$CP" dev.trainkit.bench.DistributedThroughput "$n" "$BATCH" "$STEPS" "$WARMUP" overlap 2>&1 \
      | grep samples/s | sed "s/^/step repeat=$r /"
  done
  OMP_NUM_THREADS=1 java -cp "$CP" dev.trainkit.bench.DistributedThroughput 1 "$BATCH" "$STEPS" "$WARMUP" overlap 2>&1 \
      | grep samples/s | sed "s/^/step repeat=$r (1 thread) /"
  # the same global batch in one process (strong scaling: the same training as 2 x BATCH)
  java -cp "$CP" dev.trainkit.bench.DistributedThroughput 1 $((2 * BATCH)) "$STEPS" "$WARMUP" overlap 2>&1 \
      | grep samples/s | sed "s/^/step repeat=$r (global batch) /"
  if /usr/bin/python3 -c 'import torch, torchvision' 2>/dev/null; then
    for n in 1 2; do
      /usr/bin/python3 tools/bench/dist_throughput_pytorch.py "$n" "$BATCH" "$STEPS" "$WARMUP" | sed "s/^/pytorch repeat=$r /"
    done
  fi
  for n in 1 2; do
    ./trainkit train --nproc "$n" --data fashion-mnist --model 'resnet18(num_classes=10)' --channels 3 \
      --image-size 32 --batch-size "$BATCH" --max-steps $((STEPS + WARMUP)) \
      --optimizer 'SGD(lr=0.01,momentum=0.9)' -o "$OUT/n$n" >/dev/null 2>&1
    echo "cli  repeat=$r world_size=$n batch_per_rank=$BATCH: $(median_sps "$OUT/n$n/metrics.csv") samples/s (median)"
  done
  ./trainkit train --nproc 1 --data fashion-mnist --model 'resnet18(num_classes=10)' --channels 3 \
    --image-size 32 --batch-size $((2 * BATCH)) --max-steps $((STEPS + WARMUP)) \
    --optimizer 'SGD(lr=0.01,momentum=0.9)' -o "$OUT/g1" >/dev/null 2>&1
  echo "cli  repeat=$r world_size=1 batch_per_rank=$((2 * BATCH)) (global batch): $(median_sps "$OUT/g1/metrics.csv") samples/s (median)"
done
echo "# load after: $(cut -d' ' -f1-3 /proc/loadavg)"
