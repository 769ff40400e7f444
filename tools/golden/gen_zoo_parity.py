#!/usr/bin/python3
"""Writes torchvision's logits for TrainKit's model-zoo parity test (ZooParityTest).

Usage: /usr/bin/python3 tools/golden/gen_zoo_parity.py MODEL[,MODEL...] OUTDIR

For each MODEL, builds torchvision 0.14's model (weights=None, seeded random init), randomises
every BatchNorm's affine parameters and running statistics (so eval mode is not the identity),
every LayerNorm's affine parameters, ConvNeXt's layer_scale (1e-6 at init would hide the
residual branches below the tolerance), Swin's relative position bias tables (std 0.02 at init
would hide them too) and the ViT parameters torchvision zero-initialises (head, class token,
attention biases); ViTs are built for the small input (image_size in BUILD),
and writes into OUTDIR/MODEL/, with torch.save (zip format), as TrainKit's PthReader reads them:
  state.pth   torch.save(model.state_dict()): what a user's checkpoint looks like
  io.pth      a dict of tensors: "eval/input", "eval/logits" (plus "eval_<i>/input",
              "eval_<i>/logits" for the extra sizes of EXTRA_EVAL; "eval/features/<node>" for the
              feature stages of zoo_models.FEATURE_NODES, in stage order), and for models in TRAIN
              "train/input", "train/logits" (plus "train/aux_logits", "train/aux_logits2",
              "train/aux_logits1" for inception_v3/googlenet) and "train/state/<key>" (buffers
              after the training forward: batch-statistics updates)
  index.json  {"model", "spec", "generator", "zero_dropout", "zero_stochastic_depth"}, written last
Outputs are large (a VGG is 0.5 GB): keep OUTDIR under target/.
A model whose index.json was written by the same version of this script is skipped.
"""
import hashlib
import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(__file__))
from zoo_models import FEATURE_NODES, MODELS, build, feature_maps  # noqa: E402

# Eval input (batch, height=width); 64 unless the architecture needs more.
EVAL_INPUT = {"inception_v3": (2, 75), "vit_h_14": (2, 56)}
# Further eval inputs (batch, height, width): Swin at window multiples (112: 28/14/7-wide maps, the
# last stages fit in one window so the shift is dropped) and at a non-square size whose first
# stage is one window high (shift along the width only) and not a window multiple wide (padding).
EXTRA_EVAL = {"swin_t": [(1, 112, 112), (1, 28, 116)]}
# Constructor kwargs for every check: ViTs are built for the small test input (their input must
# be exactly image_size, a multiple of the patch size).
BUILD = {"vit_b_16": {"image_size": 64}, "vit_b_32": {"image_size": 64}, "vit_l_16": {"image_size": 64},
         "vit_l_32": {"image_size": 64}, "vit_h_14": {"image_size": 56}}
# Models also checked in training mode: input and constructor kwargs (dropout off, so the
# output is deterministic). inception_v3's auxiliary head needs the full 299x299 input.
TRAIN = {
    "resnet18": ((2, 64), {}),
    "resnext50_32x4d": ((2, 64), {}),
    "vgg11_bn": ((2, 64), {"dropout": 0.0}),
    "densenet121": ((2, 64), {}),
    "googlenet": ((2, 64), {"dropout": 0.0, "dropout_aux": 0.0}),
    "inception_v3": ((2, 299), {"dropout": 0.0}),
    "shufflenet_v2_x0_5": ((2, 64), {}),
    "mobilenet_v2": ((2, 64), {"dropout": 0.0}),
    "mobilenet_v3_small": ((2, 64), {"dropout": 0.0}),
    "mnasnet0_5": ((2, 64), {"dropout": 0.0}),
    "efficientnet_b0": ((2, 64), {"stochastic_depth_prob": 0.0}),
    # stochastic depth off: training mode is then deterministic (LayerNorm has no batch statistics)
    "convnext_tiny": ((2, 64), {"stochastic_depth_prob": 0.0}),
    "convnext_small": ((2, 64), {"stochastic_depth_prob": 0.0}),
    "convnext_base": ((2, 64), {"stochastic_depth_prob": 0.0}),
    "convnext_large": ((2, 64), {"stochastic_depth_prob": 0.0}),
    **{n: ((2, 64), {}) for n in MODELS if n.startswith("regnet_")},
    # dropout and attention_dropout default to 0; stochastic depth is zeroed (ZERO_STOCHASTIC_DEPTH)
    **{n: ((2, 64), {}) for n in ("swin_t", "swin_s", "swin_b")},
    # ViT dropouts are 0 by default; stated so the training-mode check does not depend on it
    "vit_b_32": ((2, 64), {"dropout": 0.0, "attention_dropout": 0.0}),
    "vit_b_16": ((2, 64), {"dropout": 0.0, "attention_dropout": 0.0}),
}
# Models whose builders take no dropout argument (torchvision's efficientnet builders fix it):
# for the training-mode check every nn.Dropout's p is set to 0 after building, and index.json
# says so ("zero_dropout": true) so the Java side does the same.
ZERO_DROPOUT = {"efficientnet_b0"}
# Builders whose weight init can be skipped (torchvision does so when it loads weights): the
# state is random anyway (layer defaults) and both sides skip a slow trunc_normal_/normal_ pass.
# Builders that fix stochastic_depth_prob (swin_*: passing it is a TypeError): for the training-mode
# check every StochasticDepth's p is set to 0 after building ("zero_stochastic_depth": true).
ZERO_STOCHASTIC_DEPTH = {"swin_t", "swin_s", "swin_b"}
SKIP_INIT = {"vgg11", "vgg11_bn", "vgg13", "vgg13_bn", "vgg16", "vgg16_bn", "vgg19", "vgg19_bn", "inception_v3",
             "googlenet"}


