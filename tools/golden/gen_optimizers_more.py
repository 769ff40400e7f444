#!/usr/bin/python3
"""Trajectory goldens for the optimizers beyond SGD/Adam/AdamW/RMSprop/Adagrad.

Run with Debian's PyTorch (1.13):  /usr/bin/python3 tools/golden/gen_optimizers_more.py
Writes trainkit-core/src/test/resources/golden/optim/more/{nadam,radam,adamax,adadelta,asgd,rprop,adafactor}.json.

Same layout as tools/golden/gen_optimizers.py (two param groups with different options, 20
steps of recorded gradients, p1 without gradient for the first 3 steps), run in float64 AND
float32 (each case has a "dtype").

PyTorch 2.x options that 1.13 lacks are produced here from 2.x's formulas, on top of 1.13:
- maximize for NAdam and RAdam (2.x: `grad = -grad` first, pytorch/pytorch v2.8
  torch/optim/nadam.py and radam.py, _single_tensor_*): the group's gradients are negated
  before 1.13's step, which is the same computation.
- decoupled_weight_decay for NAdam and RAdam (2.x: `param.mul_(1 - lr * weight_decay)` instead
  of `grad = grad.add(param, alpha=weight_decay)`, before the moments are updated; same files):
  the group's parameters are multiplied by (1 - lr * weight_decay) and 1.13 steps with
  weight_decay=0, which is the same computation.

NAdam is NOT taken from 1.13: 1.13's _single_tensor_nadam computes
`mu_product_next = mu_product * mu * mu_next` (mu counted twice); PyTorch 2.x fixed it to
`mu_product * mu_next` (pytorch/pytorch v2.8 torch/optim/nadam.py, _single_tensor_nadam, the
non-capturable branch). NAdam2x below is that 2.x single-tensor step written with torch ops
(exp_avg by lerp_, mu_product kept as a float32 tensor as 2.x does).

Adafactor (PyTorch 2.5+, absent from 1.13): Adafactor25 below is _single_tensor_adafactor and
Adafactor.__init__'s checks and defaults from pytorch/pytorch torch/optim/_adafactor.py (commit
051d6a09), written with torch ops.
"""
import inspect
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from gen_optimizers import GROUPS, SHAPES, STEPS, jsonable, make_data, sig  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'trainkit-core', 'src', 'test', 'resources', 'golden', 'optim', 'more')
SELECTORS = ('params', 'foreach', 'differentiable', 'capturable', 'fused')


class NAdam2x(torch.optim.Optimizer):
    """PyTorch 2.x NAdam (see the module docstring), single-tensor path, non-capturable."""

    def __init__(self, params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3,
                 decoupled_weight_decay=False, *, maximize=False):
        super().__init__(params, dict(lr=lr, betas=betas, eps=eps, weight_decay=weight_decay,
                                      momentum_decay=momentum_decay, decoupled_weight_decay=decoupled_weight_decay,
                                      maximize=maximize))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            lr, (beta1, beta2), eps = group['lr'], group['betas'], group['eps']
            wd, md = group['weight_decay'], group['momentum_decay']
            for p in group['params']:
                if p.grad is None:
                    continue
                grad = -p.grad if group['maximize'] else p.grad
                st = self.state[p]
                if len(st) == 0:
                    st['step'] = torch.tensor(0.)
                    st['mu_product'] = torch.tensor(1.)
                    st['exp_avg'] = torch.zeros_like(p)
                    st['exp_avg_sq'] = torch.zeros_like(p)
                st['step'] += 1
                step = st['step'].item()
                bias_correction2 = 1 - beta2 ** step
                if wd != 0:
                    if group['decoupled_weight_decay']:
                        p.mul_(1 - lr * wd)
                    else:
                        grad = grad.add(p, alpha=wd)
                mu = beta1 * (1. - 0.5 * (0.96 ** (step * md)))
                mu_next = beta1 * (1. - 0.5 * (0.96 ** ((step + 1) * md)))
                st['mu_product'] *= mu
                st['exp_avg'].lerp_(grad, 1 - beta1)
                st['exp_avg_sq'].mul_(beta2).addcmul_(grad, grad, value=1 - beta2)
                denom = st['exp_avg_sq'].div(bias_correction2).sqrt()
                mu_product = st['mu_product'].item()
                mu_product_next = mu_product * mu_next
                denom.add_(eps)
                p.addcdiv_(grad, denom, value=(-lr * (1. - mu) / (1. - mu_product)))
                p.addcdiv_(st['exp_avg'], denom, value=(-lr * mu_next) / (1. - mu_product_next))


