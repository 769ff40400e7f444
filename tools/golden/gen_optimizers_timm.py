#!/usr/bin/python3
"""Trajectory goldens for timm's optimizers that TrainKit provides (Lion, Lamb, Lars).

Run:  /usr/bin/python3 tools/golden/gen_optimizers_timm.py
Writes trainkit-core/src/test/resources/golden/optim/more/{lion,lamb,lars}.json (layout of gen_optimizers_more.py: two
param groups, 20 steps, float64 and float32).

timm is not installed here, so the reference is written below with torch ops from timm's
source: huggingface/pytorch-image-models timm/optim/lion.py (commit 3086dd03),
Lion.__init__ (defaults, checks) and _single_tensor_lion (the step, including the 'caution'
mask from "Cautious Optimizers", arXiv 2411.16085); timm/optim/lamb.py (commit 1e19b290),
Lamb.__init__, Lamb._get_clip_grad_norm, Lamb.step and _single_tensor_lamb, with
timm/optim/_helpers.py's _add_scaled_ and _max_lr_snapshot; timm/optim/lars.py (commit 5788a1af),
Lars.__init__ and Lars.step.
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


class Lamb(torch.optim.Optimizer):
    """timm's Lamb, single-tensor path (see the module docstring)."""

    def __init__(self, params, lr=1e-3, bias_correction=True, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.01,
                 grad_averaging=True, max_grad_norm=1.0, trust_clip=False, always_adapt=False, caution=False,
                 decoupled_decay=False, corrected_weight_decay=False):
        for name, v in (('learning rate', lr), ('epsilon', eps), ('weight_decay', weight_decay)):
            if v < 0:
                raise ValueError(f'Invalid {name}: {v}')
        super().__init__(params, dict(lr=lr, bias_correction=bias_correction, betas=betas, eps=eps,
                                      weight_decay=weight_decay, grad_averaging=grad_averaging,
                                      max_grad_norm=max_grad_norm, trust_clip=trust_clip, always_adapt=always_adapt,
                                      caution=caution, decoupled_decay=decoupled_decay,
                                      corrected_weight_decay=corrected_weight_decay))
        self.max_lr_snapshot = float(lr)

    def _clip(self):
        max_grad_norm = self.defaults['max_grad_norm']
        if max_grad_norm is None:
            return None
        grads = [p.grad for g in self.param_groups for p in g['params'] if p.grad is not None]
        if not grads:
            return None
        global_norm = torch.linalg.vector_norm(torch.stack([torch.linalg.vector_norm(g) for g in grads]))
        return (global_norm / max_grad_norm).clamp_(min=1.0)

    @torch.no_grad()
    def step(self):
        clip = self._clip()
        for group in self.param_groups:
            beta1, beta2 = group['betas']
            beta3 = 1 - beta1 if group['grad_averaging'] else 1.0
            group['step'] = group.get('step', 0) + 1
            if not any(p.grad is not None for p in group['params']):
                continue
            step = group['step']
            bc1, bc2 = (1 - beta1 ** step, 1 - beta2 ** step) if group['bias_correction'] else (1.0, 1.0)
            lr, wd = group['lr'], group['weight_decay']
            for p in group['params']:
                if p.grad is None:
                    continue
                grad = p.grad if clip is None else p.grad / clip
                state = self.state[p]
                if len(state) == 0:
                    state['exp_avg'] = torch.zeros_like(p)
                    state['exp_avg_sq'] = torch.zeros_like(p)
                exp_avg, exp_avg_sq = state['exp_avg'], state['exp_avg_sq']
                if beta3 == 1 - beta1:
                    exp_avg.lerp_(grad, beta3)
                else:
                    exp_avg.mul_(beta1).add_(grad, alpha=beta3)
                exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = (exp_avg_sq.sqrt() / (bc2 ** 0.5)).add_(group['eps'])
                update = (exp_avg / bc1).div_(denom)
                if group['caution']:
                    mask = (update * grad > 0).to(grad.dtype)
                    mask.div_(mask.mean().clamp_(min=1e-3))
                    update.mul_(mask)
                if wd != 0:
                    if group['decoupled_decay']:
                        scale = lr ** 2 / self.max_lr_snapshot if group['corrected_weight_decay'] else lr
                        p.add_(p, alpha=-scale * wd)
                    else:
                        update.add_(p, alpha=wd)
                if wd != 0 or group['always_adapt']:
                    w_norm, g_norm = p.norm(2.0), update.norm(2.0)
                    ratio = torch.where(w_norm > 0, torch.where(g_norm > 0, w_norm / g_norm, 1.0), 1.0)
                    if group['trust_clip']:
                        ratio = torch.clamp(ratio, max=1.0)
                    update.mul_(ratio)
                p.add_(update, alpha=-lr)


