#!/usr/bin/python3
"""Conv/linear MACs of torchvision's resnet18 from forward hooks (the check of FlopCounterTest).

Each Conv2d output element costs in_channels/groups * kh * kw MACs, each Linear output element
in_features MACs. Prints {"112_10": macs, "224_1000": macs}. Run: /usr/bin/python3 tools/bench/resnet18_macs.py
"""
import json

import torch
import torchvision


def macs(model, size):
    total = [0]

    def hook(m, inp, out):
        total[0] += out.numel() * (m.weight.numel() // m.weight.shape[0])

    for m in model.modules():
        if isinstance(m, (torch.nn.Conv2d, torch.nn.Linear)):
            m.register_forward_hook(hook)
    model.eval()
    with torch.no_grad():
        model(torch.randn(1, 3, size, size))
    return total[0]


print(json.dumps({"112_10": macs(torchvision.models.resnet18(num_classes=10), 112),
                  "224_1000": macs(torchvision.models.resnet18(), 224)}))
