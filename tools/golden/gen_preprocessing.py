#!/usr/bin/python3
"""Golden values for ImagePreprocessing (a run's recorded eval preprocessing), from torchvision.

Run with Debian's python (PyTorch 1.13, torchvision 0.14):
    /usr/bin/python3 tools/golden/gen_preprocessing.py
Writes trainkit-core/src/test/resources/golden/data/preprocessing.json: one uint8 CHW input and, per case, the
recorded preprocessing (as TrainKit's model.json writes it) with torchvision's output for it:
[rgb_to_grayscale] -> resize(antialias=True) -> [center_crop] -> convert_image_dtype(float) -> [normalize].
"""
import json
import os

import numpy as np
import torch
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "trainkit-core", "src", "test", "resources", "golden", "data")


def arr(t):
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "data": t.flatten().double().tolist()}


def apply(img, p):
    if p["grayscale"]:
        img = F.rgb_to_grayscale(img, p["channels"])
    mode = {"bilinear": InterpolationMode.BILINEAR, "bicubic": InterpolationMode.BICUBIC,
            "nearest": InterpolationMode.NEAREST}[p["interpolation"]]
    img = F.resize(img, p["resize_size"], interpolation=mode, antialias=p["antialias"])
    if p["crop_size"] is not None:
        img = F.center_crop(img, [p["crop_size"]])
    img = F.convert_image_dtype(img, torch.float32)
    if p["mean"] is not None:
        img = F.normalize(img, p["mean"], p["std"])
    return img


def main():
    rng = np.random.RandomState(4321)
    u8 = torch.from_numpy(rng.randint(0, 256, size=(3, 11, 13)).astype(np.uint8))
    imagenet = ([0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    cases = {
        "resize_8x12_imagenet": dict(resize_size=[8, 12], crop_size=None, interpolation="bilinear", antialias=True,
                                     mean=imagenet[0], std=imagenet[1], channels=3, grayscale=False),
        "short10_crop8_bicubic": dict(resize_size=[10], crop_size=8, interpolation="bicubic", antialias=True,
                                      mean=[0.5, 0.4, 0.3], std=[0.2, 0.25, 0.3], channels=3, grayscale=False),
        "gray1_6x6_plain": dict(resize_size=[6, 6], crop_size=None, interpolation="bilinear", antialias=True,
                                mean=None, std=None, channels=1, grayscale=True),
        "gray3_7x5_nearest": dict(resize_size=[7, 5], crop_size=None, interpolation="nearest", antialias=False,
                                  mean=[0.5], std=[0.5], channels=3, grayscale=True),
    }
    out = {"input_u8": arr(u8), "cases": {}}
    for name, p in cases.items():
        out["cases"][name] = {"preprocessing": p, "output": arr(apply(u8.clone(), p))}
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "preprocessing.json"), "w") as f:
        json.dump(out, f)
    print("wrote", os.path.join(OUT, "preprocessing.json"))


if __name__ == "__main__":
    main()
