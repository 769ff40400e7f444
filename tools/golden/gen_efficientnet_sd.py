#!/usr/bin/python3
"""Writes torchvision 0.14's per-block stochastic depth probabilities of EfficientNet builders.

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_efficientnet_sd.py
Writes trainkit-core/src/test/resources/golden/zoo/efficientnet_sd.txt: one line per StochasticDepth module,
"<spec> <module name> <p> <mode>", in named_modules order. EfficientNetTest compares them.
"""
import os
import sys

import torch
from torchvision.ops import StochasticDepth

sys.path.insert(0, os.path.dirname(__file__))
from zoo_models import build  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "zoo",
                   "efficientnet_sd.txt")
CASES = [("efficientnet_b0", {}), ("efficientnet_b3", {"stochastic_depth_prob": 0.5}),
         ("efficientnet_v2_s", {"stochastic_depth_prob": 0.3})]


def main():
    lines = []
    for name, kwargs in CASES:
        torch.manual_seed(0)
        model = build(name, **kwargs)
        spec = name + "(" + ", ".join(f"{k}={v!r}" for k, v in kwargs.items()) + ")"
        for mname, m in model.named_modules():
            if isinstance(m, StochasticDepth):
                lines.append(f"{spec} {mname} {m.p!r} {m.mode}")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")
    print(len(lines), "lines")


if __name__ == "__main__":
    main()
