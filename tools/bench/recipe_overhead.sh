#!/bin/sh
# What torchvision's training-side recipe costs per optimizer step over a plain run:
# the same model, data and steps, with and without the recipe flags, interleaved 3 times.
# Prints the fit seconds (JSON "seconds") per run; --max-steps stops mid-epoch, so no validation runs.
# Usage: tools/bench/recipe_overhead.sh [STEPS]
set -e
STEPS=${1:-40}
OUT=${TMPDIR:-/tmp}/trainkit-recipe-bench
COMMON="--model resnet18 --data fashion-mnist --channels 3 --image-size 32 --batch-size 64 --epochs 1
 --max-steps $STEPS --precision 32 --optimizer SGD(lr=0.1,momentum=0.9,weight_decay=1e-4) --format json"
RECIPE="--mixup-alpha 0.2 --cutmix-alpha 1.0 --label-smoothing 0.1 --model-ema --norm-weight-decay 0.0
 --bias-weight-decay 0.0 --clip-grad-norm 1.0"
seconds() { sed -n 's/.*"seconds":\([0-9.]*\).*/\1/p'; }
uptime
grep -o -w -E 'avx|avx2|fma|avx512[a-z_0-9]*|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' '; echo
for i in 1 2 3; do
  p=$(./trainkit train $COMMON -o "$OUT/plain" 2>/dev/null | seconds)
  r=$(./trainkit train $COMMON $RECIPE -o "$OUT/recipe" 2>/dev/null | seconds)
  r1=$(./trainkit train $COMMON $RECIPE --model-ema-steps 1 -o "$OUT/recipe1" 2>/dev/null | seconds)
  echo "round $i: plain ${p}s  recipe(ema every 32) ${r}s  recipe(ema every step) ${r1}s  ($STEPS steps)"
done
uptime