class Adafactor25(torch.optim.Optimizer):
    """PyTorch 2.5+ Adafactor, single-tensor path (see the module docstring)."""

    def __init__(self, params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *,
                 maximize=False):
        if not 0.0 <= lr or not 0.0 >= beta2_decay or not 1.0 <= d or not 0.0 <= weight_decay:
            raise ValueError('invalid Adafactor option')
        super().__init__(params, dict(lr=lr, beta2_decay=beta2_decay, eps=eps, d=d, weight_decay=weight_decay,
                                      maximize=maximize))

    @torch.no_grad()
    def step(self):
        for group in self.param_groups:
            eps1, eps2 = group['eps']
            lr, wd, d = group['lr'], group['weight_decay'], group['d']
            for param in group['params']:
                if param.grad is None:
                    continue
                grad = -param.grad if group['maximize'] else param.grad
                e1 = torch.finfo(param.dtype).eps if eps1 is None else eps1
                state = self.state[param]
                if len(state) == 0:
                    state['step'] = torch.tensor(0.0)
                    if grad.dim() > 1:
                        row = list(grad.shape)
                        row[-1] = 1
                        state['row_var'] = grad.new_zeros(row)
                        col = list(grad.shape)
                        col[-2] = 1
                        state['col_var'] = grad.new_zeros(col)
                    else:
                        state['variance'] = torch.zeros_like(grad)
                state['step'] += 1
                step = state['step'].item()
                one_minus_beta2_t = step ** group['beta2_decay']
                rho_t = min(lr, 1 / (step ** 0.5))
                alpha = max(eps2, param.norm(2).item() / (param.numel() ** 0.5)) * rho_t
                if wd != 0:
                    param.mul_(1 - lr * wd)
                if grad.dim() > 1:
                    row_mean = torch.linalg.vector_norm(grad, dim=-1, keepdim=True).square_().div_(grad.size(-1))
                    state['row_var'].lerp_(row_mean, one_minus_beta2_t)
                    col_mean = torch.linalg.vector_norm(grad, dim=-2, keepdim=True).square_().div_(grad.size(-2))
                    state['col_var'].lerp_(col_mean, one_minus_beta2_t)
                    var_estimate = state['row_var'] @ state['col_var']
                    var_estimate.div_(state['row_var'].mean(dim=-2, keepdim=True).clamp_(min=e1))
                else:
                    state['variance'].lerp_(grad * grad, one_minus_beta2_t)
                    var_estimate = state['variance'].clone()
                update = var_estimate.clamp_(min=e1 * e1).rsqrt_()
                update.mul_(grad)
                denom = max(1.0, update.norm(2).item() / ((update.numel() ** 0.5) * d))
                param.add_(update, alpha=-alpha / denom)


# PyTorch 2.x optimizers that 1.13 lacks, for gen_optimizers.py's defaults.json
REFERENCES_2X = {'Adafactor': Adafactor25}


def supports(cls, kw):
    return kw in inspect.signature(cls.__init__).parameters


def run_case(cls, name, kwargs, group_overrides, dtype, changes=(), seed=0):
    init, grads = make_data(seed)
    params = [torch.tensor(v, dtype=torch.float64).to(dtype).reshape(s).requires_grad_()
              for v, s in zip(init, SHAPES)]
    emulate_max = not supports(cls, 'maximize')
    emulate_dwd = not supports(cls, 'decoupled_weight_decay')
    full = []  # each group's 2.x options (what TrainKit reports)
    groups = []
    for gi, idx in enumerate(GROUPS):
        opts = dict(kwargs)
        opts.update(group_overrides[gi])
        full.append(opts)
        spec = {'params': [params[i] for i in idx]}
        spec.update({k: v for k, v in group_overrides[gi].items()
                     if not (emulate_max and k == 'maximize') and not (emulate_dwd and k == 'decoupled_weight_decay')})
        groups.append(spec)
    torch_kwargs = {k: v for k, v in kwargs.items()
                    if not (emulate_max and k == 'maximize') and not (emulate_dwd and k == 'decoupled_weight_decay')}
    extra = {'foreach': False} if supports(cls, 'foreach') else {}
    opt = cls(groups, **torch_kwargs, **extra)
    after = []
    for step in range(STEPS):
        for ch in changes:
            if ch['step'] == step:
                v = ch['value']
                opt.param_groups[ch['group']][ch['key']] = tuple(v) if isinstance(v, list) else v
                full[ch['group']][ch['key']] = v
        for p, gr in zip(params, grads[step]):
            p.grad = None if gr is None else torch.tensor(gr, dtype=torch.float64).to(dtype).reshape(p.shape)
        for gi, idx in enumerate(GROUPS):
            g = opt.param_groups[gi]
            maximize = full[gi].get('maximize', False)
            decoupled = full[gi].get('decoupled_weight_decay', False)
            for i in idx:
                p = params[i]
                if p.grad is None:
                    continue
                if emulate_max and maximize:
                    p.grad = -p.grad
                if emulate_dwd and decoupled:
                    with torch.no_grad():
                        p.mul_(1 - g['lr'] * full[gi].get('weight_decay', 0))
            if emulate_dwd and 'weight_decay' in g:
                g['weight_decay'] = 0 if decoupled else full[gi].get('weight_decay', g['weight_decay'])
        opt.step()
        after.append([sig(p.detach().double()) for p in params])
    state_keys = sorted(opt.state[params[0]].keys())
    return {
        'name': name + '_' + str(dtype).replace('torch.', ''),
        'dtype': str(dtype).replace('torch.', ''),
        'kwargs': jsonable(kwargs),
        'groups': [{'params': idx, 'options': jsonable(group_overrides[gi])} for gi, idx in enumerate(GROUPS)],
        'changes': list(changes),
        'shapes': SHAPES,
        'init': init,
        'grads': grads,
        'after': after,
        'state_keys': state_keys,
        'group_lrs': [g['lr'] for g in opt.param_groups],
    }


