#!/usr/bin/python3
"""Golden values for TrainKit's augmentations (vision.transforms), from real torchvision.

Run with Debian's python (PyTorch 1.13, torchvision 0.14):
    /usr/bin/python3 tools/golden/gen_augment.py
Writes trainkit-core/src/test/resources/golden/data/augment.json:
  - "cases": torchvision.transforms.functional on fixed uint8 and float images, explicit arguments;
  - "policies": AutoAugment / RandAugment / TrivialAugmentWide / AugMix forward passes whose torch
    draws (torch.randint, torch.rand, torch._sample_dirichlet) are replaced by a logger that draws
    from numpy and records every draw in order; the Java test replays the log, so it checks both the
    order and bounds of the draws and the resulting image;
  - "mix": batch MixUp / CutMix with the semantics of torchvision's references/classification
    RandomMixup / RandomCutmix (one-hot targets, roll by one, Beta(alpha, alpha) lambda, CutMix box
    and lambda corrected to the box area), with the same logged draws, plus the cross entropy with
    label smoothing of the soft targets.
"""
import inspect
import json
import math
import os

import numpy as np
import torch
import torchvision
import torchvision.transforms.functional as F
from torchvision.transforms import InterpolationMode, AutoAugment, AutoAugmentPolicy, RandAugment, \
    TrivialAugmentWide, AugMix

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "trainkit-core", "src", "test", "resources", "golden", "data")


def arr(t):
    t = torch.as_tensor(t)
    data = t.flatten().tolist() if not t.is_floating_point() else [float("%.9g" % x) for x in t.flatten().float().tolist()]  # float32 round-trips in 9 digits
    return {"shape": list(t.shape), "dtype": str(t.dtype).replace("torch.", ""), "data": data}


class DrawLog:
    """Replaces torch's random calls with numpy draws and records them in call order."""

    def __init__(self, seed):
        self.rng = np.random.default_rng(seed)
        self.log = []
        self.saved = None

    def randint(self, *args, **kw):
        args = list(args)
        if "high" in kw:
            low, high = kw.get("low", 0), kw["high"]
            size = kw.get("size", args[0] if args else None)
        elif len(args) >= 3 or (len(args) == 2 and "size" in kw):
            low, high = args[0], args[1]
            size = args[2] if len(args) >= 3 else kw["size"]
        else:
            low, high = 0, args[0]
            size = args[1] if len(args) > 1 else kw["size"]
        n = int(np.prod(size))
        vals = [int(self.rng.integers(low, high)) for _ in range(n)]
        for v in vals:
            self.log.append({"kind": "randint", "low": int(low), "high": int(high), "value": v})
        return torch.tensor(vals, dtype=torch.long).reshape(size)

    def rand(self, *size, **kw):
        if len(size) == 1 and isinstance(size[0], (tuple, list)):
            size = tuple(size[0])
        n = int(np.prod(size))
        vals = self.rng.random(n).astype(np.float32)
        for v in vals:
            self.log.append({"kind": "rand", "value": float("%.9g" % v)})
        return torch.from_numpy(vals).reshape(size)

    def dirichlet(self, params):
        rows = params.reshape(-1, params.shape[-1])
        out = []
        for r in rows:
            alpha = r.double().numpy()
            v = self.rng.dirichlet(alpha).astype(np.float32)
            self.log.append({"kind": "dirichlet", "alpha": alpha.tolist(), "value": [float("%.9g" % x) for x in v]})
            out.append(torch.from_numpy(v))
        return torch.stack(out).reshape(params.shape)

    def __enter__(self):
        self.saved = (torch.randint, torch.rand, torch._sample_dirichlet)
        torch.randint, torch.rand, torch._sample_dirichlet = self.randint, self.rand, self.dirichlet
        return self

    def __exit__(self, *exc):
        torch.randint, torch.rand, torch._sample_dirichlet = self.saved


