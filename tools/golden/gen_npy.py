#!/usr/bin/python3
"""Tiny .npy fixtures written by NumPy itself for NpyTest (trainkit-core/src/test/resources/golden/npy).

Run: /usr/bin/python3 tools/golden/gen_npy.py
"""
import os

import numpy as np
from numpy.lib import format as npf

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "npy")
os.makedirs(OUT, exist_ok=True)
a = np.arange(6, dtype=np.float32).reshape(2, 3) / 4
np.save(os.path.join(OUT, "f4_2x3.npy"), a)
np.save(os.path.join(OUT, "f8_4.npy"), np.array([1.5, -2.25, 1e-300, 3.0]))
np.save(os.path.join(OUT, "i8_2x2.npy"), np.array([[1, -2], [3, 1 << 40]], dtype=np.int64))
np.save(os.path.join(OUT, "i4_3.npy"), np.array([7, -8, 9], dtype=np.int32))
np.save(os.path.join(OUT, "b1_3.npy"), np.array([True, False, True]))
np.save(os.path.join(OUT, "u1_2.npy"), np.array([0, 255], dtype=np.uint8))
np.save(os.path.join(OUT, "f4_scalar.npy"), np.float32(2.5))
with open(os.path.join(OUT, "f4_2x3_v2.npy"), "wb") as f:
    npf.write_array(f, a, version=(2, 0))
np.save(os.path.join(OUT, "fortran.npy"), np.asfortranarray(np.arange(6, dtype=np.float32).reshape(2, 3)))
np.save(os.path.join(OUT, "bigendian.npy"), np.arange(3, dtype=">f4"))
