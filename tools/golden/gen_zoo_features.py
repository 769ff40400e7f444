#!/usr/bin/python3
"""Writes the names, shapes and strides of TrainKit's feature stages as torchvision 0.14 gives them.

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_zoo_features.py
Writes trainkit-core/src/test/resources/golden/zoo/features.txt, one line per stage:
  "<spec>|<H>x<W>|<node>|<n,c,h,w>|<reduction>"
<spec> is the builder call both sides make (random init), <node> a module path of
zoo_models.FEATURE_NODES, <n,c,h,w> the shape of the torchvision module's output (create_feature_extractor's for that node) for
a [1, 3, H, W] input (Swin permuted to NCHW, ViT tokens without the class token on the patch
grid, as TrainKit's Features gives them), and <reduction> the stage's nominal stride:
2^round(log2(S / h)) for the shape h at the family's standard size S (224, inception_v3 299, the
ViT's image_size), which is S / h where the convolutions are padded. FeaturesGoldenTest compares.
"""
import math
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(__file__))
from zoo_models import FEATURE_NODES, build, feature_maps  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden",
                   "zoo", "features.txt")
# Constructor kwargs: skip the slow init where the builder allows it; ViTs at a small image_size.
KWARGS = {"vgg11": {"init_weights": False}, "vgg11_bn": {"init_weights": False},
          "inception_v3": {"init_weights": False}, "googlenet": {"init_weights": False},
          "vit_b_32": {"image_size": 64}}
# Test input (height, width): non-square; inception_v3 needs 75 or more; a ViT exactly its image_size.
INPUT = {"inception_v3": (80, 96), "vit_b_32": (64, 64)}
STANDARD = {"inception_v3": 299, "vit_b_32": 64}


def spec(name, kwargs):
    args = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    return f"{name}({args})" if args else name


def main():
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    lines = []
    for name in FEATURE_NODES:
        kwargs = KWARGS.get(name, {})
        torch.manual_seed(0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            model = build(name, **kwargs).eval()
        h, w = INPUT.get(name, (64, 80))
        s = STANDARD.get(name, 224)
        with torch.no_grad():
            small = feature_maps(name, model, torch.randn(1, 3, h, w))
            standard = feature_maps(name, model, torch.randn(1, 3, s, s))
        for node, t in small.items():
            reduction = 2 ** round(math.log2(s / standard[node].shape[2]))
            lines.append(f"{spec(name, kwargs)}|{h}x{w}|{node}|{','.join(map(str, t.shape))}|{reduction}")
        print(name, len(small), "stages", flush=True)
    with open(OUT + ".tmp", "w") as f:
        f.write("\n".join(lines) + "\n")
    os.replace(OUT + ".tmp", OUT)


if __name__ == "__main__":
    main()
