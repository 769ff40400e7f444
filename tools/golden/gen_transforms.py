#!/usr/bin/python3
"""Golden values for TrainKit's data and vision.transforms tests, from real torchvision.

Run with Debian's python (PyTorch 1.13, torchvision 0.14):
    /usr/bin/python3 tools/golden/gen_transforms.py
Writes trainkit-core/src/test/resources/golden/data/transforms.json and idx.json. Every transform is called
through torchvision.transforms.functional with explicit parameters, so no RNG is involved.
"""
import gzip
import json
import os
import shutil
import tempfile

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.datasets.mnist import read_image_file, read_label_file

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "trainkit-core", "src", "test", "resources", "golden", "data")
EMBEDDED = os.path.join(ROOT, "trainkit-core", "src", "main", "resources", "dev", "trainkit", "data", "fashion-mnist-subset")
FULL = "/usr/share/datasets/fashion-mnist"


def arr(t):
    t = torch.as_tensor(t)
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""),
            "data": t.flatten().double().tolist()}


def transforms_golden():
    rng = np.random.RandomState(1234)
    u8 = torch.from_numpy(rng.randint(0, 256, size=(3, 7, 9)).astype(np.uint8))  # CHW, like read_image
    f32 = u8.float() / 255.0
    cases = {}
    # Resize: shorter side and exact size, without and with antialias (torchvision >= 0.17 default)
    cases["resize_f32_short5_aa_false"] = F.resize(f32, [5], antialias=False)
    cases["resize_f32_short5_aa_true"] = F.resize(f32, [5], antialias=True)
    cases["resize_f32_10x12_aa_false"] = F.resize(f32, [10, 12], antialias=False)
    cases["resize_f32_10x12_aa_true"] = F.resize(f32, [10, 12], antialias=True)
    cases["resize_f32_4x3_aa_true"] = F.resize(f32, [4, 3], antialias=True)
    cases["resize_u8_short5_aa_true"] = F.resize(u8, [5], antialias=True)
    cases["resize_u8_short5_aa_false"] = F.resize(u8, [5], antialias=False)
    cases["resize_u8_short4_max6"] = F.resize(u8, [4], max_size=6, antialias=True)
    # Bicubic (EfficientNet's presets): ATen's upsample_bicubic2d and, antialiased, _upsample_bicubic2d_aa
    bicubic = F.InterpolationMode.BICUBIC
    cases["resize_f32_bicubic_short5_aa_false"] = F.resize(f32, [5], interpolation=bicubic, antialias=False)
    cases["resize_f32_bicubic_short5_aa_true"] = F.resize(f32, [5], interpolation=bicubic, antialias=True)
    cases["resize_f32_bicubic_10x12_aa_false"] = F.resize(f32, [10, 12], interpolation=bicubic, antialias=False)
    cases["resize_f32_bicubic_10x12_aa_true"] = F.resize(f32, [10, 12], interpolation=bicubic, antialias=True)
    cases["resize_u8_bicubic_short5_aa_true"] = F.resize(u8, [5], interpolation=bicubic, antialias=True)
    cases["resize_u8_bicubic_short5_aa_false"] = F.resize(u8, [5], interpolation=bicubic, antialias=False)
    cases["resize_u8_bicubic_12x14_aa_false"] = F.resize(u8, [12, 14], interpolation=bicubic, antialias=False)
    cases["resize_f32_nearest_5x4"] = F.resize(f32, [5, 4], interpolation=F.InterpolationMode.NEAREST)
    cases["center_crop_u8_4x5"] = F.center_crop(u8, [4, 5])
    cases["center_crop_u8_6x6"] = F.center_crop(u8, [6, 6])
    cases["center_crop_u8_9x11"] = F.center_crop(u8, [9, 11])  # larger than the image: zero padding
    cases["resized_crop_f32_1_2_5_6_to_4x4"] = F.resized_crop(f32, 1, 2, 5, 6, [4, 4], antialias=True)
    cases["hflip_u8"] = F.hflip(u8)
    cases["normalize_f32"] = F.normalize(f32, [0.485, 0.456, 0.406], [0.229, 0.224, 0.225])
    cases["grayscale_f32_3"] = F.rgb_to_grayscale(f32, 3)
    cases["grayscale_u8_1"] = F.rgb_to_grayscale(u8, 1)
    cases["brightness_f32_1.3"] = F.adjust_brightness(f32, 1.3)
    cases["contrast_f32_0.6"] = F.adjust_contrast(f32, 0.6)
    cases["saturation_f32_1.7"] = F.adjust_saturation(f32, 1.7)
    cases["hue_f32_0.2"] = F.adjust_hue(f32, 0.2)
    cases["hue_f32_-0.35"] = F.adjust_hue(f32, -0.35)
    cases["brightness_u8_1.3"] = F.adjust_brightness(u8, 1.3)
    cases["contrast_u8_0.6"] = F.adjust_contrast(u8, 0.6)
    cases["saturation_u8_1.7"] = F.adjust_saturation(u8, 1.7)
    cases["hue_u8_-0.1"] = F.adjust_hue(u8, -0.1)
    # ToTensor on an HWC uint8 array, as a decoded image arrives
    hwc = u8.permute(1, 2, 0).contiguous().numpy()
    cases["to_tensor_from_hwc"] = F.to_tensor(hwc)
    return {
        "generator": "tools/golden/gen_transforms.py",
        "torch": torch.__version__, "torchvision": torchvision.__version__,
        "input_u8": arr(u8),
        "input_hwc_u8": arr(torch.from_numpy(hwc)),
        "cases": {k: arr(v) for k, v in cases.items()},
    }


def read_idx(folder, name):
    # torchvision's own MNIST readers need an uncompressed file
    with tempfile.TemporaryDirectory() as tmp:
        dst = os.path.join(tmp, name)
        with gzip.open(os.path.join(folder, name + ".gz"), "rb") as src, open(dst, "wb") as out:
            shutil.copyfileobj(src, out)
        return read_label_file(dst) if "labels" in name else read_image_file(dst)


def idx_summary(folder):
    out = {}
    for split, prefix in (("train", "train"), ("test", "t10k")):
        images = read_idx(folder, prefix + "-images-idx3-ubyte")
        labels = read_idx(folder, prefix + "-labels-idx1-ubyte")
        out[split] = {
            "images_shape": list(images.shape),
            "labels_count": int(labels.shape[0]),
            "first_labels": labels[:20].tolist(),
            "image0_row14": images[0, 14].tolist(),
            "image0_sum": int(images[0].long().sum()),
            "last_image_sum": int(images[-1].long().sum()),
            "label_counts": torch.bincount(labels, minlength=10).tolist(),
            "classes": torchvision.datasets.FashionMNIST.classes,
        }
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "transforms.json"), "w") as f:
        json.dump(transforms_golden(), f)
    idx = {"generator": "tools/golden/gen_transforms.py", "embedded": idx_summary(EMBEDDED)}
    if os.path.isdir(FULL):
        idx["full"] = idx_summary(FULL)
    with open(os.path.join(OUT, "idx.json"), "w") as f:
        json.dump(idx, f, indent=1)
    print("wrote", OUT)


if __name__ == "__main__":
    main()