def generator_hash():
    h = hashlib.sha256()
    for f in ("gen_zoo_parity.py", "zoo_models.py"):
        with open(os.path.join(os.path.dirname(__file__), f), "rb") as fh:
            h.update(fh.read())
    return h.hexdigest()[:16]


def randomise_batchnorm(model, gen):
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)
                m.running_mean.copy_(torch.randn(m.running_mean.shape, generator=gen) * 0.1)
                m.running_var.copy_(torch.rand(m.running_var.shape, generator=gen) + 0.5)
                m.num_batches_tracked.fill_(7)


def randomise_layernorm_and_layer_scale(model, gen):
    """LayerNorm (incl. LayerNorm2d) weight in [0.5, 1.5), bias ~ N(0, 0.1²); layer_scale in [0.5, 1.5);
    relative_position_bias_table ~ N(0, 0.5²)."""
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.LayerNorm):
                m.weight.copy_(torch.rand(m.weight.shape, generator=gen) + 0.5)
                m.bias.copy_(torch.randn(m.bias.shape, generator=gen) * 0.1)
        for name, p in model.named_parameters():
            if name.endswith("layer_scale"):
                p.copy_(torch.rand(p.shape, generator=gen) + 0.5)
            elif name.endswith("relative_position_bias_table"):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.5)


def randomise_vit_zeros(model, gen):
    """torchvision zero-initialises the ViT head, class token and attention biases: randomise them
    (N(0, 0.02²)) so the logits depend on every part of the network."""
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.startswith("heads.") or name == "class_token" or name.endswith("in_proj_bias") \
                    or name.endswith("out_proj.bias"):
                p.copy_(torch.randn(p.shape, generator=gen) * 0.02)


def save(obj, path):
    """torch.save to a temporary name, then rename: a half-written file is never taken as whole."""
    torch.save(obj, path + ".tmp")
    os.replace(path + ".tmp", path)


def generate(name, outdir, ghash):
    d = os.path.join(outdir, name)
    index_path = os.path.join(d, "index.json")
    if os.path.exists(index_path):
        with open(index_path) as f:
            if json.load(f).get("generator") == ghash:
                return False
    os.makedirs(d, exist_ok=True)
    train_case = TRAIN.get(name)
    kwargs = {**BUILD.get(name, {}), **(dict(train_case[1]) if train_case else {})}
    if name in SKIP_INIT:
        kwargs["init_weights"] = False
    torch.manual_seed(0)
    model = build(name, **kwargs)
    zero_dropout = name in ZERO_DROPOUT
    if zero_dropout:
        for m in model.modules():
            if isinstance(m, torch.nn.Dropout):
                m.p = 0.0
    zero_sd = name in ZERO_STOCHASTIC_DEPTH
    if zero_sd:
        from torchvision.ops import StochasticDepth
        for m in model.modules():
            if isinstance(m, StochasticDepth):
                m.p = 0.0
    gen = torch.Generator().manual_seed(1)
    randomise_batchnorm(model, gen)
    randomise_layernorm_and_layer_scale(model, gen)
    randomise_vit_zeros(model, gen)
    save(model.state_dict(), os.path.join(d, "state.pth"))
    io = {}
    batch, size = EVAL_INPUT.get(name, (2, 64))
    x = torch.randn((batch, 3, size, size), generator=gen)
    model.eval()
    with torch.no_grad():
        io["eval/input"] = x
        io["eval/logits"] = model(x)
        if name in FEATURE_NODES:
            for node, t in feature_maps(name, model, x).items():
                io["eval/features/" + node] = t
        for i, (b, h, w) in enumerate(EXTRA_EVAL.get(name, []), 1):
            xi = torch.randn((b, 3, h, w), generator=gen)
            io[f"eval_{i}/input"] = xi
            io[f"eval_{i}/logits"] = model(xi)
    if train_case:
        (batch, size), _ = train_case
        x = torch.randn((batch, 3, size, size), generator=gen)
        model.train()
        with torch.no_grad():
            out = model(x)
        io["train/input"] = x
        if name == "inception_v3":
            io["train/logits"] = out.logits
            io["train/aux_logits"] = out.aux_logits
        elif name == "googlenet":
            io["train/logits"] = out.logits
            io["train/aux_logits2"] = out.aux_logits2
            io["train/aux_logits1"] = out.aux_logits1
        else:
            io["train/logits"] = out
        for k, v in model.state_dict().items():
            if "running_" in k or "num_batches_tracked" in k:
                io["train/state/" + k] = v.clone()
    save({k: v.detach().contiguous() for k, v in io.items()}, os.path.join(d, "io.pth"))
    spec_kwargs = ", ".join(f"{k}={v!r}" for k, v in kwargs.items())
    with open(index_path + ".tmp", "w") as f:
        json.dump({"model": name, "spec": f"{name}({spec_kwargs})", "generator": ghash,
                   "zero_dropout": zero_dropout, "zero_stochastic_depth": zero_sd}, f)
    os.replace(index_path + ".tmp", index_path)
    return True


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: gen_zoo_parity.py MODEL[,MODEL...] OUTDIR")
    names = sys.argv[1].split(",")
    for n in names:
        if n not in MODELS:
            raise SystemExit(f"unknown model {n!r}; valid: {', '.join(MODELS)}")
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    ghash = generator_hash()
    for n in names:
        wrote = generate(n, sys.argv[2], ghash)
        print(n, "written" if wrote else "up to date", flush=True)


if __name__ == "__main__":
    main()
