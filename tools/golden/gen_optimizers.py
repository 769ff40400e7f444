#!/usr/bin/python3
"""Generates the optimizer and gradient-clipping goldens for TrainKit's Java tests.

Run with Debian's PyTorch (1.13):  /usr/bin/python3 tools/golden/gen_optimizers.py
Writes trainkit-core/src/test/resources/golden/optim/{sgd,adam,adamw,rmsprop,adagrad,clip,defaults}.json.

Every optimizer case has three float64 parameters in TWO param groups with different options:
group 0 holds p0 (2x3) and p1 (3,), group 1 holds p2 (4,). p1 has no gradient (None) in the
first three steps, so the "params without grad are skipped and get no state" rule is covered.
Gradients are recorded random numbers (rounded to 4 decimals, scale varying per step so that
AMSGrad's running maximum matters), applied for 20 steps; the parameters after every step are
recorded. "changes" are group-option changes applied before a given step (as a scheduler would).
float64 is used so that rounding-order differences between PyTorch 1.13 and 2.x (e.g. 2.x's
exp_avg.lerp_ vs 1.13's mul_().add_()) stay far below the 1e-6 tolerance.
"""
import json
import math
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'trainkit-core', 'src', 'test', 'resources', 'golden', 'optim')
STEPS = 20
SHAPES = [[2, 3], [3], [4]]
GROUPS = [[0, 1], [2]]
NO_GRAD_UNTIL = {1: 3}  # p1 has grad None for steps 0..2


def r4(t):
    return [round(float(x), 4) for x in t.flatten().tolist()]


def sig(t):
    return [float('%.12g' % x) for x in t.flatten().tolist()]


def make_data(seed):
    g = torch.Generator().manual_seed(seed)
    init = [r4(torch.randn(s, generator=g, dtype=torch.float64)) for s in SHAPES]
    grads = []
    for step in range(STEPS):
        scale = 1.0 + 0.9 * math.sin(1.3 * step)
        row = []
        for i, s in enumerate(SHAPES):
            gr = r4(torch.randn(s, generator=g, dtype=torch.float64) * scale)
            row.append(None if step < NO_GRAD_UNTIL.get(i, 0) else gr)
        grads.append(row)
    return init, grads


def jsonable(opts):
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in opts.items()}


def run_case(cls, name, kwargs, group_overrides, changes=(), seed=0):
    init, grads = make_data(seed)
    params = [torch.tensor(v, dtype=torch.float64).reshape(s).requires_grad_()
              for v, s in zip(init, SHAPES)]
    groups = []
    for gi, idx in enumerate(GROUPS):
        spec = {'params': [params[i] for i in idx]}
        spec.update(group_overrides[gi])
        groups.append(spec)
    extra = {'foreach': False} if 'foreach' in cls.__init__.__code__.co_varnames else {}
    opt = cls(groups, **kwargs, **extra)
    after = []
    for step in range(STEPS):
        for ch in changes:
            if ch['step'] == step:
                v = ch['value']
                opt.param_groups[ch['group']][ch['key']] = tuple(v) if isinstance(v, list) else v
        for p, gr in zip(params, grads[step]):
            p.grad = None if gr is None else torch.tensor(gr, dtype=torch.float64).reshape(p.shape)
        opt.step()
        after.append([sig(p.detach()) for p in params])
    return {
        'name': name,
        'kwargs': jsonable(kwargs),
        'groups': [{'params': idx, 'options': jsonable(group_overrides[gi])} for gi, idx in enumerate(GROUPS)],
        'changes': list(changes),
        'shapes': SHAPES,
        'init': init,
        'grads': grads,
        'after': after,
        'final_group_options': [jsonable({**{k: v for k, v in g.items()
                                             if k not in ('params', 'foreach', 'differentiable', 'capturable', 'fused')},
                                          **ADDED_IN_2X.get(cls.__name__, {})})
                                for g in opt.param_groups],
    }


def adam_decoupled(name, kwargs, group_overrides, changes=(), seed=0):
    """PyTorch 2.x's Adam(decoupled_weight_decay=True) (2.7+, keyword-only) is AdamW's step (2.x's
    AdamW is Adam with decoupled_weight_decay=True), so 1.13's AdamW produces the trajectory; the
    case is recorded as Adam with the option set. weight_decay is given explicitly everywhere
    (Adam's default is 0, AdamW's 1e-2)."""
    c = run_case(torch.optim.AdamW, name, kwargs, group_overrides, changes, seed)
    c['kwargs']['decoupled_weight_decay'] = True
    for g in c['final_group_options']:
        g['decoupled_weight_decay'] = True
    return c


