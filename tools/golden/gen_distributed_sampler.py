"""Goldens for dev.trainkit.dist.DistributedSampler: PyTorch's padding and splitting rules.

shuffle=False only: the shuffled order comes from torch's generator, which TrainKit does not
reproduce; padding and the rank-strided split are the same with any order.

    /usr/bin/python3 tools/golden/gen_distributed_sampler.py
"""
import json
import os

import torch
from torch.utils.data.distributed import DistributedSampler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "dist",
                   "distributed_sampler.json")

cases = []
for n in [0, 1, 3, 7, 8, 10, 11]:
    for world in [1, 2, 3, 4, 8]:
        for drop_last in [False, True]:
            ranks = []
            for rank in range(world):
                s = DistributedSampler(list(range(n)), num_replicas=world, rank=rank, shuffle=False,
                                       drop_last=drop_last)
                ranks.append(list(iter(s)))
            cases.append({"n": n, "world": world, "drop_last": drop_last, "length": len(s),
                          "total_size": s.total_size, "indices": ranks})

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump({"torch": torch.__version__, "cases": cases}, f, separators=(",", ":"))
print(len(cases), "cases ->", OUT)
