#!/usr/bin/python3
"""Writes a test ImageFolder of JPEGs for the loader benchmarks (not committed: generated into /tmp).

    /usr/bin/python3 tools/bench/make_jpegs.py /tmp/jpegs [--images 640] [--size 500x375]

Layout: OUT/train/classK/imgN.jpg (10 classes). Images are smooth gradients with noise and a few
shapes, saved at quality 90 with 4:2:0 chroma, so the JPEG decoder has realistic work.
"""
import argparse
import os

import numpy as np
from PIL import Image, ImageDraw

p = argparse.ArgumentParser()
p.add_argument("out")
p.add_argument("--images", type=int, default=640)
p.add_argument("--size", default="500x375")
a = p.parse_args()
w, h = (int(v) for v in a.size.split("x"))
rng = np.random.RandomState(0)
y, x = np.mgrid[0:h, 0:w].astype(np.float32)
for i in range(a.images):
    c = rng.uniform(0, 1, size=6)
    img = np.stack([(x / w) * 255 * c[0] + (y / h) * 255 * (1 - c[0]),
                    np.sin(x / (10 + 40 * c[1])) * 100 + 128,
                    np.cos(y / (10 + 40 * c[2])) * 100 + 128], axis=-1)
    img += rng.normal(0, 12, size=img.shape)
    im = Image.fromarray(np.clip(img, 0, 255).astype(np.uint8), "RGB")
    d = ImageDraw.Draw(im)
    for _ in range(5):
        x0, y0 = rng.randint(0, w - 50), rng.randint(0, h - 50)
        d.ellipse([x0, y0, x0 + rng.randint(20, 150), y0 + rng.randint(20, 150)],
                  fill=tuple(int(v) for v in rng.randint(0, 256, size=3)))
    path = os.path.join(a.out, "train", "class%d" % (i % 10), "img%04d.jpg" % i)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    im.save(path, "JPEG", quality=90)
print("wrote %d JPEGs %dx%d under %s" % (a.images, w, h, os.path.join(a.out, "train")))