def cases():
    O = torch.optim
    lr_change = [{'step': 10, 'group': 0, 'key': 'lr', 'value': 0.01}]
    return {
        'sgd': [
            run_case(O.SGD, 'plain', {'lr': 0.1}, [{}, {'lr': 0.05}], seed=1),
            run_case(O.SGD, 'momentum_dampening', {'lr': 0.1, 'momentum': 0.9},
                     [{}, {'lr': 0.03, 'momentum': 0.5, 'dampening': 0.2}], seed=2),
            run_case(O.SGD, 'nesterov', {'lr': 0.05, 'momentum': 0.9, 'nesterov': True},
                     [{}, {'nesterov': False, 'weight_decay': 0.1, 'lr': 0.1}], seed=3),
            run_case(O.SGD, 'weight_decay_maximize', {'lr': 0.05, 'weight_decay': 0.01, 'maximize': True},
                     [{}, {'momentum': 0.8, 'maximize': False}], seed=4),
            run_case(O.SGD, 'all', {'lr': 0.02, 'momentum': 0.7, 'dampening': 0.1, 'weight_decay': 0.05,
                                    'maximize': True},
                     [{}, {'nesterov': True, 'dampening': 0.0, 'lr': 0.01}], seed=5),
            run_case(O.SGD, 'lr_and_momentum_change', {'lr': 0.1, 'momentum': 0.9}, [{}, {}],
                     lr_change + [{'step': 5, 'group': 1, 'key': 'momentum', 'value': 0.5}], seed=6),
        ],
        'adam': [
            run_case(O.Adam, 'plain', {'lr': 0.01}, [{}, {'lr': 0.001, 'betas': (0.8, 0.99)}], seed=11),
            run_case(O.Adam, 'amsgrad', {'lr': 0.01, 'amsgrad': True}, [{}, {'amsgrad': False, 'eps': 1e-3}],
                     seed=12),
            run_case(O.Adam, 'weight_decay_maximize', {'lr': 0.01, 'weight_decay': 0.1, 'maximize': True},
                     [{}, {'weight_decay': 0.0, 'amsgrad': True}], seed=13),
            run_case(O.Adam, 'all', {'lr': 0.005, 'betas': (0.5, 0.9), 'eps': 1e-6, 'weight_decay': 0.02,
                                     'amsgrad': True, 'maximize': True}, [{}, {'lr': 0.02}], seed=14),
            run_case(O.Adam, 'lr_and_betas_change', {'lr': 0.01}, [{}, {}],
                     lr_change + [{'step': 7, 'group': 1, 'key': 'betas', 'value': [0.95, 0.999]}], seed=15),
            adam_decoupled('decoupled_weight_decay', {'lr': 0.01, 'weight_decay': 0.1},
                           [{}, {'weight_decay': 0.3, 'amsgrad': True}], seed=16),
        ],
        'adamw': [
            run_case(O.AdamW, 'plain', {'lr': 0.01}, [{}, {'lr': 0.001, 'betas': (0.8, 0.99)}], seed=21),
            run_case(O.AdamW, 'amsgrad', {'lr': 0.01, 'amsgrad': True, 'weight_decay': 0.1},
                     [{}, {'amsgrad': False, 'eps': 1e-3, 'weight_decay': 0.0}], seed=22),
            run_case(O.AdamW, 'maximize', {'lr': 0.01, 'weight_decay': 0.05, 'maximize': True},
                     [{}, {'maximize': False, 'amsgrad': True}], seed=23),
            run_case(O.AdamW, 'lr_change', {'lr': 0.01, 'weight_decay': 0.5}, [{}, {'lr': 0.02}], lr_change,
                     seed=24),
        ],
        'rmsprop': [
            run_case(O.RMSprop, 'plain', {'lr': 0.01}, [{}, {'lr': 0.001, 'alpha': 0.9}], seed=31),
            run_case(O.RMSprop, 'momentum', {'lr': 0.01, 'momentum': 0.9}, [{}, {'momentum': 0.0, 'eps': 1e-4}],
                     seed=32),
            run_case(O.RMSprop, 'centered', {'lr': 0.01, 'centered': True}, [{}, {'momentum': 0.5}], seed=33),
            run_case(O.RMSprop, 'weight_decay_maximize', {'lr': 0.01, 'weight_decay': 0.1, 'maximize': True},
                     [{}, {'centered': True, 'alpha': 0.95, 'maximize': False}], seed=34),
            run_case(O.RMSprop, 'lr_and_momentum_change', {'lr': 0.01, 'momentum': 0.9}, [{}, {}],
                     lr_change + [{'step': 5, 'group': 1, 'key': 'momentum', 'value': 0.5}], seed=35),
        ],
        'adagrad': [
            run_case(O.Adagrad, 'plain', {'lr': 0.1}, [{}, {'lr': 0.05}], seed=41),
            run_case(O.Adagrad, 'lr_decay', {'lr': 0.1, 'lr_decay': 0.01}, [{}, {'lr_decay': 0.1}], seed=42),
            # PyTorch initialises every 'sum' from the CONSTRUCTOR's initial_accumulator_value, so the
            # group-1 override (0.0) has no effect on the numbers: TrainKit copies that.
            run_case(O.Adagrad, 'weight_decay_initial_accumulator',
                     {'lr': 0.1, 'weight_decay': 0.1, 'initial_accumulator_value': 0.5},
                     [{}, {'initial_accumulator_value': 0.0, 'eps': 1e-5}], seed=43),
            run_case(O.Adagrad, 'maximize', {'lr': 0.1, 'maximize': True}, [{}, {'maximize': False}], seed=44),
            run_case(O.Adagrad, 'lr_change', {'lr': 0.1}, [{}, {}], lr_change, seed=45),
        ],
    }


