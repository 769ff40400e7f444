#!/usr/bin/python3
"""Generates the nn layer parity goldens read by LayerParityTest, ModuleTest and InitTest.

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_nn_layers.py
Writes trainkit-core/src/test/resources/golden/nn/{layers,module_keys,init_stats,functional}.json.

Each layer case: the layer's constructor arguments (PyTorch keyword names), its repr, its
state_dict (parameters and buffers, BatchNorm running stats randomised so eval mode matters),
a random input, the output, the gradient of (out * g).sum() w.r.t. the input and each
parameter, and the state after the forward (BatchNorm's updated running statistics).
Arrays are base64 little-endian with dtype and shape.
"""
import base64
import json
import math
import os
import sys

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "nn")


def enc(t):
    t = t.detach().contiguous().cpu()
    dt = {torch.float32: "float32", torch.int64: "int64"}[t.dtype]
    arr = t.numpy().astype("<f4" if dt == "float32" else "<i8")
    return {"dtype": dt, "shape": list(t.shape), "data": base64.b64encode(arr.tobytes()).decode("ascii")}


# (case name, layer class, kwargs, train mode, input shape, input kind)
CASES = [
    ("linear", "Linear", dict(in_features=5, out_features=3), True, [4, 5], "randn"),
    ("linear_nobias_3d", "Linear", dict(in_features=5, out_features=3, bias=False), True, [2, 3, 5], "randn"),
    ("conv1d_stride_pad", "Conv1d", dict(in_channels=3, out_channels=4, kernel_size=3, stride=2, padding=1), True, [2, 3, 9], "randn"),
    ("conv1d_same_dil_reflect", "Conv1d", dict(in_channels=2, out_channels=4, kernel_size=4, padding="same", dilation=2, padding_mode="reflect"), True, [2, 2, 10], "randn"),
    ("conv1d_groups_circular", "Conv1d", dict(in_channels=4, out_channels=6, kernel_size=3, padding=2, groups=2, padding_mode="circular"), True, [2, 4, 7], "randn"),
    ("conv1d_valid_nobias", "Conv1d", dict(in_channels=3, out_channels=2, kernel_size=3, padding="valid", bias=False), True, [3, 8], "randn"),
    ("conv2d_default", "Conv2d", dict(in_channels=3, out_channels=4, kernel_size=3), True, [2, 3, 6, 6], "randn"),
    ("conv2d_stride2_pad1", "Conv2d", dict(in_channels=3, out_channels=4, kernel_size=3, stride=2, padding=1), True, [2, 3, 7, 7], "randn"),
    ("conv2d_rect_dilation", "Conv2d", dict(in_channels=2, out_channels=3, kernel_size=[3, 2], stride=[1, 2], padding=[1, 2], dilation=2), True, [2, 2, 8, 7], "randn"),
    ("conv2d_groups_nobias", "Conv2d", dict(in_channels=4, out_channels=6, kernel_size=3, padding=1, groups=2, bias=False), True, [2, 4, 5, 5], "randn"),
    ("conv2d_depthwise", "Conv2d", dict(in_channels=4, out_channels=4, kernel_size=3, padding=1, groups=4), True, [1, 4, 5, 5], "randn"),
    ("conv2d_same_even_kernel", "Conv2d", dict(in_channels=2, out_channels=3, kernel_size=4, padding="same"), True, [2, 2, 6, 6], "randn"),
    ("conv2d_same_reflect", "Conv2d", dict(in_channels=2, out_channels=3, kernel_size=4, padding="same", padding_mode="reflect"), True, [2, 2, 6, 6], "randn"),
    ("conv2d_reflect", "Conv2d", dict(in_channels=2, out_channels=3, kernel_size=3, padding=1, padding_mode="reflect"), True, [2, 2, 5, 5], "randn"),
    ("conv2d_replicate", "Conv2d", dict(in_channels=2, out_channels=3, kernel_size=3, padding=[2, 1], padding_mode="replicate"), True, [2, 2, 5, 5], "randn"),
    ("conv2d_circular", "Conv2d", dict(in_channels=2, out_channels=3, kernel_size=3, stride=2, padding=1, padding_mode="circular"), True, [2, 2, 6, 6], "randn"),
    ("conv2d_valid_unbatched", "Conv2d", dict(in_channels=3, out_channels=2, kernel_size=3, padding="valid"), True, [3, 5, 5], "randn"),
    ("convt2d_stride_outpad", "ConvTranspose2d", dict(in_channels=4, out_channels=3, kernel_size=3, stride=2, padding=1, output_padding=1), True, [2, 4, 4, 4], "randn"),
    ("convt2d_groups_dilation", "ConvTranspose2d", dict(in_channels=4, out_channels=6, kernel_size=3, stride=1, padding=1, groups=2, dilation=2), True, [2, 4, 4, 4], "randn"),
    ("convt2d_nobias", "ConvTranspose2d", dict(in_channels=3, out_channels=2, kernel_size=[2, 3], stride=[2, 1], bias=False), True, [1, 3, 3, 4], "randn"),
    ("bn1d_train_2d", "BatchNorm1d", dict(num_features=4), True, [6, 4], "randn"),
    ("bn1d_train_3d", "BatchNorm1d", dict(num_features=3), True, [4, 3, 5], "randn"),
    ("bn1d_eval", "BatchNorm1d", dict(num_features=4), False, [6, 4], "randn"),
    ("bn1d_momentum_none", "BatchNorm1d", dict(num_features=4, momentum=None), True, [6, 4], "randn"),
    ("bn2d_train", "BatchNorm2d", dict(num_features=3), True, [2, 3, 4, 4], "randn"),
    ("bn2d_eval", "BatchNorm2d", dict(num_features=3), False, [2, 3, 4, 4], "randn"),
    ("bn2d_momentum_eps", "BatchNorm2d", dict(num_features=3, eps=1e-3, momentum=0.3), True, [2, 3, 4, 4], "randn"),
    ("bn2d_momentum_none", "BatchNorm2d", dict(num_features=3, momentum=None), True, [2, 3, 4, 4], "randn"),
    ("bn2d_noaffine_train", "BatchNorm2d", dict(num_features=3, affine=False), True, [2, 3, 4, 4], "randn"),
    ("bn2d_notrack_train", "BatchNorm2d", dict(num_features=3, track_running_stats=False), True, [2, 3, 4, 4], "randn"),
    ("bn2d_notrack_eval", "BatchNorm2d", dict(num_features=3, track_running_stats=False), False, [2, 3, 4, 4], "randn"),
    ("layernorm_1d", "LayerNorm", dict(normalized_shape=8), True, [3, 8], "randn"),
    ("layernorm_2d", "LayerNorm", dict(normalized_shape=[4, 5], eps=1e-3), True, [2, 3, 4, 5], "randn"),
    ("layernorm_noaffine", "LayerNorm", dict(normalized_shape=6, elementwise_affine=False), True, [2, 4, 6], "randn"),
    ("groupnorm", "GroupNorm", dict(num_groups=2, num_channels=6), True, [2, 6, 3, 3], "randn"),
    ("groupnorm_noaffine_3d", "GroupNorm", dict(num_groups=3, num_channels=6, eps=1e-3, affine=False), True, [2, 6, 5], "randn"),
    ("dropout_p0_train", "Dropout", dict(p=0.0), True, [4, 5], "randn"),
    ("dropout_eval", "Dropout", dict(p=0.5), False, [4, 5], "randn"),
    ("dropout2d_p0_train", "Dropout2d", dict(p=0.0), True, [2, 3, 4, 4], "randn"),
    ("dropout2d_eval", "Dropout2d", dict(p=0.7), False, [2, 3, 4, 4], "randn"),
    ("relu", "ReLU", dict(), True, [3, 7], "randn"),
    ("relu6", "ReLU6", dict(), True, [3, 7], "wide"),
    ("leakyrelu", "LeakyReLU", dict(), True, [3, 7], "randn"),
    ("leakyrelu_0.2", "LeakyReLU", dict(negative_slope=0.2), True, [3, 7], "randn"),
    ("gelu", "GELU", dict(), True, [3, 7], "wide"),
    ("gelu_tanh", "GELU", dict(approximate="tanh"), True, [3, 7], "wide"),
    ("silu", "SiLU", dict(), True, [3, 7], "wide"),
    ("hardswish", "Hardswish", dict(), True, [3, 7], "wide"),
    ("hardsigmoid", "Hardsigmoid", dict(), True, [3, 7], "wide"),
    ("sigmoid", "Sigmoid", dict(), True, [3, 7], "randn"),
    ("tanh", "Tanh", dict(), True, [3, 7], "randn"),
    ("softmax_dim1", "Softmax", dict(dim=1), True, [2, 5, 3], "randn"),
    ("softmax_dim_last", "Softmax", dict(dim=-1), True, [2, 5, 3], "randn"),
    ("maxpool2d_k2", "MaxPool2d", dict(kernel_size=2), True, [2, 3, 6, 6], "randn"),
    ("maxpool2d_k3s2p1", "MaxPool2d", dict(kernel_size=3, stride=2, padding=1), True, [2, 3, 7, 7], "randn"),
    ("maxpool2d_ceil", "MaxPool2d", dict(kernel_size=3, stride=2, ceil_mode=True), True, [1, 2, 6, 6], "randn"),
    ("maxpool2d_dilation", "MaxPool2d", dict(kernel_size=(2, 3), stride=(1, 2), padding=1, dilation=2), True, [1, 2, 7, 8], "randn"),
    ("avgpool2d_k2", "AvgPool2d", dict(kernel_size=2), True, [2, 3, 6, 6], "randn"),
    ("avgpool2d_no_count_pad", "AvgPool2d", dict(kernel_size=3, stride=2, padding=1, count_include_pad=False), True, [1, 2, 7, 7], "randn"),
    ("avgpool2d_ceil", "AvgPool2d", dict(kernel_size=3, stride=2, ceil_mode=True), True, [1, 2, 6, 6], "randn"),
    ("avgpool2d_divisor", "AvgPool2d", dict(kernel_size=2, divisor_override=3), True, [1, 2, 4, 4], "randn"),
    ("adaptiveavg_1", "AdaptiveAvgPool2d", dict(output_size=1), True, [2, 3, 5, 5], "randn"),
    ("adaptiveavg_3x2", "AdaptiveAvgPool2d", dict(output_size=(3, 2)), True, [2, 3, 7, 5], "randn"),
    ("flatten", "Flatten", dict(), True, [2, 3, 2, 2], "randn"),
    ("flatten_2", "Flatten", dict(start_dim=0, end_dim=1), True, [2, 3, 2], "randn"),
    ("identity", "Identity", dict(), True, [2, 3], "randn"),
    ("embedding", "Embedding", dict(num_embeddings=10, embedding_dim=3), True, [2, 4], "index10"),
    ("embedding_pad", "Embedding", dict(num_embeddings=10, embedding_dim=3, padding_idx=0), True, [3, 4], "index10pad"),
    ("embedding_pad_neg", "Embedding", dict(num_embeddings=10, embedding_dim=3, padding_idx=-1), True, [3, 4], "index10pad9"),
    # inplace=True: the layer gets x * 1 (in-place ops refuse a leaf that requires grad) and
    # overwrites and returns it; gradients still reach x
    ("relu_inplace", "ReLU", dict(inplace=True), True, [3, 7], "randn"),
    ("relu6_inplace", "ReLU6", dict(inplace=True), True, [3, 7], "wide"),
    ("leakyrelu_0.2_inplace", "LeakyReLU", dict(negative_slope=0.2, inplace=True), True, [3, 7], "randn"),
    ("silu_inplace", "SiLU", dict(inplace=True), True, [3, 7], "wide"),
    ("hardswish_inplace", "Hardswish", dict(inplace=True), True, [3, 7], "wide"),
    ("hardsigmoid_inplace", "Hardsigmoid", dict(inplace=True), True, [3, 7], "wide"),
    ("dropout_p0_train_inplace", "Dropout", dict(p=0.0, inplace=True), True, [4, 5], "randn"),
    ("dropout_eval_inplace", "Dropout", dict(p=0.5, inplace=True), False, [4, 5], "randn"),
    ("dropout2d_p0_train_inplace", "Dropout2d", dict(p=0.0, inplace=True), True, [2, 3, 4, 4], "randn"),
]


