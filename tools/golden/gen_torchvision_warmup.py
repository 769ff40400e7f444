#!/usr/bin/python3
"""Generates trainkit-core/src/test/resources/golden/torchvision_warmup.json from real PyTorch.

Run with Debian's PyTorch:  /usr/bin/python3 tools/golden/gen_torchvision_warmup.py

Each case builds the learning-rate scheduler exactly as torchvision's classification reference
script (references/classification/train.py) does from its flags --lr-scheduler, --lr-step-size,
--lr-gamma, --epochs, --lr-warmup-epochs, --lr-warmup-method, --lr-warmup-decay, on an SGD
optimizer with --lr and momentum 0.9, and records the lr of every epoch (read before the
epoch's lr_scheduler.step(), as the script trains the epoch and then steps).
"""
import json
import os

import torch

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden",
                   "torchvision_warmup.json")


def build(opt, a):
    # the reference script's scheduler block, flag by flag
    name = a["lr_scheduler"].lower()
    if name == "steplr":
        main = torch.optim.lr_scheduler.StepLR(opt, step_size=a["lr_step_size"], gamma=a["lr_gamma"])
    elif name == "cosineannealinglr":
        main = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=a["epochs"] - a["lr_warmup_epochs"])
    elif name == "exponentiallr":
        main = torch.optim.lr_scheduler.ExponentialLR(opt, gamma=a["lr_gamma"])
    else:
        raise RuntimeError(name)
    if a["lr_warmup_epochs"] > 0:
        if a["lr_warmup_method"] == "linear":
            warm = torch.optim.lr_scheduler.LinearLR(opt, start_factor=a["lr_warmup_decay"],
                                                     total_iters=a["lr_warmup_epochs"])
        elif a["lr_warmup_method"] == "constant":
            warm = torch.optim.lr_scheduler.ConstantLR(opt, factor=a["lr_warmup_decay"],
                                                       total_iters=a["lr_warmup_epochs"])
        else:
            raise RuntimeError(a["lr_warmup_method"])
        return torch.optim.lr_scheduler.SequentialLR(opt, schedulers=[warm, main], milestones=[a["lr_warmup_epochs"]])
    return main


def case(**kw):
    a = dict(lr=0.1, epochs=12, lr_scheduler="steplr", lr_step_size=4, lr_gamma=0.1, lr_warmup_epochs=0,
             lr_warmup_method="constant", lr_warmup_decay=0.01)
    a.update(kw)
    p = torch.nn.Parameter(torch.zeros(2))
    opt = torch.optim.SGD([p], lr=a["lr"], momentum=0.9)
    s = build(opt, a)
    lrs = []
    for _ in range(a["epochs"]):
        lrs.append(opt.param_groups[0]["lr"])
        opt.step()
        s.step()
    a["lrs"] = lrs
    return a


def main():
    cases = [
        case(),
        case(lr_warmup_epochs=3),
        case(lr_warmup_epochs=3, lr_warmup_method="linear"),
        case(lr_scheduler="cosineannealinglr", epochs=15, lr_warmup_epochs=5, lr_warmup_method="linear"),
        case(lr_scheduler="cosineannealinglr", epochs=15, lr_warmup_epochs=5, lr_warmup_method="constant",
             lr_warmup_decay=0.1, lr=0.5),
        case(lr_scheduler="exponentiallr", lr_gamma=0.9, lr_warmup_epochs=2, lr_warmup_method="linear",
             lr_warmup_decay=0.25),
        case(lr_scheduler="StepLR", lr_step_size=2, lr_gamma=0.5, lr_warmup_epochs=4, lr_warmup_method="linear",
             lr_warmup_decay=0.001, lr=0.02),
        case(lr_scheduler="cosineannealinglr", epochs=8, lr_warmup_epochs=1, lr_warmup_method="linear"),
    ]
    with open(OUT, "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()
