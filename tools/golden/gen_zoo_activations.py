#!/usr/bin/python3
"""Writes which torchvision 0.14 modules overwrite their input: one builder per model family.

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_zoo_activations.py
Writes trainkit-core/src/test/resources/golden/zoo/activations.txt: for each builder, one line
per module that has PyTorch's `inplace` flag (ReLU, ReLU6, SiLU, Hardswish, Hardsigmoid,
LeakyReLU, Dropout, Dropout2d), in named_modules order: "<model> <module name> <class> <inplace>".
ZooActivationsTest compares TrainKit's models to it; reprs do not show Hardswish's flag.
"""
import os
import sys

sys.path.insert(0, os.path.dirname(__file__))
from zoo_models import build  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "zoo",
                   "activations.txt")
# one builder per family (the others share its modules)
FAMILIES = ["resnet18", "resnext50_32x4d", "alexnet", "vgg11_bn", "squeezenet1_1", "densenet121", "inception_v3",
            "googlenet", "shufflenet_v2_x0_5", "mobilenet_v2", "mobilenet_v3_large", "mobilenet_v3_small",
            "mnasnet0_5", "efficientnet_b0", "efficientnet_v2_s", "convnext_tiny", "regnet_y_400mf",
            "regnet_x_400mf", "swin_t", "vit_b_32"]


def main():
    lines = []
    for name in FAMILIES:
        kwargs = {"aux_logits": False} if name in ("inception_v3", "googlenet") else {}
        model = build(name, **kwargs)
        n = 0
        for mod_name, m in model.named_modules():
            if hasattr(m, "inplace"):
                lines.append(f"{name} {mod_name} {type(m).__name__} {m.inplace}")
                n += 1
        print(name, n, "modules")
    with open(OUT, "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
