"""Goldens for dev.trainkit.dist.BucketAssignment and GradBuckets: how PyTorch's DDP buckets gradients.

- "assignment": dist._compute_bucket_assignment_by_size over tensors (numel, dtype) in a given
  order with size limits (positions as tensor_indices, as Reducer::rebuild_buckets passes them).
- "rebuilt": a world-of-one DDP (Gloo) over a torchvision model, three backward passes (loss =
  sum of the logits of a 2x3x32x32 random batch); the Reducer's rebuilt buckets as indices into
  the trainable parameters (registration order) and their sizes in bytes.

    /usr/bin/python3 tools/golden/gen_ddp_buckets.py
"""
import json
import os
import random
import socket

import torch
import torch.distributed as dist
import torchvision

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "dist",
                   "ddp_buckets.json")
DTYPES = {"float32": torch.float32, "float64": torch.float64, "float16": torch.float16}


def assignment_cases():
    rng = random.Random(0)
    cases = []
    fixed = [
        ([(100, "float32"), (50, "float64"), (300, "float32"), (10, "float64"), (200, "float32"), (30, "float32")],
         [1000, 1600]),
        ([(256, "float32")] * 8, [1024]),          # exactly at the limit: closes
        ([(255, "float32")] * 8, [1024, 2048]),
        ([(10, "float32")], [1 << 20, 25 << 20]),  # one small bucket left open
        ([], [1024]),
    ]
    for tensors, limits in fixed:
        cases.append((tensors, limits))
    for _ in range(12):
        n = rng.randint(1, 30)
        tensors = [(rng.choice([1, 7, 64, 250, 1000, 4096]), rng.choice(["float32", "float32", "float64", "float16"]))
                   for _ in range(n)]
        limits = rng.choice([[1000], [500, 4000], [1 << 20, 25 << 20], [64, 128, 8192]])
        cases.append((tensors, limits))
    out = []
    for tensors, limits in cases:
        ts = [torch.zeros(n, dtype=DTYPES[d]) for n, d in tensors]
        buckets, bucket_limits = dist._compute_bucket_assignment_by_size(
            ts, limits, [False] * len(ts), list(range(len(ts)))) if ts else ([], [])
        out.append({"tensors": [[n, d] for n, d in tensors], "limits": limits,
                    "buckets": [list(b) for b in buckets]})
    return out


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def rebuilt_cases():
    out = []
    models = [("resnet18", "resnet18(num_classes=5)", torchvision.models.resnet18, []),
              ("resnet18", "resnet18(num_classes=5)", torchvision.models.resnet18,
               ["conv1.weight", "bn1.weight", "bn1.bias"]),
              ("mobilenet_v3_small", "mobilenet_v3_small(num_classes=5)", torchvision.models.mobilenet_v3_small, [])]
    for name, spec, build, frozen in models:
        for cap_mb in [25.0, 1.0, 0.25]:
            torch.manual_seed(0)
            m = build(num_classes=5)
            for n, p in m.named_parameters():
                if n in frozen:
                    p.requires_grad_(False)
            ddp = torch.nn.parallel.DistributedDataParallel(m, bucket_cap_mb=cap_mb)
            x = torch.randn(2, 3, 32, 32)
            for _ in range(3):  # rebuilt in the 2nd forward, logged from the 3rd
                ddp(x).sum().backward()
            d = ddp._get_ddp_logging_data()
            assert d["has_rebuilt_buckets"] == 1, (spec, frozen, cap_mb, {k: v for k, v in d.items() if "bucket" in k})
            buckets = [[int(i) for i in b.split()] for b in d["rebuilt_per_bucket_param_indices"].split(",")]
            sizes = [int(s) for s in d["rebuilt_bucket_sizes"].split(",")]
            out.append({"model": spec, "frozen": frozen, "bucket_cap_mb": cap_mb, "buckets": buckets,
                        "bucket_bytes": sizes})
    return out


def main():
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(free_port())
    dist.init_process_group("gloo", rank=0, world_size=1)
    data = {"torch": torch.__version__, "first_bucket_bytes": dist._DEFAULT_FIRST_BUCKET_BYTES,
            "assignment": assignment_cases(), "rebuilt": rebuilt_cases()}
    dist.destroy_process_group()
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(data, f, separators=(",", ":"))
    print(len(data["assignment"]), "assignment and", len(data["rebuilt"]), "rebuilt cases ->", OUT)


if __name__ == "__main__":
    main()
