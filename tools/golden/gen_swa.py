#!/usr/bin/python3
"""Goldens for dev.trainkit.optim.swa: torch.optim.swa_utils.AveragedModel and update_bn (PyTorch
1.13), torchvision's reference ExponentialMovingAverage and its decay adjustment.

    /usr/bin/python3 tools/golden/gen_swa.py

The model is Sequential(Linear(4, 6), BatchNorm1d(6), ReLU(), Linear(6, 3)). A list of random
state dicts ("snapshots", as if taken during training) is loaded into the model one after the
other; after each, the averaged model's update_parameters(model) runs and its whole state dict
is recorded. Tensors are stored as {"shape": [...], "dtype": "float32"|"int64", "data": [...]}.
"""
import json
import os

import torch
from torch import nn
from torch.optim.swa_utils import AveragedModel, update_bn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "optim",
                   "swa.json")


class ExponentialMovingAverage(AveragedModel):
    # torchvision references/classification/utils.py
    def __init__(self, model, decay, device="cpu"):
        def ema_avg(avg_model_param, model_param, num_averaged):
            return decay * avg_model_param + (1 - decay) * model_param

        super().__init__(model, device, ema_avg, use_buffers=True)


def reference_decay(model_ema_decay, world_size, batch_size, model_ema_steps, epochs):
    # torchvision references/classification/train.py
    adjust = world_size * batch_size * model_ema_steps / epochs
    alpha = 1.0 - model_ema_decay
    alpha = min(1.0, alpha * adjust)
    return 1.0 - alpha


def model():
    return nn.Sequential(nn.Linear(4, 6), nn.BatchNorm1d(6), nn.ReLU(), nn.Linear(6, 3))


def enc(t):
    t = t.detach()
    return {"shape": list(t.shape), "dtype": "int64" if t.dtype == torch.int64 else "float32",
            "data": t.reshape(-1).tolist()}


def enc_sd(sd):
    return {k: enc(v) for k, v in sd.items()}


def snapshots(g, n):
    out = []
    base = model()
    for i in range(n):
        sd = {}
        for k, v in base.state_dict().items():
            if k.endswith("num_batches_tracked"):
                sd[k] = torch.tensor(3 + 4 * i, dtype=torch.int64)
            elif k.endswith("running_var"):
                sd[k] = torch.rand(v.shape, generator=g) + 0.5
            else:
                sd[k] = torch.randn(v.shape, generator=g)
        out.append(sd)
    return out


def run_average(name, make, snaps):
    m = model()
    m.load_state_dict(snaps[0])
    avg = make(m)
    steps = []
    for sd in snaps:
        m.load_state_dict(sd)
        avg.update_parameters(m)
        steps.append(enc_sd(avg.state_dict()))
    return {"name": name, "states": steps}


def main():
    g = torch.Generator().manual_seed(7)
    snaps = snapshots(g, 4)
    averages = [
        run_average("equal", lambda m: AveragedModel(m), snaps),
        run_average("equal_use_buffers", lambda m: AveragedModel(m, use_buffers=True), snaps),
        run_average("torchvision_ema_0.9", lambda m: ExponentialMovingAverage(m, 0.9), snaps),
    ]
    # update_bn: the model at the last snapshot, momentum 0.1, three batches of inputs
    m = model()
    m.load_state_dict(snaps[-1])
    m.eval()
    batches = [torch.randn(5, 4, generator=g), torch.randn(5, 4, generator=g), torch.randn(3, 4, generator=g)]
    update_bn(batches, m)
    bn = {"batches": [enc(b) for b in batches], "state": enc_sd(m.state_dict()), "momentum": m[1].momentum,
          "training": m.training}
    decays = []
    for args in [(0.99998, 1, 32, 32, 600), (0.99998, 8, 128, 32, 90), (0.9, 1, 32, 32, 10), (0.999, 2, 16, 4, 100)]:
        decays.append({"args": list(args), "decay": reference_decay(*args)})
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "snapshots": [enc_sd(s) for s in snaps], "averages": averages,
                   "update_bn": bn, "reference_decay": decays}, f, separators=(",", ":"))
    print("wrote", OUT, os.path.getsize(OUT), "bytes")


if __name__ == "__main__":
    main()
