#!/usr/bin/python3
"""Generates the CPU autocast op-policy golden for TrainKit's Java tests (dev.trainkit.amp.AutocastPolicyTest).

Run with Debian's PyTorch (1.13):  /usr/bin/python3 tools/golden/gen_autocast.py
Writes trainkit-core/src/test/resources/golden/amp/autocast_cpu_bf16.json.

For each op (as a user calls it: torch.* / torch.nn.functional.*), the output dtype under
torch.autocast('cpu', torch.bfloat16) with (a) float32 inputs and (b) bfloat16 inputs, and
without autocast for float32 inputs. 1.13's CPU autocast supports only bfloat16. Integer inputs
(class targets) stay int64. Shapes are small and fixed; values are irrelevant (only dtypes).
"""
import json
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'trainkit-core', 'src', 'test', 'resources', 'golden', 'amp')


def inputs(dt):
    g = torch.Generator().manual_seed(0)
    r = lambda *s: torch.randn(*s, generator=g).to(dt)
    return {
        'a': r(4, 8), 'b': r(8, 3), 'c': r(4, 3), 'w': r(3, 8), 'bias': r(3),
        'a3': r(2, 4, 8), 'b3': r(2, 8, 3), 'c3': r(2, 4, 3),
        'x1': r(2, 3, 10), 'w1': r(4, 3, 3),
        'x4': r(2, 3, 8, 8), 'w4': r(4, 3, 3, 3), 'b4': r(4), 'wt4': r(3, 4, 3, 3),
        'ch': r(3), 'logits': r(4, 5), 'probs': torch.rand(4, 8, generator=g).to(dt),
        'target': torch.tensor([0, 3, 1, 4]),
    }


OPS = {
    'matmul': lambda t: torch.matmul(t['a'], t['b']),
    'mm': lambda t: torch.mm(t['a'], t['b']),
    'bmm': lambda t: torch.bmm(t['a3'], t['b3']),
    'addmm': lambda t: torch.addmm(t['c'], t['a'], t['b']),
    'baddbmm': lambda t: torch.baddbmm(t['c3'], t['a3'], t['b3']),
    'linear': lambda t: F.linear(t['a'], t['w'], t['bias']),
    'conv1d': lambda t: F.conv1d(t['x1'], t['w1']),
    'conv2d': lambda t: F.conv2d(t['x4'], t['w4'], t['b4'], padding=1),
    'conv_transpose2d': lambda t: F.conv_transpose2d(t['x4'], t['wt4']),
    'relu': lambda t: F.relu(t['a']),
    'gelu': lambda t: F.gelu(t['a']),
    'sigmoid': lambda t: torch.sigmoid(t['a']),
    'tanh': lambda t: torch.tanh(t['a']),
    'exp': lambda t: torch.exp(t['a']),
    'softmax': lambda t: F.softmax(t['a'], dim=-1),
    'log_softmax': lambda t: F.log_softmax(t['a'], dim=-1),
    'sum': lambda t: t['a'].sum(),
    'mean': lambda t: t['a'].mean(),
    'prod': lambda t: t['a'].prod(),
    'add': lambda t: t['a'] + t['a'],
    'mul': lambda t: t['a'] * t['a'],
    'mse_loss': lambda t: F.mse_loss(t['a'], t['probs']),
    'l1_loss': lambda t: F.l1_loss(t['a'], t['probs']),
    'smooth_l1_loss': lambda t: F.smooth_l1_loss(t['a'], t['probs']),
    'huber_loss': lambda t: F.huber_loss(t['a'], t['probs']),
    'cross_entropy': lambda t: F.cross_entropy(t['logits'], t['target']),
    'nll_loss': lambda t: F.nll_loss(t['logits'], t['target']),
    'binary_cross_entropy_with_logits': lambda t: F.binary_cross_entropy_with_logits(t['a'], t['probs']),
    'kl_div': lambda t: F.kl_div(t['a'], t['probs'], reduction='batchmean'),
    'layer_norm': lambda t: F.layer_norm(t['a'], [8]),
    'batch_norm': lambda t: F.batch_norm(t['x4'], None, None, t['ch'], t['ch'], training=True),
    'group_norm': lambda t: F.group_norm(t['x4'], 1),
    'max_pool2d': lambda t: F.max_pool2d(t['x4'], 2),
    'avg_pool2d': lambda t: F.avg_pool2d(t['x4'], 2),
    'adaptive_avg_pool2d': lambda t: F.adaptive_avg_pool2d(t['x4'], 1),
}


def name(dtype):
    return str(dtype).replace('torch.', '')


def main():
    f32, b16 = inputs(torch.float32), inputs(torch.bfloat16)
    ops = {}
    for op, fn in OPS.items():
        row = {'no_autocast_fp32_in': name(fn(f32).dtype)}
        with torch.autocast('cpu', torch.bfloat16):
            row['fp32_in'] = name(fn(f32).dtype)
            try:
                row['bf16_in'] = name(fn(b16).dtype)
            except RuntimeError as e:  # an op without a bf16 CPU kernel in 1.13
                row['bf16_in'] = 'error: ' + str(e).splitlines()[0]
        ops[op] = row
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, 'autocast_cpu_bf16.json')
    with open(path + '.tmp', 'w') as f:
        json.dump({'torch': torch.__version__, 'device': 'cpu', 'dtype': 'bfloat16', 'ops': ops}, f, indent=1)
    os.replace(path + '.tmp', path)
    print('wrote', path)


if __name__ == '__main__':
    main()
