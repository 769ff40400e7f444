#!/usr/bin/python3
"""Generates the GradScaler goldens for TrainKit's Java tests (dev.trainkit.amp.GradScalerTest).

Run with Debian's PyTorch (1.13):  /usr/bin/python3 tools/golden/gen_grad_scaler.py
Writes trainkit-core/src/test/resources/golden/amp/grad_scaler.json.

PyTorch 1.13's GradScaler (torch.cuda.amp.GradScaler) is CUDA-only: its two kernels
torch._amp_update_scale_ and torch._amp_foreach_non_finite_check_and_unscale_ have no CPU
implementation in 1.13 ("Could not run 'aten::_amp_update_scale_' with arguments from the 'CPU'
backend"). PyTorch 2.x added CPU kernels (aten/src/ATen/native/cpu/AmpGradScalerKernels.cpp).
So this script runs the REAL 1.13 GradScaler Python code (scale/unscale_/step/update/state_dict,
the per-optimizer READY/UNSCALED/STEPPED logic) on CPU with three CUDA-only pieces replaced:
  * the two kernels, by the line-by-line Python transcriptions below of the 2.x CPU kernels
    (same algorithm as 1.13's CUDA kernels in aten/src/ATen/native/cuda/AmpKernels.cu:
    check the input for inf/NaN, multiply by inv_scale unless it is 1; on found_inf
    scale *= backoff and tracker = 0, else tracker += 1 and at growth_interval
    scale *= growth (kept only if still finite in float32) and tracker = 0),
  * the "is_cuda" assertions in scale() and _MultiDeviceReplicator,
  * the constructor's "CUDA is not available. Disabling." switch.
Each scenario trains a float32 Linear(3, 2) with SGD(momentum) on fixed data, injecting inf or NaN
into one gradient element at chosen steps, and records per step: whether the optimizer stepped,
the scaler's state_dict after update(), and the parameters.
"""
import json
import math
import os

import torch
import torch.cuda.amp.grad_scaler as gs

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'trainkit-core', 'src', 'test', 'resources', 'golden', 'amp')


# ---- transcriptions of the kernels (PyTorch 2.x AmpGradScalerKernels.cpp, CPU) ----

def amp_foreach_non_finite_check_and_unscale_(grads, found_inf, inv_scale):
    inv = float(inv_scale.item())
    for g in grads:
        if not bool(torch.isfinite(g).all()):   # checks the input, before scaling
            found_inf.fill_(1.0)
        if inv != 1.0:                          # "inv_scale_val == 1.f ? val : val * inv_scale_val"
            g.mul_(inv_scale)


def amp_update_scale_(current_scale, growth_tracker, found_inf, growth_factor, backoff_factor, growth_interval):
    s = float(current_scale.item())             # the float32 scale, exactly, as a double
    if float(found_inf.item()):
        current_scale.fill_(s * backoff_factor) # float * double -> double -> stored as float
        growth_tracker.fill_(0)
    else:
        successful = int(growth_tracker.item()) + 1
        if successful == growth_interval:
            new_scale = float(torch.tensor(s * growth_factor, dtype=torch.float32).item())
            if math.isfinite(new_scale):        # "Do not grow the scale past fp32 bounds to inf."
                current_scale.fill_(new_scale)
            growth_tracker.fill_(0)
        else:
            growth_tracker.fill_(successful)
    return current_scale


torch._amp_foreach_non_finite_check_and_unscale_ = amp_foreach_non_finite_check_and_unscale_
torch._amp_update_scale_ = amp_update_scale_


class CpuReplicator(gs._MultiDeviceReplicator):
    def __init__(self, master_tensor):  # without 1.13's "assert master_tensor.is_cuda"
        self.master = master_tensor
        self._per_device_tensors = {}


gs._MultiDeviceReplicator = CpuReplicator


class CpuGradScaler(gs.GradScaler):
    def __init__(self, init_scale, growth_factor, backoff_factor, growth_interval):
        # 1.13's constructor body for enabled=True, minus the CUDA availability switch
        self._enabled = True
        assert growth_factor > 1.0 and backoff_factor < 1.0
        self._init_scale = init_scale
        self._scale = None
        self._growth_factor = growth_factor
        self._backoff_factor = backoff_factor
        self._growth_interval = growth_interval
        self._init_growth_tracker = 0
        self._growth_tracker = None
        self._per_optimizer_states = gs.defaultdict(gs._refresh_per_optimizer_state)

    def scale(self, outputs):  # 1.13's tensor branch without "assert outputs.is_cuda"
        if self._scale is None:
            self._lazy_init_scale_growth_tracker(outputs.device)
        return outputs * self._scale.to(device=outputs.device, non_blocking=True)


