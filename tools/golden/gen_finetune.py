#!/usr/bin/python3
"""Fixtures for TrainKit's fine-tuning tests, written by real torchvision 0.14 at test time.

Usage:
  /usr/bin/python3 tools/golden/gen_finetune.py predict OUTDIR
      resnet18 (seeded; BatchNorm affine and running statistics randomised) with its head
      replaced by nn.Linear(512, 5), saved with torch.save(model.state_dict()) as
      OUTDIR/resnet18_head5.pth; an input batch OUTDIR/input.npy (2x3x64x64 float32) and
      torchvision's eval-mode logits OUTDIR/logits.npy.
  /usr/bin/python3 tools/golden/gen_finetune.py pretrained OUTDIR
      resnet18 (seeded, BatchNorm randomised), torch.save(state_dict) as OUTDIR/resnet18.pth:
      stands in for the ImageNet weights, which tests must not download.
  /usr/bin/python3 tools/golden/gen_finetune.py check STATE.pth INPUT.npy OUT.npy NUM_CLASSES
      torch.load(STATE, weights_only=True) into torchvision's resnet18(num_classes=NUM_CLASSES)
      with strict=True; writes the eval-mode logits on INPUT to OUT.npy; prints a JSON line.
  /usr/bin/python3 tools/golden/gen_finetune.py preset OUTDIR
      a seeded uint8 image OUTDIR/image.npy (3x300x400) and torchvision's ImageClassification
      preset of ResNet18_Weights.IMAGENET1K_V1 (crop 224, resize 256, antialias=True as in
      torchvision 0.17+) applied to it, OUTDIR/preset.npy; the same with EfficientNet_B0_Weights.IMAGENET1K_V1
      (bicubic, crop 224, resize 256), OUTDIR/preset_efficientnet_b0.npy.
Outputs are ~45 MB each: keep OUTDIR under target/.
"""
import json
import os
import sys

import numpy as np
import torch
import torchvision


def randomised_resnet18(seed):
    torch.manual_seed(seed)
    model = torchvision.models.resnet18(weights=None)
    gen = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)
                m.num_batches_tracked.fill_(11)
    return model, gen


def main():
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    cmd = sys.argv[1] if len(sys.argv) > 1 else ""
    if cmd == "predict" and len(sys.argv) == 3:
        out = sys.argv[2]
        os.makedirs(out, exist_ok=True)
        model, gen = randomised_resnet18(0)
        model.fc = torch.nn.Linear(512, 5)
        torch.save(model.state_dict(), os.path.join(out, "resnet18_head5.pth"))
        x = torch.randn((2, 3, 64, 64), generator=gen)
        model.eval()
        with torch.no_grad():
            y = model(x)
        np.save(os.path.join(out, "input.npy"), x.numpy())
        np.save(os.path.join(out, "logits.npy"), y.numpy())
        print(json.dumps({"written": out}))
    elif cmd == "pretrained" and len(sys.argv) == 3:
        out = sys.argv[2]
        os.makedirs(out, exist_ok=True)
        model, _ = randomised_resnet18(1)
        torch.save(model.state_dict(), os.path.join(out, "resnet18.pth"))
        print(json.dumps({"written": out}))
    elif cmd == "preset" and len(sys.argv) == 3:
        import torchvision.transforms.functional as F
        out = sys.argv[2]
        os.makedirs(out, exist_ok=True)
        gen = torch.Generator().manual_seed(5)
        # smooth content plus noise, so the antialiased downscale matters
        base = torch.rand((3, 30, 40), generator=gen)
        img = torch.nn.functional.interpolate(base[None], size=(300, 400), mode="bilinear", align_corners=False)[0]
        img = (img * 200 + torch.rand((3, 300, 400), generator=gen) * 55).round().clamp(0, 255).to(torch.uint8)
        # ImageClassification.forward of torchvision 0.14, whose constructor lacks antialias
        # (0.17+ defaults it to True): resize, center_crop, convert_image_dtype, normalize
        np.save(os.path.join(out, "image.npy"), img.numpy())
        presets = {}
        for file, weights in (("preset.npy", torchvision.models.ResNet18_Weights.IMAGENET1K_V1),
                              ("preset_efficientnet_b0.npy", torchvision.models.EfficientNet_B0_Weights.IMAGENET1K_V1)):
            w = weights.transforms()
            x = F.resize(img, w.resize_size, interpolation=w.interpolation, antialias=True)
            x = F.center_crop(x, w.crop_size)
            x = F.convert_image_dtype(x, torch.float)
            x = F.normalize(x, mean=w.mean, std=w.std)
            np.save(os.path.join(out, file), x.numpy())
            presets[file] = repr(w)
        print(json.dumps({"written": out, "presets": presets}))
    elif cmd == "check" and len(sys.argv) == 6:
        sd = torch.load(sys.argv[2], weights_only=True)
        model = torchvision.models.resnet18(num_classes=int(sys.argv[5]))
        result = model.load_state_dict(sd, strict=True)
        model.eval()
        x = torch.from_numpy(np.load(sys.argv[3]))
        with torch.no_grad():
            y = model(x)
        np.save(sys.argv[4], y.numpy())
        print(json.dumps({"missing": result.missing_keys, "unexpected": result.unexpected_keys,
                          "keys": len(sd)}))
    else:
        raise SystemExit(__doc__)


if __name__ == "__main__":
    main()
