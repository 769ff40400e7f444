#!/bin/sh
# Interleaved rounds of `trainkit bench --loader-only` and tools/bench/loader_pytorch.py on the same
# ImageFolder, workers 0 and 2, batch 32: one JSON line per run, prefixed with the round, the side and
# the load average at its start.
#   /usr/bin/python3 tools/bench/make_jpegs.py /tmp/jpegs
#   tools/bench/loader_compare.sh /tmp/jpegs [rounds=3]
set -e
data=$1
rounds=${2:-3}
cd "$(dirname "$0")/../.."
./trainkit --help >/dev/null 2>&1 || true # build once, outside the timed runs
for r in $(seq 1 "$rounds"); do
  for w in 0 2; do
    echo "round $r trainkit w=$w load=$(cut -d' ' -f1 /proc/loadavg) $(./trainkit bench --loader-only --data "$data" --num-workers "$w" --batch 32 --threads 1 --format json 2>/dev/null | tail -1)"
    echo "round $r pytorch  w=$w load=$(cut -d' ' -f1 /proc/loadavg) $(/usr/bin/python3 tools/bench/loader_pytorch.py --data "$data" --num-workers "$w" --batch 32)"
  done
done
