#!/usr/bin/python3
"""Goldens for `trainkit optim`: PyTorch 1.13 running the same loop as the command.

Run:  /usr/bin/python3 tools/golden/gen_optim_cli.py
Writes trainkit-core/src/test/resources/golden/optim/cli/trajectories.json.

The loop (one parameter tensor xy = [x, y]): for each step, zero_grad, f = function(xy),
backward, optimizer.step() (LBFGS: loss = optimizer.step(closure), the closure doing those
three), then scheduler.step(). "loss" is f before step i, "params" is [x, y] after step i.
Functions: rosenbrock f = (1 - x)^2 + 100 (y - x^2)^2 (PyTorch's test_optim uses it), and
quadratic f = x^2 + y^2.
"""
import json
import os

import torch
from torch.optim import lr_scheduler as S

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'trainkit-core', 'src', 'test', 'resources', 'golden', 'optim', 'cli')


def rosenbrock(xy):
    x, y = xy[0], xy[1]
    return (1 - x) ** 2 + 100 * (y - x ** 2) ** 2


def quadratic(xy):
    return xy[0] ** 2 + xy[1] ** 2


def run(spec, make_opt, function, init, steps, dtype, scheduler=None, make_sched=None):
    fn = {'rosenbrock': rosenbrock, 'quadratic': quadratic}[function]
    xy = torch.tensor(init, dtype=torch.float64).to(dtype).requires_grad_()
    opt = make_opt([xy])
    sched = make_sched(opt) if make_sched else None
    losses, params = [], []
    for _ in range(steps):
        if isinstance(opt, torch.optim.LBFGS):
            def closure():
                opt.zero_grad()
                f = fn(xy)
                f.backward()
                return f
            losses.append(float(opt.step(closure)))
        else:
            opt.zero_grad()
            f = fn(xy)
            f.backward()
            losses.append(float(f))
            opt.step()
        if sched:
            sched.step()
        params.append([float(v) for v in xy.detach().double()])
    return {'optimizer': spec, 'function': function, 'init': init, 'steps': steps,
            'dtype': str(dtype).replace('torch.', ''), 'scheduler': scheduler, 'loss': losses, 'params': params}


def cases():
    O = torch.optim
    f32, f64 = torch.float32, torch.float64
    return [
        run('Adam(lr=0.1)', lambda p: O.Adam(p, lr=0.1), 'rosenbrock', [-1.5, 2.0], 30, f32),
        run('Adam(lr=0.1)', lambda p: O.Adam(p, lr=0.1), 'rosenbrock', [-1.5, 2.0], 30, f64),
        run('SGD(lr=1e-3, momentum=0.9, nesterov=True)', lambda p: O.SGD(p, lr=1e-3, momentum=0.9, nesterov=True),
            'rosenbrock', [-1.5, 2.0], 30, f64),
        run('RAdam(lr=1e-3)', lambda p: O.RAdam(p, lr=1e-3, foreach=False), 'rosenbrock', [-1.5, 2.0], 25, f32),
        run('LBFGS()', lambda p: O.LBFGS(p), 'rosenbrock', [-1.5, 2.0], 4, f64),
        run("LBFGS(line_search_fn='strong_wolfe')", lambda p: O.LBFGS(p, line_search_fn='strong_wolfe'),
            'rosenbrock', [-1.5, 2.0], 4, f64),
        run("LBFGS(lr=0.5, history_size=3, line_search_fn='strong_wolfe')",
            lambda p: O.LBFGS(p, lr=0.5, history_size=3, line_search_fn='strong_wolfe'),
            'rosenbrock', [0.5, -0.5], 3, f32),
        run('Adam(lr=0.1)', lambda p: O.Adam(p, lr=0.1), 'rosenbrock', [-1.5, 2.0], 30, f64,
            'OneCycleLR(max_lr=0.1, total_steps=30)', lambda o: S.OneCycleLR(o, max_lr=0.1, total_steps=30)),
        run('Rprop(lr=0.01)', lambda p: O.Rprop(p, lr=0.01), 'quadratic', [1.0, -2.0], 20, f32),
        run('Adagrad(lr=0.5)', lambda p: O.Adagrad(p, lr=0.5), 'quadratic', [1.0, -2.0], 20, f64,
            'StepLR(step_size=5, gamma=0.5)', lambda o: S.StepLR(o, step_size=5, gamma=0.5)),
        run('ASGD(lr=0.05, t0=5)', lambda p: O.ASGD(p, lr=0.05, t0=5), 'quadratic', [1.0, -2.0], 15, f32),
    ]


def main():
    os.makedirs(OUT, exist_ok=True)
    meta = {'generator': 'tools/golden/gen_optim_cli.py', 'torch': torch.__version__}
    with open(os.path.join(OUT, 'trajectories.json'), 'w') as f:
        json.dump({'meta': meta, 'cases': cases()}, f, separators=(',', ':'))


if __name__ == '__main__':
    main()