def both(cls, name, kwargs, group_overrides, changes=(), seed=0):
    return [run_case(cls, name, kwargs, group_overrides, dt, changes, seed) for dt in (torch.float64, torch.float32)]


def cases():
    O = torch.optim
    lr_change = [{'step': 10, 'group': 0, 'key': 'lr', 'value': 0.002}]
    return {
        'nadam': both(NAdam2x, 'plain', {'lr': 0.01}, [{}, {'lr': 0.005, 'betas': (0.8, 0.99), 'momentum_decay': 0.01}], seed=51)
        + both(NAdam2x, 'weight_decay', {'lr': 0.01, 'weight_decay': 0.1}, [{}, {'weight_decay': 0.0, 'eps': 1e-4}], seed=52)
        + both(NAdam2x, 'decoupled_weight_decay', {'lr': 0.01, 'weight_decay': 0.1, 'decoupled_weight_decay': True},
               [{}, {'decoupled_weight_decay': False}], seed=53)
        + both(NAdam2x, 'maximize_lr_change', {'lr': 0.01, 'maximize': True}, [{}, {'maximize': False}], lr_change, seed=54),
        'radam': both(O.RAdam, 'plain', {'lr': 0.01}, [{}, {'lr': 0.005, 'betas': (0.8, 0.9)}], seed=61)
        + both(O.RAdam, 'weight_decay', {'lr': 0.01, 'weight_decay': 0.1}, [{}, {'weight_decay': 0.0, 'eps': 1e-4}], seed=62)
        + both(O.RAdam, 'decoupled_weight_decay', {'lr': 0.01, 'weight_decay': 0.1, 'decoupled_weight_decay': True},
               [{}, {'decoupled_weight_decay': False}], seed=63)
        + both(O.RAdam, 'maximize_lr_change', {'lr': 0.01, 'maximize': True}, [{}, {'maximize': False}], lr_change, seed=64),
        'adamax': both(O.Adamax, 'plain', {'lr': 0.01}, [{}, {'lr': 0.005, 'betas': (0.8, 0.99), 'eps': 1e-3}], seed=71)
        + both(O.Adamax, 'weight_decay_maximize', {'lr': 0.01, 'weight_decay': 0.1, 'maximize': True},
               [{}, {'maximize': False, 'weight_decay': 0.0}], lr_change, seed=72),
        'adadelta': both(O.Adadelta, 'plain', {'lr': 1.0}, [{}, {'rho': 0.95, 'lr': 0.5}], seed=81)
        + both(O.Adadelta, 'weight_decay_maximize', {'lr': 1.0, 'weight_decay': 0.1, 'maximize': True, 'eps': 1e-4},
               [{}, {'maximize': False}], lr_change, seed=82),
        'asgd': both(O.ASGD, 'plain', {'lr': 0.01}, [{}, {'lambd': 1e-2, 'alpha': 0.5}], seed=91)
        + both(O.ASGD, 't0_weight_decay_maximize', {'lr': 0.05, 't0': 5, 'weight_decay': 0.1, 'maximize': True},
               [{}, {'t0': 10, 'maximize': False}], lr_change, seed=92),
        'adafactor': both(Adafactor25, 'plain', {'lr': 0.01}, [{}, {'lr': 0.05, 'd': 2.0}], seed=141)
        + both(Adafactor25, 'weight_decay_maximize_beta2_decay', {'lr': 0.02, 'weight_decay': 0.1, 'maximize': True,
                                                                  'beta2_decay': -0.5},
               [{}, {'maximize': False, 'eps': (1e-20, 1e-2)}], lr_change, seed=142),
        'rprop': both(O.Rprop, 'plain', {'lr': 0.01}, [{}, {'etas': (0.3, 1.5)}], seed=101)
        + both(O.Rprop, 'step_sizes_maximize', {'lr': 0.05, 'step_sizes': (1e-3, 0.1), 'maximize': True},
               [{}, {'maximize': False, 'lr': 0.02}], seed=102),
    }


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {'generator': 'tools/golden/gen_optimizers_more.py', 'torch': torch.__version__}
    for name, cs in cases().items():
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump({'meta': meta, 'cases': cs}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