def make_input(kind, shape):
    if kind == "randn":
        return torch.randn(shape)
    if kind == "wide":  # covers the kinks of relu6/hardswish/hardsigmoid (±3, 6)
        return torch.randn(shape) * 4
    if kind.startswith("index10"):
        idx = torch.randint(0, 10, shape)
        if kind == "index10pad":
            idx.view(-1)[::3] = 0
        if kind == "index10pad9":
            idx.view(-1)[::3] = 9
        return idx
    raise ValueError(kind)


def layer_cases():
    out = []
    for i, (name, cls, kwargs, train, shape, kind) in enumerate(CASES):
        torch.manual_seed(1000 + i)
        layer = getattr(nn, cls)(**kwargs)
        if cls.startswith("BatchNorm") and layer.track_running_stats:
            with torch.no_grad():  # random running stats so eval and momentum updates are visible
                layer.running_mean.copy_(torch.randn_like(layer.running_mean) * 0.5)
                layer.running_var.copy_(torch.rand_like(layer.running_var) + 0.5)
                layer.num_batches_tracked.fill_(3)
        if cls.startswith("BatchNorm") and layer.affine:
            with torch.no_grad():
                layer.weight.copy_(torch.rand_like(layer.weight) + 0.5)
                layer.bias.copy_(torch.randn_like(layer.bias) * 0.1)
        if cls in ("LayerNorm", "GroupNorm") and getattr(layer, "weight", None) is not None:
            with torch.no_grad():
                layer.weight.copy_(torch.rand_like(layer.weight) + 0.5)
                layer.bias.copy_(torch.randn_like(layer.bias) * 0.1)
        layer.train(train)
        state = {k: enc(v) for k, v in layer.state_dict().items()}
        x = make_input(kind, shape)
        if x.is_floating_point():
            x.requires_grad_(True)
        inplace = kwargs.get("inplace", False)
        x_in = x * 1 if inplace else x
        y = layer(x_in)
        g = torch.randn(y.shape)
        (y * g).sum().backward()
        case = {
            "name": name, "layer": cls, "args": kwargs, "train": train, "repr": repr(layer),
            "state": state, "input": enc(x), "g": enc(g), "output": enc(y),
            "grads": {k: enc(p.grad) for k, p in layer.named_parameters()},
            "state_after": {k: enc(v) for k, v in layer.state_dict().items()},
            "returns_input": y is x_in,
        }
        if x.is_floating_point():
            case["grads"]["input"] = enc(x.grad)
        out.append(case)
    return out


