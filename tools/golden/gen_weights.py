#!/usr/bin/python3
"""Writes TrainKit's golden weights files with real PyTorch (Debian's python3-torch 1.13).

    /usr/bin/python3 tools/golden/gen_weights.py [OUT_DIR]

OUT_DIR defaults to trainkit-core/src/test/resources/golden/io. Every file is a few KB. `expected.json` holds,
for every tensor of every file, its dtype, shape and the hex of its values as contiguous
little-endian bytes (bfloat16 read through an int16 view), so the Java tests compare bit-exactly
(NaN, -0.0 and inf included) without typing a single number by hand.

Files:
  zip_dtypes.pth / legacy_dtypes.pth   one tensor per dtype (torch.save, zip and pre-1.6 format)
  zip_views.pth / legacy_views.pth     views sharing one storage: transposed, sliced, offset, 0-d
  zip_checkpoint.pth / legacy_checkpoint.pth
                                       {'state_dict': OrderedDict with _metadata, 'epoch': 3, ...}
  zip_protocol4.pth / zip_protocol5.pth  torch.save(pickle_protocol=4/5): FRAME, MEMOIZE, STACK_GLOBAL
  legacy_many.pth                      300 tensors (memo indices beyond 255: LONG_BINPUT/LONG_BINGET)
  evil_system.pth / evil_eval.pth / evil_legacy.pth
                                       pickles calling os.system / builtins.eval (must be refused)
  dtypes.safetensors                   the dtype set, written by hand in the safetensors layout
"""
import collections
import json
import os
import struct
import sys

import torch

OUT = sys.argv[1] if len(sys.argv) > 1 else "trainkit-core/src/test/resources/golden/io"
os.makedirs(OUT, exist_ok=True)
expected = {}


def raw(t):
    t = t.detach().contiguous()
    if t.dtype == torch.bfloat16:
        t = t.view(torch.int16)
    return t.numpy().tobytes()


def describe(obj):
    """The JSON form of a loaded object: tensors by dtype/shape/hex, primitives as themselves."""
    if isinstance(obj, torch.Tensor):
        return {"tensor": {"dtype": str(obj.dtype).replace("torch.", ""), "shape": list(obj.shape),
                           "hex": raw(obj).hex()}}
    if isinstance(obj, dict):
        return {"dict": [[k, describe(v)] for k, v in obj.items()]}
    if isinstance(obj, (list, tuple)):
        return {"list": [describe(v) for v in obj]}
    return {"value": obj}


def save(name, obj, **kw):
    path = os.path.join(OUT, name)
    torch.save(obj, path, **kw)
    # what torch.load gives back is the specification, not what we meant to save
    back = torch.load(path)
    expected[name] = describe(back)


def dtypes():
    d = collections.OrderedDict()
    d["f32"] = torch.tensor([[1.5, -2.25, 0.0], [-0.0, float("inf"), float("nan")]], dtype=torch.float32)
    d["f64"] = torch.tensor([1e-300, -3.141592653589793, 2.0 ** 60], dtype=torch.float64)
    d["f16"] = torch.tensor([0.1, -65504.0, 6e-8, 1.0], dtype=torch.float16)
    d["bf16"] = torch.tensor([[0.1, -3.0e38], [1.0, -0.5]], dtype=torch.bfloat16)
    d["i64"] = torch.tensor([-(2 ** 63), 2 ** 63 - 1, 0, 42], dtype=torch.int64)
    d["i32"] = torch.tensor([-(2 ** 31), 2 ** 31 - 1, 7], dtype=torch.int32)
    d["i16"] = torch.tensor([-32768, 32767, -1], dtype=torch.int16)
    d["i8"] = torch.tensor([-128, 127, 0, 5], dtype=torch.int8)
    d["u8"] = torch.tensor([[0, 255], [128, 1]], dtype=torch.uint8)
    d["bool"] = torch.tensor([True, False, True], dtype=torch.bool)
    d["scalar"] = torch.tensor(2.5)
    d["empty"] = torch.zeros(0, 3)
    return d


