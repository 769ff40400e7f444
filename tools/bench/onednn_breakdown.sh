#!/bin/sh
# Where a training step's oneDNN time goes, per primitive and pass: runs `trainkit bench` with
# ONEDNN_VERBOSE=1 (oneDNN prints every primitive it executes with its time) and sums the
# exec times per (primitive, implementation, pass, data type), divided by the steps run
# (warm-up included). Ops outside oneDNN (batch norm, ReLU, add, casts, SGD) are not listed;
# compare the total with the step's ms_per_step.
# With BY_SHAPE=1 the problem (e.g. mb32_ic512oc512_ih4...) is part of the key.
# Usage: tools/bench/onednn_breakdown.sh PRECISION [more trainkit bench options]
#   tools/bench/onednn_breakdown.sh bf16-mixed --threads 2
#   BY_SHAPE=1 tools/bench/onednn_breakdown.sh bf16-mixed --threads 2
set -e
P=${1:?precision, e.g. 32 or bf16-mixed}
shift
ONEDNN_VERBOSE=1 ./trainkit bench --model resnet18 --batch 32 --image-size 112 --precision "$P" \
    --steps 2 --warmup 1 "$@" 2>&1 | awk -F, -v steps=3 -v by_shape="${BY_SHAPE:-0}" '
  /^onednn_verbose,.*,exec,cpu,/ {
    # fields: ... exec,cpu,PRIMITIVE,IMPL,PROP_KIND,MEMORY_DESCS,...,EXEC_TIME
    split($9, md, " "); split(md[1], src, ":");
    key = sprintf("%-12s %-28s %-16s %s", $6, $7, $8, src[1] ":" src[2]);
    if (by_shape == 1) { key = key " " $12 }
    t[key] += $NF; n[key]++; total += $NF
  }
  /^\{/ { json = $0 }
  END {
    for (k in t) printf "%9.1f ms/step  %5d calls  %s\n", t[k] / steps, n[k] / steps, k | "sort -rn";
    close("sort -rn");
    printf "%9.1f ms/step in oneDNN primitives\n", total / steps;
    print json
  }'
