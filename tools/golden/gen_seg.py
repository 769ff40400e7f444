#!/usr/bin/python3
"""Writes the segmentation goldens with real torchvision (Debian's python3-torchvision 0.14).

    /usr/bin/python3 tools/golden/gen_seg.py [OUT_DIR]

OUT_DIR defaults to src/test/resources/golden/seg.

Files:
  resnet18_keys.txt   torchvision.models.resnet18().state_dict(): one line per entry,
                      "<key> <dtype> <comma-separated shape>" in state-dict order (the format of the
                      model zoo's golden/zoo/keys/*.txt). UNet's encoder must have exactly these
                      keys except fc.*, under the prefix "encoder.".
"""
import os
import sys

import torch
import torchvision

OUT = sys.argv[1] if len(sys.argv) > 1 else "src/test/resources/golden/seg"
os.makedirs(OUT, exist_ok=True)
sd = torchvision.models.resnet18().state_dict()
with open(os.path.join(OUT, "resnet18_keys.txt"), "w") as f:
    for k, v in sd.items():
        f.write("%s %s %s\n" % (k, str(v.dtype).replace("torch.", ""), ",".join(str(d) for d in v.shape)))
print("wrote %d keys" % len(sd))
