#!/usr/bin/python3
"""DistributedThroughput in Python PyTorch: N local DDP processes (Gloo) on the same machine.

The same measurement as `java dev.trainkit.bench.DistributedThroughput NPROC BATCH STEPS WARMUP
overlap`: torchvision's resnet18(num_classes=5) on random 3x32x32 inputs, SGD(lr=0.01,
momentum=0.9), DistributedDataParallel with its default 25 MB buckets; each rank times its own
steps, the job's step time is the slowest rank's median; rank 0 prints one line. Threads per
rank = cores // NPROC, as torchrun's OMP_NUM_THREADS default and TrainKit's launcher.

    /usr/bin/python3 tools/bench/dist_throughput_pytorch.py 1 32 40 5
    /usr/bin/python3 tools/bench/dist_throughput_pytorch.py 2 32 40 5
"""
import os
import socket
import statistics
import sys
import time

import torch
import torch.distributed as dist
import torch.multiprocessing as mp
import torchvision


def worker(rank, world, batch, steps, warmup, port, threads):
    os.environ["MASTER_ADDR"] = "127.0.0.1"
    os.environ["MASTER_PORT"] = str(port)
    torch.set_num_threads(threads)
    dist.init_process_group("gloo", rank=rank, world_size=world)
    torch.manual_seed(0)
    model = torch.nn.parallel.DistributedDataParallel(torchvision.models.resnet18(num_classes=5))
    opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
    ce = torch.nn.CrossEntropyLoss()
    torch.manual_seed(1 + rank)
    ms = []
    for s in range(warmup + steps):
        t0 = time.perf_counter()
        x = torch.randn(batch, 3, 32, 32)
        y = torch.randint(0, 5, (batch,))
        opt.zero_grad()
        ce(model(x), y).backward()
        opt.step()
        if s >= warmup:
            ms.append((time.perf_counter() - t0) * 1000)
    med = torch.tensor([sorted(ms)[steps // 2]])
    dist.all_reduce(med, op=dist.ReduceOp.MAX)
    if rank == 0:
        job = med.item()
        print(f"pytorch {torch.__version__} model=resnet18(num_classes=5) input=3x32x32 world_size={world} "
              f"threads_per_rank={threads} batch_per_rank={batch}: {job:.1f} ms/step, "
              f"{world * batch / (job / 1000):.1f} samples/s", flush=True)
    dist.destroy_process_group()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


if __name__ == "__main__":
    nproc, batch, steps, warmup = (int(a) for a in sys.argv[1:5])
    threads = int(os.environ.get("OMP_NUM_THREADS", max(1, os.cpu_count() // nproc)))
    mp.spawn(worker, args=(nproc, batch, steps, warmup, free_port(), threads), nprocs=nproc)