def functional_cases(u8, f32):
    c = {}
    c["invert_u8"] = F.invert(u8)
    c["invert_f32"] = F.invert(f32)
    for bits in (0, 3, 8):
        c[f"posterize_u8_{bits}"] = F.posterize(u8, bits)
    c["solarize_u8_128"] = F.solarize(u8, 128)
    c["solarize_u8_127.5"] = F.solarize(u8, 127.5)
    c["solarize_f32_0.5"] = F.solarize(f32, 0.5)
    c["autocontrast_u8"] = F.autocontrast(u8)
    c["autocontrast_f32"] = F.autocontrast(f32)
    const = u8.clone()
    const[1] = 77  # a constant channel is left as it is
    c["autocontrast_u8_const"] = F.autocontrast(const)
    c["equalize_u8"] = F.equalize(u8)
    c["equalize_u8_batch"] = F.equalize(torch.stack([u8, u8.flip(-1) // 3]))
    c["sharpness_u8_0.3"] = F.adjust_sharpness(u8, 0.3)
    c["sharpness_u8_2"] = F.adjust_sharpness(u8, 2.0)
    c["sharpness_f32_1.7"] = F.adjust_sharpness(f32, 1.7)
    c["blur_u8_3x5_0.8_1.2"] = F.gaussian_blur(u8, [3, 5], [0.8, 1.2])
    c["blur_f32_5_default"] = F.gaussian_blur(f32, [5, 5])
    c["blur_f32_3_2"] = F.gaussian_blur(f32, [3, 3], [2.0, 2.0])
    near, bil = InterpolationMode.NEAREST, InterpolationMode.BILINEAR
    c["rotate_u8_30_nearest"] = F.rotate(u8, 30.0, near)
    c["rotate_f32_-17.5_bilinear"] = F.rotate(f32, -17.5, bil)
    c["rotate_u8_45_expand"] = F.rotate(u8, 45.0, near, expand=True)
    c["rotate_f32_90_expand_bilinear"] = F.rotate(f32, 90.0, bil, expand=True)
    c["rotate_u8_20_center_2_3"] = F.rotate(u8, 20.0, near, center=[2, 3])
    c["rotate_u8_33_fill_bilinear"] = F.rotate(u8, 33.0, bil, fill=[10.0, 20.0, 30.0])
    c["rotate_u8_33_fill_nearest"] = F.rotate(u8, 33.0, near, fill=[10.0, 20.0, 30.0])
    c["affine_u8_nearest"] = F.affine(u8, 10.0, [2, -1], 1.2, [5.0, -3.0], near)
    c["affine_f32_bilinear_fill"] = F.affine(f32, -25.0, [1, 2], 0.8, [12.0, 0.0], bil, fill=[0.5])
    c["affine_u8_shearx_corner"] = F.affine(u8, 0.0, [0, 0], 1.0, [math.degrees(math.atan(0.3)), 0.0], near,
                                            center=[0, 0])
    c["affine_u8_translate_bilinear_fill0"] = F.affine(u8, 0.0, [3, -2], 1.0, [0.0, 0.0], bil, fill=[0.0] * 3)
    c["grayscale_u8_3"] = F.rgb_to_grayscale(u8, 3)
    c["erase_u8_scalar"] = F.erase(u8, 2, 3, 4, 5, torch.tensor([7.9]).view(1, 1, 1))
    v = torch.linspace(-1, 2, 3 * 4 * 5).view(3, 4, 5)
    c["erase_f32_tensor"] = F.erase(f32, 3, 4, 4, 5, v)
    c["erase_value"] = v
    return c


def policy_runs(u8):
    runs = []
    configs = [
        ("AutoAugment(policy='imagenet')", lambda: AutoAugment(AutoAugmentPolicy.IMAGENET)),
        ("AutoAugment(policy='cifar10', interpolation='bilinear', fill=[128, 0, 255])",
         lambda: AutoAugment(AutoAugmentPolicy.CIFAR10, InterpolationMode.BILINEAR, fill=[128, 0, 255])),
        ("AutoAugment(policy='svhn')", lambda: AutoAugment(AutoAugmentPolicy.SVHN)),
        ("RandAugment()", lambda: RandAugment()),
        ("RandAugment(num_ops=3, magnitude=20, interpolation='bilinear')",
         lambda: RandAugment(3, 20, interpolation=InterpolationMode.BILINEAR)),
        ("TrivialAugmentWide()", lambda: TrivialAugmentWide()),
        ("AugMix()", lambda: AugMix()),
        ("AugMix(severity=5, mixture_width=2, chain_depth=2, alpha=0.5, all_ops=False)",
         lambda: AugMix(5, 2, 2, 0.5, False)),
    ]
    seed = 100
    for spec, make in configs:
        n = 8 if spec.startswith("AutoAugment") else 6
        for _ in range(n):
            seed += 1
            t = make()
            img = u8 if "AugMix" not in spec or seed % 2 else torch.stack([u8, u8.flip(-2)])
            with DrawLog(seed) as d:
                out = t(img)
            runs.append({"spec": spec, "input_batched": img.ndim == 4, "draws": d.log, "output": arr(out)})
    return runs


def one_hot(target, num_classes, dtype):
    return torch.nn.functional.one_hot(target, num_classes=num_classes).to(dtype=dtype)


def mixup_reference(batch, target, num_classes, p, alpha):
    """RandomMixup's forward as torchvision's references define it."""
    batch = batch.clone()
    target = one_hot(target, num_classes, batch.dtype)
    if torch.rand(1).item() >= p:
        return batch, target
    lam = float(torch._sample_dirichlet(torch.tensor([alpha, alpha]))[0])
    return lam * batch + (1.0 - lam) * batch.roll(1, 0), lam * target + (1.0 - lam) * target.roll(1, 0)


def cutmix_reference(batch, target, num_classes, p, alpha):
    """RandomCutmix's forward as torchvision's references define it."""
    batch = batch.clone()
    target = one_hot(target, num_classes, batch.dtype)
    if torch.rand(1).item() >= p:
        return batch, target
    rolled = batch.roll(1, 0)
    lam = float(torch._sample_dirichlet(torch.tensor([alpha, alpha]))[0])
    h, w = batch.shape[-2:]
    rx = torch.randint(w, (1,))
    ry = torch.randint(h, (1,))
    r = 0.5 * math.sqrt(1.0 - lam)
    rw, rh = int(r * w), int(r * h)
    x1, y1 = int(torch.clamp(rx - rw, min=0)), int(torch.clamp(ry - rh, min=0))
    x2, y2 = int(torch.clamp(rx + rw, max=w)), int(torch.clamp(ry + rh, max=h))
    batch[:, :, y1:y2, x1:x2] = rolled[:, :, y1:y2, x1:x2]
    lam = float(1.0 - (x2 - x1) * (y2 - y1) / (w * h))
    return batch, lam * target + (1.0 - lam) * target.roll(1, 0)


def mix_runs():
    g = torch.Generator().manual_seed(5)
    batch = torch.rand(4, 2, 5, 6, generator=g)
    target = torch.tensor([0, 3, 1, 4])
    logits = torch.randn(4, 5, generator=g)
    runs = []
    seed = 500
    for kind, fn in (("mixup", mixup_reference), ("cutmix", cutmix_reference)):
        for p, alpha in ((1.0, 1.0), (1.0, 0.2), (0.5, 1.0), (0.5, 2.0), (1.0, 0.5), (1.0, 1.0)):
            seed += 1
            with DrawLog(seed) as d:
                out, soft = fn(batch, target, 5, p, alpha)
            ce = torch.nn.functional.cross_entropy(logits, soft, label_smoothing=0.1)
            runs.append({"kind": kind, "p": p, "alpha": alpha, "draws": d.log, "images": arr(out),
                         "targets": arr(soft), "ce_label_smoothing_0.1": float(ce)})
    return {"batch": arr(batch), "target": arr(target), "num_classes": 5, "logits": arr(logits), "runs": runs}


REGISTERED = ["Compose", "Resize", "CenterCrop", "RandomResizedCrop", "RandomHorizontalFlip", "ToTensor", "Normalize",
              "Grayscale", "RandomGrayscale", "ColorJitter", "RandomInvert", "RandomPosterize", "RandomSolarize",
              "RandomEqualize", "RandomAutocontrast", "RandomAdjustSharpness", "RandomRotation", "RandomAffine",
              "GaussianBlur", "AutoAugment", "RandAugment", "TrivialAugmentWide", "AugMix", "RandomErasing"]


def render_default(v):
    """A default in TrainKit's spec syntax: enums by value, tuples as tuples."""
    if hasattr(v, "value") and not isinstance(v, (int, float)):
        return repr(v.value)
    return repr(v)


def signatures():
    """torchvision's constructor signatures, rendered as Python shows them (enum defaults by value)."""
    out = {}
    for name in REGISTERED:
        params = inspect.signature(getattr(torchvision.transforms, name).__init__).parameters
        parts = [k if v.default is inspect.Parameter.empty else k + "=" + render_default(v.default)
                 for k, v in params.items() if k != "self"]
        out[name] = name + "(" + ", ".join(parts) + ")"
    return out


def main():
    rng = np.random.RandomState(4321)
    u8 = torch.from_numpy(rng.randint(0, 256, size=(3, 8, 10)).astype(np.uint8))
    f32 = u8.float() / 255.0
    golden = {
        "generator": "tools/golden/gen_augment.py",
        "torch": torch.__version__, "torchvision": torchvision.__version__,
        "input_u8": arr(u8),
        "cases": {k: arr(v) for k, v in functional_cases(u8, f32).items()},
        "policies": policy_runs(u8),
        "mix": mix_runs(),
        "signatures": signatures(),
    }
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "augment.json"), "w") as f:
        json.dump(golden, f)
    print("wrote", os.path.join(OUT, "augment.json"))


if __name__ == "__main__":
    main()
