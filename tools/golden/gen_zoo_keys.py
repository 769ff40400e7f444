#!/usr/bin/python3
"""Writes torchvision 0.14's state_dict keys and shapes for every zoo builder.

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_zoo_keys.py
Writes trainkit-core/src/test/resources/golden/zoo/keys/<model>.txt: one line per state_dict entry, in
state_dict order, "<key> <dtype> <d0,d1,...>" (an empty shape for scalars), default
constructor arguments (num_classes=1000); models.txt lists the builders. ModelKeysTest compares TrainKit's models to them.
"""
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from zoo_models import MODELS, build  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "zoo", "keys")


def main():
    os.makedirs(OUT, exist_ok=True)
    names = sys.argv[1:] or MODELS
    with open(os.path.join(OUT, "models.txt"), "w") as f:
        f.write("\n".join(MODELS) + "\n")
    for name in names:
        torch.manual_seed(0)
        model = build(name)
        lines = []
        for k, v in model.state_dict().items():
            dt = str(v.dtype).replace("torch.", "")
            lines.append(f"{k} {dt} {','.join(str(d) for d in v.shape)}")
        with open(os.path.join(OUT, name + ".txt"), "w") as f:
            f.write("\n".join(lines) + "\n")
        print(name, len(lines), "entries", sum(p.numel() for p in model.parameters()), "params")


if __name__ == "__main__":
    main()