class Lars(torch.optim.Optimizer):
    """timm's Lars (see the module docstring)."""

    def __init__(self, params, lr=1.0, momentum=0, dampening=0, weight_decay=0, nesterov=False, trust_coeff=0.001,
                 eps=1e-8, trust_clip=False, always_adapt=False):
        if lr < 0.0 or momentum < 0.0 or weight_decay < 0.0:
            raise ValueError('Invalid lr, momentum or weight_decay')
        if nesterov and (momentum <= 0 or dampening != 0):
            raise ValueError('Nesterov momentum requires a momentum and zero dampening')
        super().__init__(params, dict(lr=lr, momentum=momentum, dampening=dampening, weight_decay=weight_decay,
                                      nesterov=nesterov, trust_coeff=trust_coeff, eps=eps, trust_clip=trust_clip,
                                      always_adapt=always_adapt))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            wd, momentum, dampening = group['weight_decay'], group['momentum'], group['dampening']
            for p in group['params']:
                if p.grad is None:
                    continue
                grad = p.grad
                if wd != 0 or group['always_adapt']:
                    w_norm, g_norm = p.norm(2.0), grad.norm(2.0)
                    ratio = group['trust_coeff'] * w_norm / (g_norm + w_norm * wd + group['eps'])
                    ratio = torch.where(w_norm > 0, torch.where(g_norm > 0, ratio, 1.0), 1.0)
                    if group['trust_clip']:
                        ratio = torch.clamp(ratio / group['lr'], max=1.0)
                    grad = grad.add(p, alpha=wd).mul_(ratio)
                if momentum != 0:
                    state = self.state[p]
                    if 'momentum_buffer' not in state:
                        buf = state['momentum_buffer'] = torch.clone(grad).detach()
                    else:
                        buf = state['momentum_buffer']
                        buf.mul_(momentum).add_(grad, alpha=1. - dampening)
                    grad = grad.add(buf, alpha=momentum) if group['nesterov'] else buf
                p.add_(grad, alpha=-group['lr'])


# name -> (reference class, kwargs needed to construct it) for gen_optimizers.py's defaults.json
REFERENCES = {'Lion': (Lion, {}), 'Lamb': (Lamb, {}), 'Lars': (Lars, {})}


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
    meta = dict(meta, reference='timm/optim/lamb.py @ 1e19b290')
    lamb = (both(Lamb, 'plain', {'lr': 0.01}, [{}, {'lr': 0.005, 'betas': (0.8, 0.99), 'weight_decay': 0.0}], seed=121)
            + both(Lamb, 'clip_trust_clip_always_adapt', {'lr': 0.02, 'max_grad_norm': 0.5, 'trust_clip': True},
                   [{}, {'weight_decay': 0.0, 'always_adapt': True}], seed=122)
            + both(Lamb, 'no_clip_no_bias_correction_no_averaging',
                   {'lr': 0.01, 'max_grad_norm': None, 'bias_correction': False, 'grad_averaging': False},
                   [{}, {'eps': 1e-3}], seed=123)
            + both(Lamb, 'decoupled_corrected_caution', {'lr': 0.02, 'decoupled_decay': True, 'weight_decay': 0.1,
                                                         'corrected_weight_decay': True, 'caution': True},
                   [{}, {'corrected_weight_decay': False}], [{'step': 10, 'group': 0, 'key': 'lr', 'value': 0.01}],
                   seed=124))
    with open(os.path.join(OUT, 'lamb.json'), 'w') as f:
        json.dump({'meta': meta, 'cases': lamb}, f, separators=(',', ':'))
    meta = dict(meta, reference='timm/optim/lars.py @ 5788a1af')
    lars = (both(Lars, 'momentum_weight_decay', {'lr': 0.5, 'momentum': 0.9, 'weight_decay': 1e-2},
                 [{}, {'weight_decay': 0.0, 'lr': 0.05}], seed=131)
            + both(Lars, 'larc_nesterov', {'lr': 0.5, 'momentum': 0.9, 'nesterov': True, 'weight_decay': 1e-3,
                                           'trust_clip': True}, [{}, {'always_adapt': True, 'weight_decay': 0.0}],
                   [{'step': 10, 'group': 0, 'key': 'lr', 'value': 0.1}], seed=132)
            + both(Lars, 'dampening_trust_coeff', {'lr': 1.0, 'momentum': 0.5, 'dampening': 0.1, 'weight_decay': 0.1,
                                                   'trust_coeff': 0.01}, [{}, {'eps': 1e-3}], seed=133))
    with open(os.path.join(OUT, 'lars.json'), 'w') as f:
        json.dump({'meta': meta, 'cases': lars}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
