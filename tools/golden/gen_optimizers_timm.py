#!/usr/bin/python3
"""Trajectory goldens for timm's optimizers that TrainKit provides (Lion).

Run:  /usr/bin/python3 tools/golden/gen_optimizers_timm.py
Writes src/test/resources/golden/optim/more/lion.json (layout of gen_optimizers_more.py: two
param groups, 20 steps, float64 and float32).

timm is not installed here, so the reference is written below with torch ops from timm's
source: huggingface/pytorch-image-models timm/optim/lion.py (commit 3086dd03),
Lion.__init__ (defaults, checks) and _single_tensor_lion (the step, including the 'caution'
mask from "Cautious Optimizers", arXiv 2411.16085).
"""
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from gen_optimizers_more import OUT, both  # noqa: E402


class Lion(torch.optim.Optimizer):
    """timm's Lion, single-tensor path (see the module docstring)."""

    def __init__(self, params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, caution=False, maximize=False):
        if not 0.0 <= lr:
            raise ValueError('Invalid learning rate: {}'.format(lr))
        if not 0.0 <= betas[0] < 1.0 or not 0.0 <= betas[1] < 1.0:
            raise ValueError('Invalid beta parameter: {}'.format(betas))
        super().__init__(params, dict(lr=lr, betas=betas, weight_decay=weight_decay, caution=caution,
                                      maximize=maximize))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            lr, wd = group['lr'], group['weight_decay']
            for p in group['params']:
                if p.grad is None:
                    continue
                grad = -p.grad if group['maximize'] else p.grad
                state = self.state[p]
                if len(state) == 0:
                    state['exp_avg'] = torch.zeros_like(p)
                exp_avg = state['exp_avg']
                p.mul_(1 - lr * wd)
                update = exp_avg.mul(beta1).add_(grad, alpha=1 - beta1).sign_()
                if group['caution']:
                    mask = (update * grad > 0).to(grad.dtype)
                    mask.div_(mask.mean().clamp_(min=1e-3))
                    update.mul_(mask)
                p.add_(update, alpha=-lr)
                exp_avg.lerp_(grad, 1 - beta2)


# name -> (reference class, kwargs needed to construct it) for gen_optimizers.py's defaults.json
REFERENCES = {'Lion': (Lion, {})}


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {'generator': 'tools/golden/gen_optimizers_timm.py', 'torch': torch.__version__,
            'reference': 'timm/optim/lion.py @ 3086dd03'}
    cases = (both(Lion, 'plain', {'lr': 1e-3}, [{}, {'lr': 5e-4, 'betas': (0.8, 0.9)}], seed=111)
             + both(Lion, 'weight_decay_maximize', {'lr': 1e-3, 'weight_decay': 0.5, 'maximize': True},
                    [{}, {'maximize': False}], [{'step': 10, 'group': 0, 'key': 'lr', 'value': 2e-3}], seed=112)
             + both(Lion, 'caution', {'lr': 1e-3, 'caution': True}, [{}, {'caution': False, 'weight_decay': 0.1}],
                    seed=113))
    with open(os.path.join(OUT, 'lion.json'), 'w') as f:
        json.dump({'meta': meta, 'cases': cases}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