class Block(nn.Module):
    def __init__(self, cin, cout, down):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.relu = nn.ReLU()
        self.conv2 = nn.Conv2d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout)) if down else None


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, stride=2, padding=1)
        self.bn1 = nn.BatchNorm2d(4)
        self.layer1 = nn.Sequential(Block(4, 8, True), Block(8, 8, False))
        self.pool = nn.AdaptiveAvgPool2d(1)
        self.heads = nn.ModuleDict({"cls": nn.Linear(8, 3), "aux": nn.Linear(8, 2)})
        self.extra = nn.ModuleList([nn.LayerNorm(8), nn.Dropout(0.1), nn.Embedding(5, 8, padding_idx=0)])


def module_keys():
    torch.manual_seed(0)
    net = Net()
    return {
        "state_dict": list(net.state_dict().keys()),
        "named_parameters": [k for k, _ in net.named_parameters()],
        "named_buffers": [k for k, _ in net.named_buffers()],
        "named_modules": [k for k, _ in net.named_modules()],
        "shapes": {k: list(v.shape) for k, v in net.state_dict().items()},
        "repr": repr(net),
    }


def stats(t):
    t = t.detach().double()
    return {"mean": t.mean().item(), "std": t.std().item(), "min": t.min().item(), "max": t.max().item(),
            "numel": t.numel()}


