#!/usr/bin/python3
"""Golden values for TrainKit's uint8 image pipeline (ImagePipeline, Uint8Collate, native uint8 resize).

Run with Debian's python (PyTorch 1.13, torchvision 0.14):
    /usr/bin/python3 tools/golden/gen_uint8_pipeline.py
Writes trainkit-core/src/test/resources/golden/data/uint8_pipeline.png (a 40x56 RGB test image) and
uint8_pipeline.json: torchvision's PIL path (what ImageFolder's default loader feeds the transforms)
and its tensor path on the same pixels, for explicit crop parameters (no RNG):
  - resized_crop bilinear/bicubic to 16x16 (downscale) and bilinear to 36x36 (upscale),
  - the eval preset Resize(18) + CenterCrop(16),
  - ToTensor + Normalize(ImageNet) of the bilinear crop (the float values the batch part must give).
"""
import json
import os

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "trainkit-core", "src", "test", "resources", "golden", "data")
MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
BL = F.InterpolationMode.BILINEAR
BC = F.InterpolationMode.BICUBIC


def hwc(pil):
    a = np.asarray(pil, dtype=np.uint8)
    return {"shape": list(a.shape), "data": a.flatten().tolist()}


def chw(t):
    data = t.flatten().tolist() if t.dtype == torch.uint8 else [float("%.8g" % v) for v in t.flatten().tolist()]
    return {"shape": list(t.shape), "data": data}


def main():
    rng = np.random.RandomState(7)
    h, w = 40, 56
    y, x = np.mgrid[0:h, 0:w].astype(np.float64)
    img = np.stack([x / w * 255, np.sin(y / 4) * 100 + 128, (x + y) % 37 * 6], axis=-1) + rng.normal(0, 20, (h, w, 3))
    pil = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    os.makedirs(OUT, exist_ok=True)
    pil.save(os.path.join(OUT, "uint8_pipeline.png"))
    pil = Image.open(os.path.join(OUT, "uint8_pipeline.png")).convert("RGB")  # what ImageFolder's loader gives
    t = torch.from_numpy(np.asarray(pil).copy()).permute(2, 0, 1).contiguous()
    crop = dict(top=3, left=5, height=30, width=41)
    cases = {}
    for name, size, mode in (("rrc_bilinear_16", [16, 16], BL), ("rrc_bicubic_16", [16, 16], BC),
                             ("rrc_bilinear_up_36", [36, 36], BL)):
        cases[name] = {"pil": hwc(F.resized_crop(pil, size=size, interpolation=mode, **crop)),
                       "tensor": chw(F.resized_crop(t, size=size, interpolation=mode, antialias=True, **crop))}
    cases["eval_resize18_crop16"] = {"pil": hwc(F.center_crop(F.resize(pil, 18, BL), 16)),
                                     "tensor": chw(F.center_crop(F.resize(t, 18, BL, antialias=True), 16))}
    normalized = F.normalize(F.to_tensor(F.resized_crop(pil, size=[16, 16], interpolation=BL, **crop)), MEAN, STD)
    out = {"generator": "tools/golden/gen_uint8_pipeline.py", "torch": torch.__version__,
           "torchvision": torchvision.__version__, "crop": [crop["top"], crop["left"], crop["height"], crop["width"]],
           "mean": MEAN, "std": STD, "cases": cases, "rrc_bilinear_16_normalized": chw(normalized)}
    with open(os.path.join(OUT, "uint8_pipeline.json"), "w") as f:
        json.dump(out, f)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
