#!/usr/bin/python3
"""PyTorch's side of `trainkit bench --loader-only`: one timed epoch of a DataLoader over an
ImageFolder (RandomResizedCrop(224), RandomHorizontalFlip, ToTensor, Normalize), after a warm-up
epoch, with PIL decoding (torchvision's default loader). Same JSON keys as the Java command.

    /usr/bin/python3 tools/bench/loader_pytorch.py --data /tmp/jpegs [--num-workers 2] [--batch 32]
"""
import argparse
import json
import os
import time

import torch
import torchvision
from torchvision import transforms as T

p = argparse.ArgumentParser()
p.add_argument("--data", required=True)
p.add_argument("--num-workers", type=int, default=0)
p.add_argument("--batch", type=int, default=32)
a = p.parse_args()
root = a.data[len("imagefolder:"):] if a.data.startswith("imagefolder:") else a.data
if os.path.isdir(os.path.join(root, "train")):
    root = os.path.join(root, "train")
torch.manual_seed(0)
tf = T.Compose([T.RandomResizedCrop(224), T.RandomHorizontalFlip(), T.ToTensor(),
                T.Normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])])
ds = torchvision.datasets.ImageFolder(root, tf)
loader = torch.utils.data.DataLoader(ds, batch_size=a.batch, shuffle=True, num_workers=a.num_workers,
                                     persistent_workers=a.num_workers > 0)
for x, y in loader:  # warm-up epoch
    pass
c0 = time.process_time()
t0 = time.perf_counter()
seen = 0
for x, y in loader:
    seen += x.shape[0]
s = time.perf_counter() - t0
# this process's CPU time: all of the work with 0 workers; worker processes are not counted
cpu = time.process_time() - c0
print(json.dumps({"images_per_s": seen / s, "workers": a.num_workers, "images": seen, "batch": a.batch,
                  "seconds": s, "cpu_seconds": cpu, "root": root, "torch": torch.__version__, "torch_threads": torch.get_num_threads()}))