def views():
    base = torch.arange(24, dtype=torch.float32).reshape(4, 6)
    d = collections.OrderedDict()
    d["base"] = base
    d["transposed"] = base.t()            # non-contiguous, same storage
    d["row"] = base[1]                    # storage offset 6
    d["strided"] = base[1:, 1::2]         # offset 7, stride (6, 2)
    d["element"] = base[2, 3]             # 0-d, offset 15
    d["expanded"] = base[0, :1].expand(3, 2)  # stride 0
    return d


def checkpoint():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 2), torch.nn.BatchNorm1d(2))
    return {
        "state_dict": model.state_dict(),  # an OrderedDict carrying _metadata
        "param": torch.nn.Parameter(torch.tensor([1.0, 2.0])),  # _rebuild_parameter
        "epoch": 3,
        "lr": 0.01,
        "name": "resnet18",
        "milestones": [30, 60],
        "betas": (0.9, 0.999),
        "flag": True,
        "off": False,
        "none": None,
        "big": 2 ** 40,
        "huge": 2 ** 70,
        "neg": -5,
        "byte": 200,
        "unicode": "größe ✓",
    }


class EvilSystem:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


class EvilEval:
    def __reduce__(self):
        import builtins
        return (builtins.eval, ("__import__('os').system('echo pwned')",))


def write_safetensors(path, tensors, metadata):
    codes = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16", torch.bfloat16: "BF16",
             torch.int64: "I64", torch.int32: "I32", torch.int16: "I16", torch.int8: "I8",
             torch.uint8: "U8", torch.bool: "BOOL"}
    header, blobs, offset = {"__metadata__": metadata}, [], 0
    for name, t in tensors.items():
        b = raw(t)
        header[name] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(b)]}
        blobs.append(b)
        offset += len(b)
    h = json.dumps(header, separators=(",", ":")).encode("utf-8")
    h += b" " * (-len(h) % 8)  # the reference implementation pads the header to 8 bytes with spaces
    with open(os.path.join(OUT, path), "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"".join(blobs))
    expected[path] = {"dict": [[k, describe(v)] for k, v in tensors.items()], "metadata": metadata}


save("zip_dtypes.pth", dtypes())
save("legacy_dtypes.pth", dtypes(), _use_new_zipfile_serialization=False)
save("zip_views.pth", views())
save("legacy_views.pth", views(), _use_new_zipfile_serialization=False)
save("zip_checkpoint.pth", checkpoint())
save("legacy_checkpoint.pth", checkpoint(), _use_new_zipfile_serialization=False)
save("zip_protocol4.pth", dtypes(), pickle_protocol=4)
save("zip_protocol5.pth", views(), pickle_protocol=5)
save("legacy_many.pth", collections.OrderedDict(("t%03d" % i, torch.tensor([float(i)])) for i in range(300)),
     _use_new_zipfile_serialization=False)

# torch.save pickles whatever __reduce__ returns; torch.load(weights_only=False) would run it
torch.save({"x": EvilSystem()}, os.path.join(OUT, "evil_system.pth"))
torch.save({"x": EvilEval()}, os.path.join(OUT, "evil_eval.pth"))
torch.save(collections.OrderedDict(w=torch.ones(2), x=EvilSystem()), os.path.join(OUT, "evil_legacy.pth"),
           _use_new_zipfile_serialization=False)
for evil in ["evil_system.pth", "evil_eval.pth", "evil_legacy.pth"]:
    try:
        torch.load(os.path.join(OUT, evil), weights_only=True)
        raise SystemExit(evil + ": weights_only=True accepted it?")
    except Exception as e:  # any refusal will do; record torch's message for reference
        expected[evil] = {"refused_by_torch": str(e).splitlines()[0][:200]}

write_safetensors("dtypes.safetensors", dtypes(), {"format": "pt", "source": "gen_weights.py"})

with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump({"torch_version": torch.__version__, "files": expected}, f, sort_keys=True)
    f.write("\n")
print("wrote", len(expected), "files to", OUT)
