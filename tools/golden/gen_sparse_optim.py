#!/usr/bin/python3
"""Goldens for sparse gradients: nn.Embedding(..., sparse=True) trained by SparseAdam, Adagrad and SGD.

Run with Debian's PyTorch (1.13):  /usr/bin/python3 tools/golden/gen_sparse_optim.py
Writes trainkit-core/src/test/resources/golden/optim/sparse.json.

Each case: two embeddings (10x4 and 7x3, sparse=True) in two param groups with different
options; 20 steps; at every step each embedding looks up 6 indices (with repeats, so coalescing
matters; the second embedding is not used in steps 0-2, so it has no gradient there) and the loss
is sum(w * (emb(idx) - target)^2). The weights after every step are recorded, in float64 and
float32. SparseAdam, Adagrad and SGD compute the same in 1.13 and 2.x for these options
(single-tensor paths).
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'trainkit-core', 'src', 'test', 'resources', 'golden', 'optim')
STEPS = 20
SHAPES = [(10, 4), (7, 3)]
LOOKUPS = 6
SKIP_SECOND = 3

CASES = [
    ('sparseadam', 'SparseAdam', {'lr': 0.05}, [{}, {'lr': 0.02, 'betas': [0.8, 0.95], 'eps': 1e-6, 'maximize': True}]),
    ('adagrad', 'Adagrad', {'lr': 0.1, 'lr_decay': 0.01}, [{}, {'lr': 0.05, 'eps': 1e-8, 'maximize': True}]),
    ('sgd', 'SGD', {'lr': 0.05}, [{'momentum': 0.9, 'dampening': 0.1}, {'lr': 0.02, 'maximize': True}]),
]


def data():
    g = torch.Generator().manual_seed(1234)
    init = [torch.randn(s, generator=g, dtype=torch.float64) for s in SHAPES]
    targets = [torch.randn(LOOKUPS, s[1], generator=g, dtype=torch.float64) for s in SHAPES]
    weights = [torch.rand(LOOKUPS, s[1], generator=g, dtype=torch.float64) + 0.5 for s in SHAPES]
    lookups = [[torch.randint(0, s[0], (LOOKUPS,), generator=g) for s in SHAPES] for _ in range(STEPS)]
    return init, targets, weights, lookups


def run(opt_name, defaults, group_opts, dtype, init, targets, weights, lookups):
    embs = [torch.nn.Embedding(s[0], s[1], sparse=True).to(dtype) for s in SHAPES]
    with torch.no_grad():
        for e, w in zip(embs, init):
            e.weight.copy_(w)
    groups = [dict(params=[e.weight], **o) for e, o in zip(embs, group_opts)]
    groups = [{k: (tuple(v) if k == 'betas' else v) for k, v in gr.items()} for gr in groups]
    opt = getattr(torch.optim, opt_name)(groups, **defaults)
    after = []
    for step in range(STEPS):
        opt.zero_grad()
        loss = 0
        for i, e in enumerate(embs):
            if i == 1 and step < SKIP_SECOND:
                continue
            out = e(lookups[step][i])
            loss = loss + (weights[i].to(dtype) * (out - targets[i].to(dtype)) ** 2).sum()
        loss.backward()
        assert all(e.weight.grad is None or e.weight.grad.is_sparse for e in embs)
        opt.step()
        after.append([e.weight.detach().double().reshape(-1).tolist() for e in embs])
    return after


def main():
    init, targets, weights, lookups = data()
    cases = []
    for name, opt_name, defaults, group_opts in CASES:
        for dtype in (torch.float64, torch.float32):
            cases.append({
                'name': name + '/' + str(dtype).split('.')[-1],
                'optimizer': opt_name,
                'dtype': str(dtype).split('.')[-1],
                'defaults': defaults,
                'groups': group_opts,
                'shapes': [list(s) for s in SHAPES],
                'init': [w.to(dtype).double().reshape(-1).tolist() for w in init],
                'targets': [t.to(dtype).double().reshape(-1).tolist() for t in targets],
                'weights': [w.to(dtype).double().reshape(-1).tolist() for w in weights],
                'lookups': [[None if (i == 1 and s < SKIP_SECOND) else ix.tolist() for i, ix in enumerate(step)]
                            for s, step in enumerate(lookups)],
                'after': run(opt_name, defaults, group_opts, dtype, init, targets, weights, lookups),
            })
    meta = {'generator': 'tools/golden/gen_sparse_optim.py', 'torch': torch.__version__}
    with open(os.path.join(OUT, 'sparse.json'), 'w') as f:
        json.dump({'meta': meta, 'cases': cases}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
