#!/usr/bin/python3
"""Times optimizer.step() alone on torchvision's resnet50 parameters (PyTorch 1.13), per-tensor
(foreach=False) and multi-tensor (foreach=True); the TrainKit side is
dev.trainkit.bench.OptimizerStepBenchmark with the same protocol (each case on its own copy of
the parameters, gradients set once to seeded random values times 1e-3, the cases of one
optimizer interleaved step by step, 3 untimed rounds, median of N timed steps). One JSON line
per case.

Run:  /usr/bin/python3 tools/bench/optimizer_step.py [STEPS [THREADS [MODEL]]]   (MODEL default resnet50)
"""
import json
import sys
import time

import torch
import torchvision


def median_ms(makers, params, steps):
    opts = []
    for make in makers:
        torch.manual_seed(0)
        copy = [p.detach().clone().requires_grad_() for p in params]
        for c in copy:
            c.grad = torch.randn(c.shape) * 1e-3
        opts.append(make(copy))
    times = [[] for _ in opts]
    for i in range(steps + 3):
        for k, opt in enumerate(opts):
            t0 = time.perf_counter()
            opt.step()
            if i >= 3:
                times[k].append((time.perf_counter() - t0) * 1e3)
    return [sorted(t)[steps // 2] for t in times]


def main():
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    torch.set_num_threads(int(sys.argv[2]) if len(sys.argv) > 2 else 1)
    model = sys.argv[3] if len(sys.argv) > 3 else 'resnet50'
    params = list(getattr(torchvision.models, model)().parameters())
    numel = sum(p.numel() for p in params)
    O = torch.optim
    pairs = [
        [('SGD(lr=0.1, momentum=0.9, foreach=False)', lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, foreach=False)),
         ('SGD(lr=0.1, momentum=0.9, foreach=True)', lambda ps: O.SGD(ps, lr=0.1, momentum=0.9, foreach=True))],
        [('AdamW(foreach=False)', lambda ps: O.AdamW(ps, foreach=False)),
         ('AdamW(foreach=True)', lambda ps: O.AdamW(ps, foreach=True))],
    ]
    for pair in pairs:
        for (name, _), ms in zip(pair, median_ms([make for _, make in pair], params, steps)):
            print(json.dumps({'impl': 'pytorch ' + torch.__version__, 'model': model, 'optimizer': name,
                              'tensors': len(params), 'numel': numel, 'threads': torch.get_num_threads(),
                              'steps': steps, 'median_ms': round(ms, 3)}))


if __name__ == '__main__':
    main()