def init_stats():
    """Empirical statistics of PyTorch's initialisation on large tensors (seeded, so repeatable)."""
    torch.manual_seed(7)
    out = {}
    layers = {
        "Linear(256,128)": nn.Linear(256, 128),
        "Conv2d(64,32,3)": nn.Conv2d(64, 32, 3),
        "Conv1d(16,64,5)": nn.Conv1d(16, 64, 5),
        "Conv2d(32,64,3,groups=4)": nn.Conv2d(32, 64, 3, groups=4),
        "ConvTranspose2d(32,16,4)": nn.ConvTranspose2d(32, 16, 4),
        "Embedding(1000,64)": nn.Embedding(1000, 64),
    }
    for name, m in layers.items():
        out[name] = {k: stats(p) for k, p in m.named_parameters()}
    w = lambda: torch.empty(256, 128, 3, 3)
    inits = {
        "xavier_uniform_(256,128,3,3)": nn.init.xavier_uniform_(w()),
        "xavier_normal_gain2(256,128,3,3)": nn.init.xavier_normal_(w(), gain=2.0),
        "kaiming_uniform_relu_fan_in(256,128,3,3)": nn.init.kaiming_uniform_(w(), nonlinearity="relu"),
        "kaiming_normal_relu_fan_out(256,128,3,3)": nn.init.kaiming_normal_(w(), mode="fan_out", nonlinearity="relu"),
        "kaiming_uniform_a0.1_leaky(256,128,3,3)": nn.init.kaiming_uniform_(w(), a=0.1),
        "trunc_normal_std0.02(256,128,3,3)": nn.init.trunc_normal_(w(), std=0.02),
        "trunc_normal_m1_s2_a0_b3(256,128,3,3)": nn.init.trunc_normal_(w(), mean=1.0, std=2.0, a=0.0, b=3.0),
    }
    for k, t in inits.items():
        out[k] = {"tensor": stats(t)}
    gains = {n: nn.init.calculate_gain(n) for n in ["linear", "conv2d", "sigmoid", "tanh", "relu", "leaky_relu", "selu"]}
    gains["leaky_relu:0.2"] = nn.init.calculate_gain("leaky_relu", 0.2)
    q = nn.init.orthogonal_(torch.empty(6, 10))
    fans = {}
    for shape in ([4, 3], [8, 4, 3, 3], [6, 2, 5], [5, 7, 2, 3, 4]):
        fi, fo = nn.init._calculate_fan_in_and_fan_out(torch.empty(shape))
        fans[str(shape)] = [fi, fo]
    return {"layers": out, "gains": gains, "fans": fans,
            "orthogonal_6x10_qqt_minus_eye_max": (q @ q.t() - torch.eye(6)).abs().max().item()}


