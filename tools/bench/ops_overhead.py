#!/usr/bin/python3
"""Per-op overhead of PyTorch for comparison with `trainkit microbench --what ops`.

Times 10,000 additions of two 4-element float32 tensors, 5 rounds after a warm-up, and prints
the median and minimum microseconds per op, and the median thread CPU time per op, as JSON (same keys as the Java benchmark).
Run with Debian's PyTorch: /usr/bin/python3 tools/bench/ops_overhead.py
"""
import json
import sys
import time

import torch

n = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
a = torch.ones(4)
b = torch.ones(4)
for _ in range(n):
    a + b
rounds = []
cpu_rounds = []
for _ in range(5):
    c0 = time.thread_time_ns()
    t0 = time.perf_counter_ns()
    for _ in range(n):
        a + b
    rounds.append((time.perf_counter_ns() - t0) / 1e3 / n)
    cpu_rounds.append((time.thread_time_ns() - c0) / 1e3 / n)
rounds.sort()
cpu_rounds.sort()
# cpu_us_per_op: this thread's CPU time, robust to a loaded machine (same key as the Java benchmark)
print(json.dumps({"ops": n, "us_per_op": rounds[2], "us_per_op_min": rounds[0], "cpu_us_per_op": cpu_rounds[2],
                  "torch": torch.__version__}))
