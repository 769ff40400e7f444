#!/usr/bin/python3
"""Builds TrainKit's embedded Fashion-MNIST subset from the full data set.

Takes the first N_TRAIN images of each class from the training split and the first N_TEST of
each class from the test split (file order, so the result is deterministic), and writes them as
gzipped IDX files in the original format. Source: Debian's dataset-fashion-mnist package
(/usr/share/datasets/fashion-mnist), i.e. https://github.com/zalandoresearch/fashion-mnist,
MIT licensed (see LICENSE next to the output).

    /usr/bin/python3 tools/data/make_fashion_mnist_subset.py [SRC_DIR] [OUT_DIR]
"""
import gzip
import os
import struct
import sys

SRC = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/datasets/fashion-mnist"
OUT = sys.argv[2] if len(sys.argv) > 2 else "trainkit-core/src/main/resources/dev/trainkit/data/fashion-mnist-subset"
N_TRAIN, N_TEST = 400, 100


def read(prefix):
    with gzip.open(os.path.join(SRC, prefix + "-images-idx3-ubyte.gz")) as f:
        magic, n, rows, cols = struct.unpack(">IIII", f.read(16))
        assert magic == 2051
        images = f.read()
    with gzip.open(os.path.join(SRC, prefix + "-labels-idx1-ubyte.gz")) as f:
        magic, n2 = struct.unpack(">II", f.read(8))
        assert magic == 2049 and n2 == n
        labels = f.read()
    return n, rows, cols, images, labels


def subset(prefix, per_class):
    n, rows, cols, images, labels = read(prefix)
    size = rows * cols
    counts = [0] * 10
    keep = []
    for i in range(n):
        c = labels[i]
        if counts[c] < per_class:
            counts[c] += 1
            keep.append(i)
    os.makedirs(OUT, exist_ok=True)
    # mtime=0 keeps the gzip bytes reproducible
    with open(os.path.join(OUT, prefix + "-images-idx3-ubyte.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(struct.pack(">IIII", 2051, len(keep), rows, cols))
            for i in keep:
                f.write(images[i * size:(i + 1) * size])
    with open(os.path.join(OUT, prefix + "-labels-idx1-ubyte.gz"), "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(struct.pack(">II", 2049, len(keep)))
            f.write(bytes(labels[i] for i in keep))
    print(prefix, len(keep), "images")


subset("train", N_TRAIN)
subset("t10k", N_TEST)
