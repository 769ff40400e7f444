#!/usr/bin/python3
"""The training step of `trainkit bench` in Python PyTorch, for comparison on the same machine.

Runs full training steps of a torchvision model (forward, CrossEntropyLoss, backward,
SGD(lr=0.1, momentum=0.9) step, zero_grad(set_to_none=True)) on random data and prints one JSON
object with the keys of `trainkit bench --format json`: ms_per_step (median), samples_per_s,
peak_rss_mb (VmHWM of this process), plus p10/p90, minor page faults and process CPU ms per timed step, precision, threads and versions.

Run with Debian's PyTorch 1.13 (plain `python3` has no torch), one precision per process so that
peak RSS belongs to that precision:

    /usr/bin/python3 tools/bench/bench_pytorch.py --precision 32 --threads 2
    /usr/bin/python3 tools/bench/bench_pytorch.py --precision bf16-mixed --threads 2
    /usr/bin/python3 tools/bench/bench_pytorch.py --precision 32 --channels-last

Precisions: 32 (float32) and bf16-mixed (torch.autocast("cpu", torch.bfloat16) around forward
and loss, as Lightning's "bf16-mixed").
"""
import argparse
import ast
import json
import resource
import statistics
import sys
import time

import torch
import torchvision


def peak_rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


def percentile(sorted_values, q):
    # nearest-rank on the sorted list, as the Java side does
    i = min(len(sorted_values) - 1, max(0, int(round(q * (len(sorted_values) - 1)))))
    return sorted_values[i]


def parse_spec(spec):
    """A model spec as `trainkit bench --model` takes it: a builder name, optionally with keyword
    arguments, e.g. "googlenet(aux_logits=False)" (values: True, False, numbers, quoted strings)."""
    if "(" not in spec:
        return spec, {}
    name, args = spec.split("(", 1)
    if not args.endswith(")"):
        raise SystemExit(f"--model: expected NAME or NAME(k=v, ...), got {spec!r}")
    kw = {}
    for part in filter(None, (p.strip() for p in args[:-1].split(","))):
        k, _, v = part.partition("=")
        kw[k.strip()] = ast.literal_eval(v.strip())
    return name.strip(), kw


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default="resnet18")
    ap.add_argument("--batch", type=int, default=32)
    ap.add_argument("--image-size", type=int, default=112)
    ap.add_argument("--num-classes", type=int, default=10)
    ap.add_argument("--precision", default="32", choices=["32", "bf16-mixed"])
    ap.add_argument("--steps", type=int, default=20)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--threads", type=int, default=0, help="intra-op threads (0: all cores)")
    ap.add_argument("--channels-last", action="store_true", help="model and input in channels_last")
    a = ap.parse_args(argv)
    if a.batch < 1 or a.steps < 1 or a.warmup < 0:
        ap.error("--batch and --steps must be >= 1, --warmup >= 0")

    import os
    threads = a.threads if a.threads > 0 else len(os.sched_getaffinity(0))
    torch.set_num_threads(threads)
    torch.manual_seed(0)
    # TrainKit's forward() of GoogLeNet and Inception v3 returns the main logits and skips the
    # auxiliary heads (forwardOutputs() has them); torchvision without them does the same work.
    # TrainKit's default build still holds the heads' parameters: for the same memory, give both
    # sides --model 'googlenet(aux_logits=False)'
    name, kw = parse_spec(a.model)
    if name in ("googlenet", "inception_v3"):
        kw.setdefault("aux_logits", False)
    model = getattr(torchvision.models, name)(num_classes=a.num_classes, **kw)
    model.train()
    fmt = torch.channels_last if a.channels_last else torch.contiguous_format
    model = model.to(memory_format=fmt)
    opt = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.randn(a.batch, 3, a.image_size, a.image_size).contiguous(memory_format=fmt)
    y = torch.randint(0, a.num_classes, (a.batch,))
    mixed = a.precision == "bf16-mixed"

    def step():
        opt.zero_grad(set_to_none=True)
        with torch.autocast("cpu", dtype=torch.bfloat16, enabled=mixed):
            loss = loss_fn(model(x), y)
        loss.backward()
        opt.step()
        return loss.item()

    for _ in range(a.warmup):
        step()
    times = []
    loss = float("nan")
    faults0 = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    cpu0 = time.process_time()
    for _ in range(a.steps):
        t0 = time.perf_counter_ns()
        loss = step()
        times.append((time.perf_counter_ns() - t0) / 1e6)
    faults = resource.getrusage(resource.RUSAGE_SELF).ru_minflt - faults0
    cpu_ms = (time.process_time() - cpu0) * 1e3 / a.steps
    s = sorted(times)
    med = statistics.median(s)
    print(json.dumps({
        "ms_per_step": med,
        "samples_per_s": a.batch * 1000.0 / med,
        "peak_rss_mb": peak_rss_mb(),
        "ms_p10": percentile(s, 0.1),
        "ms_p90": percentile(s, 0.9),
        "page_faults_per_step": faults / a.steps,
        "cpu_ms_per_step": cpu_ms,
        "steps": a.steps,
        "warmup": a.warmup,
        "model": a.model,
        "batch": a.batch,
        "image_size": a.image_size,
        "num_classes": a.num_classes,
        "precision": a.precision,
        "channels_last": a.channels_last,
        "threads": torch.get_num_threads(),
        "final_loss": loss,
        "torch": torch.__version__,
        "mkldnn": torch.backends.mkldnn.is_available(),
    }))


if __name__ == "__main__":
    main(sys.argv[1:])