# ---- scenarios ----

W0 = [[0.3, -0.2, 0.5], [-0.4, 0.1, 0.25]]
B0 = [0.05, -0.1]
X = [[0.5, -1.0, 2.0], [1.5, 0.25, -0.5], [-1.0, 0.75, 1.0], [0.2, -0.3, -1.2]]
Y = [[1.0, 0.0], [0.0, 1.0], [0.5, -0.5], [-1.0, 0.25]]


def run(name, init_scale, growth_factor, backoff_factor, growth_interval, steps, inject,
        micro_batches=1, clip=None, lr=0.05, momentum=0.9):
    torch.manual_seed(0)
    lin = torch.nn.Linear(3, 2)
    with torch.no_grad():
        lin.weight.copy_(torch.tensor(W0))
        lin.bias.copy_(torch.tensor(B0))
    opt = torch.optim.SGD(lin.parameters(), lr=lr, momentum=momentum)
    scaler = CpuGradScaler(init_scale, growth_factor, backoff_factor, growth_interval)
    x, y = torch.tensor(X), torch.tensor(Y)
    records = []
    for step in range(steps):
        opt.zero_grad()
        for mb in range(micro_batches):
            xs = x[mb::micro_batches]
            ys = y[mb::micro_batches]
            loss = torch.nn.functional.mse_loss(lin(xs), ys) / micro_batches
            scaler.scale(loss).backward()
        kind = inject.get(step)
        if kind is not None:
            with torch.no_grad():
                lin.weight.grad[0, 1] = float(kind)
        else:
            assert all(torch.isfinite(p.grad).all() for p in lin.parameters()), (name, step)
        scale_used = scaler.get_scale()
        if clip is not None:
            scaler.unscale_(opt)
            torch.nn.utils.clip_grad_norm_(lin.parameters(), clip)
        scaler.step(opt)
        found = sum(v.item() for v in scaler._per_optimizer_states[id(opt)]["found_inf_per_device"].values())
        scaler.update()
        records.append({
            "step": step,
            "inject": kind,
            "scale_used": scale_used,
            "stepped": found == 0,
            "state_dict": scaler.state_dict(),
            "weight": [float(v) for v in lin.weight.detach().flatten()],
            "bias": [float(v) for v in lin.bias.detach().flatten()],
        })
    return {
        "name": name, "init_scale": init_scale, "growth_factor": growth_factor,
        "backoff_factor": backoff_factor, "growth_interval": growth_interval,
        "micro_batches": micro_batches, "clip": clip, "lr": lr, "momentum": momentum,
        "w0": W0, "b0": B0, "x": X, "y": Y, "steps": records,
    }


def main():
    scenarios = [
        # growth after 3 clean steps, backoff on inf and NaN, growth tracker reset by a skip
        run("basic", 65536.0, 2.0, 0.5, 3, 14, {2: 'inf', 6: 'nan', 7: '-inf'}),
        # factors that are not powers of two: float32 rounding of the scale
        run("odd_factors", 1000.1, 1.7, 0.3, 2, 10, {3: 'inf', 8: 'nan'}),
        # growth would overflow float32: the scale stays (2.x kernel's isfinite guard)
        run("overflow_guard", 2.0 ** 126, 4.0, 0.25, 1, 6, {3: 'inf'}),
        # gradient accumulation: two scaled backward passes per optimizer step
        run("accumulation", 1024.0, 2.0, 0.5, 2, 8, {4: 'inf'}, micro_batches=2),
        # unscale_ then clip_grad_norm_ on the unscaled gradients, then step
        run("clip", 4096.0, 2.0, 0.5, 2, 8, {1: 'nan'}, clip=0.05),
    ]
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, 'grad_scaler.json')
    with open(path + '.tmp', 'w') as f:
        json.dump({"torch": torch.__version__, "scenarios": scenarios}, f, indent=1)
    os.replace(path + '.tmp', path)
    print('wrote', path)


if __name__ == '__main__':
    main()