# (case name, function, kwargs, input shape): ops of F that no layer case covers.
FUNCTIONAL = [
    ("interpolate_nearest_up", "interpolate", dict(size=(5, 7), mode="nearest"), [2, 3, 3, 4]),
    ("interpolate_nearest_down", "interpolate", dict(size=(2, 3), mode="nearest"), [1, 2, 5, 7]),
    ("interpolate_bilinear", "interpolate", dict(size=(6, 5), mode="bilinear", align_corners=False), [2, 2, 3, 4]),
    ("interpolate_bilinear_align", "interpolate", dict(size=(7, 9), mode="bilinear", align_corners=True), [1, 2, 3, 4]),
    ("interpolate_bilinear_down", "interpolate", dict(size=(2, 3), mode="bilinear"), [1, 2, 5, 6]),
    ("interpolate_nearest_scale2", "interpolate", dict(scale_factor=2.0, mode="nearest"), [1, 2, 3, 4]),
    ("interpolate_nearest_scale1.5", "interpolate", dict(scale_factor=1.5, mode="nearest"), [1, 2, 3, 5]),
    ("interpolate_bilinear_scale1.5", "interpolate", dict(scale_factor=1.5, mode="bilinear"), [1, 2, 3, 5]),
    ("interpolate_bilinear_scale0.6_align", "interpolate", dict(scale_factor=0.6, mode="bilinear", align_corners=True), [1, 2, 7, 6]),
    ("log_softmax_dim1", "log_softmax", dict(dim=1), [3, 5, 2]),
    ("log_softmax_last", "log_softmax", dict(dim=-1), [4, 6]),
    ("pad_constant", "pad", dict(pad=(1, 2, 0, 1), mode="constant", value=1.5), [1, 2, 3, 4]),
    ("pad_reflect_2d", "pad", dict(pad=(2, 1, 1, 2), mode="reflect"), [1, 2, 4, 5]),
    ("pad_replicate_2d", "pad", dict(pad=(3, 0, 2, 1), mode="replicate"), [1, 2, 3, 4]),
    ("pad_circular_2d", "pad", dict(pad=(1, 2, 2, 1), mode="circular"), [1, 2, 3, 4]),
    ("pad_reflect_1d", "pad", dict(pad=(2, 3), mode="reflect"), [2, 3, 6]),
]


def functional_cases():
    import torch.nn.functional as F
    out = []
    for i, (name, fn, kwargs, shape) in enumerate(FUNCTIONAL):
        torch.manual_seed(5000 + i)
        x = torch.randn(shape, requires_grad=True)
        if fn == "interpolate":
            y = F.interpolate(x, **kwargs)
        elif fn == "log_softmax":
            y = F.log_softmax(x, **kwargs)
        else:
            y = F.pad(x, **kwargs)
        g = torch.randn(y.shape)
        (y * g).sum().backward()
        out.append({"name": name, "fn": fn, "args": kwargs, "input": enc(x), "g": enc(g), "output": enc(y),
                    "grad_input": enc(x.grad)})
    return out


def main():
    os.makedirs(OUT, exist_ok=True)
    docs = {
        "layers.json": {"torch": torch.__version__, "cases": layer_cases()},
        "module_keys.json": module_keys(),
        "init_stats.json": init_stats(),
        "functional.json": {"torch": torch.__version__, "cases": functional_cases()},
    }
    for fn, doc in docs.items():
        with open(os.path.join(OUT, fn), "w") as f:
            json.dump(doc, f, indent=None if "cases" in doc else 1)
        print(fn, os.path.getsize(os.path.join(OUT, fn)), "bytes", file=sys.stderr)


if __name__ == "__main__":
    main()