def clip_cases():
    from torch.nn.utils import clip_grad_norm_, clip_grad_value_
    out = []
    g = torch.Generator().manual_seed(99)
    for dtype in (torch.float32, torch.float64):
        for norm_type in (2.0, 1.0, 3.0, 0.5, float('inf')):
            for max_norm in (0.5, 100.0):
                grads = [r4(torch.randn(s, generator=g, dtype=torch.float64) * 2) for s in SHAPES]
                params = [torch.zeros(s, dtype=dtype, requires_grad=True) for s in SHAPES]
                for p, gr in zip(params, grads):
                    p.grad = torch.tensor(gr, dtype=dtype).reshape(p.shape)
                total = clip_grad_norm_(params, max_norm, norm_type=norm_type)
                out.append({'kind': 'norm', 'dtype': str(dtype).replace('torch.', ''),
                            'norm_type': 'inf' if math.isinf(norm_type) else norm_type, 'max_norm': max_norm,
                            'shapes': SHAPES, 'grads': grads, 'total_norm': float('%.12g' % float(total)),
                            'clipped': [sig(p.grad) for p in params]})
    for clip_value in (0.3, 1.5):
        grads = [r4(torch.randn(s, generator=g, dtype=torch.float64) * 2) for s in SHAPES]
        params = [torch.zeros(s, dtype=torch.float32, requires_grad=True) for s in SHAPES]
        for p, gr in zip(params, grads):
            p.grad = torch.tensor(gr, dtype=torch.float32).reshape(p.shape)
        clip_grad_value_(params, clip_value)
        out.append({'kind': 'value', 'dtype': 'float32', 'clip_value': clip_value, 'shapes': SHAPES,
                    'grads': grads, 'clipped': [sig(p.grad) for p in params]})
    return out


# Options PyTorch 2.x added to optimizers 1.13 already has, with their 2.x defaults
# (pytorch/pytorch v2.8 torch/optim/nadam.py, radam.py: decoupled_weight_decay=False, *, maximize=False).
# Adam: PyTorch 2.7+ torch/optim/adam.py, `*, ..., decoupled_weight_decay: bool = False`.
ADDED_IN_2X = {'Adam': {'decoupled_weight_decay': False},
               'NAdam': {'decoupled_weight_decay': False, 'maximize': False},
               'RAdam': {'decoupled_weight_decay': False, 'maximize': False}}


def defaults():
    """Each optimizer's defaults as PyTorch 1.13 reports them (plus ADDED_IN_2X); SGD's lr is
    'required' there (null)."""
    out = {}
    for name in ('SGD', 'Adam', 'SparseAdam', 'AdamW', 'RMSprop', 'Adagrad', 'NAdam', 'RAdam', 'Adamax', 'Adadelta', 'ASGD',
                 'Rprop', 'LBFGS', 'Lion', 'Lamb', 'Lars', 'Adafactor'):
        # timm's optimizers and PyTorch 2.x's Adafactor: reference classes written from their sources
        from gen_optimizers_more import REFERENCES_2X
        from gen_optimizers_timm import REFERENCES
        cls = REFERENCES[name][0] if name in REFERENCES else REFERENCES_2X.get(name) or getattr(torch.optim, name)
        kw = {'lr': 0.1} if name == 'SGD' else {}
        d = cls([torch.zeros(1, requires_grad=True)], **kw).defaults
        d = {k: v for k, v in d.items() if k not in ('foreach', 'differentiable', 'capturable', 'fused')}
        d.update(ADDED_IN_2X.get(name, {}))
        if name == 'LBFGS':
            d['max_eval'] = None  # the signature's default; the constructor then stores max_iter * 5 // 4
        if name == 'SGD':
            d['lr'] = None  # torch.optim.optimizer.required in 1.13; PyTorch 2.x: 1e-3
        out[name] = jsonable(d)
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {'generator': 'tools/golden/gen_optimizers.py', 'torch': torch.__version__}
    for name, cs in cases().items():
        with open(os.path.join(OUT, name + '.json'), 'w') as f:
            json.dump({'meta': meta, 'cases': cs}, f, separators=(',', ':'))
    with open(os.path.join(OUT, 'defaults.json'), 'w') as f:
        json.dump({'meta': meta, 'defaults': defaults()}, f, separators=(',', ':'))
    with open(os.path.join(OUT, 'clip.json'), 'w') as f:
        json.dump({'meta': meta, 'cases': clip_cases()}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
