#!/usr/bin/python3
"""Tiny image files and what PIL decodes them to, for TrainKit's ImageLoader decode-parity tests.

Run with Debian's python (Pillow 9.4, as torchvision 0.14 uses):
    /usr/bin/python3 tools/golden/gen_images.py
Writes trainkit-core/src/test/resources/golden/images/*.{jpg,png} (each well under 2 KB) and images.json: for
every file, Image.open(f).convert("RGB") as torchvision's default_loader does (HWC uint8, no EXIF
transpose), or the error PIL raises. Cases: RGB/grayscale/CMYK JPEG, a JPEG with EXIF orientation 6,
RGB/RGBA/palette-with-transparency/gray+alpha/16-bit-gray PNG, and a truncated JPEG.
"""
import io
import json
import os

import numpy as np
from PIL import Image

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OUT = os.path.join(ROOT, "trainkit-core", "src", "test", "resources", "golden", "images")
H, W = 12, 16


def rgb_array(seed):
    rng = np.random.RandomState(seed)
    y, x = np.mgrid[0:H, 0:W]
    base = np.stack([x * 15, y * 20, (x + y) * 9], axis=-1).astype(np.int32)
    return np.clip(base + rng.randint(-30, 30, size=(H, W, 3)), 0, 255).astype(np.uint8)


def main():
    os.makedirs(OUT, exist_ok=True)
    rgb = Image.fromarray(rgb_array(0), "RGB")
    files = {}
    files["rgb.jpg"] = lambda f: rgb.save(f, "JPEG", quality=90)
    files["gray.jpg"] = lambda f: rgb.convert("L").save(f, "JPEG", quality=90)
    files["cmyk.jpg"] = lambda f: rgb.convert("CMYK").save(f, "JPEG", quality=90)

    def exif6(f):
        exif = Image.Exif()
        exif[0x0112] = 6  # Orientation: rotate 90 CW to display
        rgb.save(f, "JPEG", quality=90, exif=exif.tobytes())
    files["exif_rotated.jpg"] = exif6
    files["rgb.png"] = lambda f: rgb.save(f, "PNG")
    rgba = rgb.copy()
    rgba.putalpha(Image.fromarray((rgb_array(1)[:, :, 0]).astype(np.uint8), "L"))
    files["rgba.png"] = lambda f: rgba.save(f, "PNG")
    pal = rgb.convert("P", palette=Image.ADAPTIVE, colors=16)
    files["palette.png"] = lambda f: pal.save(f, "PNG", transparency=3)
    la = rgb.convert("LA")
    files["gray_alpha.png"] = lambda f: la.save(f, "PNG")
    g16 = Image.fromarray((rgb_array(2)[:, :, 1].astype(np.uint16) * 257), "I;16")
    files["gray16.png"] = lambda f: g16.save(f, "PNG")

    def truncated(f):
        b = io.BytesIO()
        rgb.save(b, "JPEG", quality=90)
        f.write(b.getvalue()[:200])
    files["truncated.jpg"] = truncated

    golden = {}
    for name, write in files.items():
        path = os.path.join(OUT, name)
        with open(path, "wb") as f:
            write(f)
        try:
            with Image.open(path) as im:
                mode = im.mode
                a = np.asarray(im.convert("RGB"))
            golden[name] = {"mode": mode, "shape": list(a.shape), "data": a.flatten().tolist()}
        except Exception as e:  # noqa: BLE001 - the golden records what PIL raises
            golden[name] = {"error": type(e).__name__}
    with open(os.path.join(OUT, "images.json"), "w") as f:
        json.dump(golden, f, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
