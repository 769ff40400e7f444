#!/usr/bin/python3
"""Goldens for dev.trainkit.data.WeightedRandomSampler and dev.trainkit.data.RASampler.

    /usr/bin/python3 tools/golden/gen_samplers.py

WeightedRandomSampler: torch.utils.data.WeightedRandomSampler with generator=torch.Generator()
seeded once; the indices of several successive epochs (iterations of the same sampler).
RASampler: torchvision's references/classification/sampler.py (repeated augmentation), written
out below as the reference has it, for every rank, at epochs 0 and 1 (set_epoch).
"""
import json
import math
import os

import torch
from torch.utils.data import WeightedRandomSampler

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "data",
                   "samplers.json")


class RASampler(torch.utils.data.Sampler):
    # torchvision references/classification/sampler.py, with num_replicas and rank given
    def __init__(self, dataset, num_replicas, rank, shuffle=True, seed=0, repetitions=3):
        self.dataset = dataset
        self.num_replicas = num_replicas
        self.rank = rank
        self.epoch = 0
        self.num_samples = int(math.ceil(len(self.dataset) * float(repetitions) / self.num_replicas))
        self.total_size = self.num_samples * self.num_replicas
        self.num_selected_samples = int(math.floor(len(self.dataset) // 256 * 256 / self.num_replicas))
        self.shuffle = shuffle
        self.seed = seed
        self.repetitions = repetitions

    def __iter__(self):
        if self.shuffle:
            g = torch.Generator()
            g.manual_seed(self.seed + self.epoch)
            indices = torch.randperm(len(self.dataset), generator=g).tolist()
        else:
            indices = list(range(len(self.dataset)))
        indices = [ele for ele in indices for i in range(self.repetitions)]
        indices += indices[: (self.total_size - len(indices))]
        assert len(indices) == self.total_size
        indices = indices[self.rank : self.total_size : self.num_replicas]
        assert len(indices) == self.num_samples
        return iter(indices[: self.num_selected_samples])

    def __len__(self):
        return self.num_selected_samples

    def set_epoch(self, epoch):
        self.epoch = epoch


def weighted(weights, num_samples, replacement, seed, epochs=3):
    g = torch.Generator()
    g.manual_seed(seed)
    s = WeightedRandomSampler(weights, num_samples, replacement=replacement, generator=g)
    return {"weights": weights, "num_samples": num_samples, "replacement": replacement, "seed": seed,
            "epochs": [list(iter(s)) for _ in range(epochs)]}


def ra(n, replicas, shuffle, seed, reps):
    ranks = []
    for rank in range(replicas):
        s = RASampler(list(range(n)), num_replicas=replicas, rank=rank, shuffle=shuffle, seed=seed, repetitions=reps)
        per_epoch = []
        for epoch in range(2):
            s.set_epoch(epoch)
            per_epoch.append(list(iter(s)))
        ranks.append(per_epoch)
    return {"n": n, "num_replicas": replicas, "shuffle": shuffle, "seed": seed, "repetitions": reps,
            "length": len(s), "indices": ranks}


def main():
    w = [0.1, 0.9, 0.4, 0.7, 3.0, 0.6]
    weighted_cases = [
        weighted(w, 5, True, 0),
        weighted(w, 20, True, 42),
        weighted(w, 4, False, 7),
        weighted([1.0, 0.0, 2.0, 0.0, 5.0], 3, False, 1),
        weighted([float(i % 7) + 0.5 for i in range(300)], 64, True, 3),
        weighted([float(i % 5) + 1.0 for i in range(100)], 100, False, 11),
    ]
    ra_cases = [
        ra(256, 1, True, 0, 3),
        ra(300, 2, True, 0, 3),
        ra(600, 3, True, 5, 2),
        ra(512, 4, False, 0, 3),
        ra(520, 2, True, 1, 1),
    ]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "weighted": weighted_cases, "ra": ra_cases}, f, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
