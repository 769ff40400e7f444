#!/usr/bin/python3
"""Generates the attention parity goldens read by AttentionParityTest.

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_attention.py
Writes trainkit-core/src/test/resources/golden/nn/attention.json.

Cases for nn.MultiheadAttention (packed and separate projections, masks bool and float, key
padding, bias_k/bias_v, add_zero_attn, unbatched input, with and without attention weights),
nn.TransformerEncoderLayer (post- and pre-norm, relu and gelu, batch_first, masks) and
nn.TransformerEncoder. Each case: constructor arguments, the state dict, the inputs (with which
inputs are the same tensor, since PyTorch packs the projections then), the call's keyword
arguments, the outputs, and the gradients of (out * g).sum() (+ (weights * gw).sum()) w.r.t. the
floating inputs and every parameter. Dropout is 0 and gradients are on, so PyTorch 1.13 takes
its reference path (not the inference fast path). Arrays are base64 little-endian.
"""
import base64
import json
import os

import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "nn")


def enc(t):
    t = t.detach().contiguous().cpu()
    dt = {torch.float32: "float32", torch.int64: "int64", torch.bool: "bool"}[t.dtype]
    arr = t.numpy().astype({"float32": "<f4", "int64": "<i8", "bool": "|b1"}[dt])
    return {"dtype": dt, "shape": list(t.shape), "data": base64.b64encode(arr.tobytes()).decode("ascii")}


def causal(l, s):
    return torch.triu(torch.ones(l, s, dtype=torch.bool), diagonal=1)


def padding(n, s):
    m = torch.zeros(n, s, dtype=torch.bool)
    for b in range(n):
        m[b, s - 1 - b:] = True  # the last b+1 keys of sample b are padding (never a whole row)
    return m


# (name, kwargs, layout: "self" | "kv" (key is value) | "qkv" (three tensors),
#  shapes (query, key, value), call kwargs builder, train)
def mha_cases():
    E, H = 8, 2
    return [
        ("mha_self_weights", dict(embed_dim=E, num_heads=H), "self", ([5, 3, E],), lambda: {}, True),
        ("mha_self_batch_first_sdpa", dict(embed_dim=E, num_heads=H, batch_first=True), "self", ([3, 5, E],),
         lambda: {"need_weights": False}, True),
        ("mha_self_eval_sdpa", dict(embed_dim=E, num_heads=4, batch_first=True), "self", ([2, 6, E],),
         lambda: {"need_weights": False}, False),
        ("mha_kv_same", dict(embed_dim=E, num_heads=H), "kv", ([4, 3, E], [6, 3, E]), lambda: {}, True),
        ("mha_qkv_per_head_weights", dict(embed_dim=E, num_heads=H), "qkv", ([4, 2, E], [6, 2, E], [6, 2, E]),
         lambda: {"average_attn_weights": False}, True),
        ("mha_kdim_vdim", dict(embed_dim=E, num_heads=H, kdim=5, vdim=7), "qkv", ([4, 2, E], [6, 2, 5], [6, 2, 7]),
         lambda: {}, True),
        ("mha_kdim_vdim_sdpa", dict(embed_dim=E, num_heads=H, kdim=5, vdim=7, batch_first=True), "qkv",
         ([2, 4, E], [2, 6, 5], [2, 6, 7]), lambda: {"need_weights": False}, True),
        ("mha_bool_masks_weights", dict(embed_dim=E, num_heads=H, batch_first=True), "self", ([3, 5, E],),
         lambda: {"attn_mask": causal(5, 5), "key_padding_mask": padding(3, 5)}, True),
        ("mha_bool_masks_sdpa", dict(embed_dim=E, num_heads=H, batch_first=True), "self", ([3, 5, E],),
         lambda: {"attn_mask": causal(5, 5), "key_padding_mask": padding(3, 5), "need_weights": False}, True),
        ("mha_float_mask_3d", dict(embed_dim=E, num_heads=H), "kv", ([4, 2, E], [6, 2, E]),
         lambda: {"attn_mask": torch.randn(2 * H, 4, 6)}, True),
        ("mha_float_mask_3d_sdpa", dict(embed_dim=E, num_heads=H), "kv", ([4, 2, E], [6, 2, E]),
         lambda: {"attn_mask": torch.randn(2 * H, 4, 6), "need_weights": False}, True),
        ("mha_float_mask_bool_padding", dict(embed_dim=E, num_heads=H), "self", ([5, 3, E],),
         lambda: {"attn_mask": torch.randn(5, 5), "key_padding_mask": padding(3, 5)}, True),
        ("mha_float_padding", dict(embed_dim=E, num_heads=H, batch_first=True), "self", ([3, 5, E],),
         lambda: {"key_padding_mask": torch.randn(3, 5)}, True),
        ("mha_bias_kv_zero_attn", dict(embed_dim=E, num_heads=H, add_bias_kv=True, add_zero_attn=True), "kv",
         ([4, 3, E], [6, 3, E]), lambda: {"attn_mask": causal(4, 6), "key_padding_mask": padding(3, 6)}, True),
        ("mha_bias_kv_sdpa", dict(embed_dim=E, num_heads=H, add_bias_kv=True, batch_first=True), "self",
         ([3, 5, E],), lambda: {"key_padding_mask": padding(3, 5), "need_weights": False}, True),
        ("mha_no_bias", dict(embed_dim=E, num_heads=H, bias=False), "self", ([5, 2, E],), lambda: {}, True),
        ("mha_unbatched", dict(embed_dim=E, num_heads=H), "kv", ([4, E], [6, E]),
         lambda: {"key_padding_mask": torch.tensor([False, False, False, False, True, True])}, True),
        ("mha_unbatched_sdpa_3d_mask", dict(embed_dim=E, num_heads=H, batch_first=True), "self", ([5, E],),
         lambda: {"attn_mask": causal(5, 5).unsqueeze(0).expand(H, 5, 5).contiguous(), "need_weights": False}, True),
    ]


def randomise(module):
    with torch.no_grad():  # biases and LayerNorms away from their 0/1 init so every term shows
        for name, p in module.named_parameters():
            if name.endswith("bias") or "norm" in name:
                p.copy_(torch.randn_like(p) * 0.5 + (1.0 if name.endswith("weight") else 0.0))


def run(module, inputs, call, train, names):
    module.train(train)
    for x in inputs:
        x.requires_grad_(True)
    out = call(*inputs)
    outs = out if isinstance(out, tuple) else (out, None)
    g = torch.randn(outs[0].shape)
    loss = (outs[0] * g).sum()
    case = {"output": enc(outs[0]), "g": enc(g)}
    if outs[1] is not None:
        gw = torch.randn(outs[1].shape)
        loss = loss + (outs[1] * gw).sum()
        case["weights"] = enc(outs[1])
        case["gw"] = enc(gw)
    loss.backward()
    grads = {k: enc(p.grad) for k, p in module.named_parameters()}
    for n, x in zip(names, inputs):
        grads["input." + n] = enc(x.grad)
    case["grads"] = grads
    return case


def mha(i, name, kwargs, layout, shapes, kw, train):
    torch.manual_seed(100 + i)
    m = nn.MultiheadAttention(**kwargs)
    randomise(m)
    state = {k: enc(v) for k, v in m.state_dict().items()}
    tensors = [torch.randn(s) for s in shapes]
    call_kwargs = kw()
    names = {"self": ["query"], "kv": ["query", "key"], "qkv": ["query", "key", "value"]}[layout]

    def call(*xs):
        q = xs[0]
        k = xs[1] if len(xs) > 1 else q
        v = xs[2] if len(xs) > 2 else k
        return m(q, k, v, **call_kwargs)

    case = run(m, tensors, call, train, names)
    case.update({"name": name, "module": "MultiheadAttention", "args": kwargs, "layout": layout, "train": train,
                 "state": state, "inputs": {n: enc(t) for n, t in zip(names, tensors)},
                 "need_weights": call_kwargs.get("need_weights", True),
                 "average_attn_weights": call_kwargs.get("average_attn_weights", True),
                 "masks": {k: enc(v) for k, v in call_kwargs.items() if k in ("attn_mask", "key_padding_mask")}})
    return case


def encoder_cases():
    return [
        ("layer_post_norm_relu", "TransformerEncoderLayer",
         dict(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0), None, [5, 3, 8], lambda: {}, True),
        ("layer_pre_norm_gelu_batch_first", "TransformerEncoderLayer",
         dict(d_model=8, nhead=4, dim_feedforward=12, dropout=0.0, activation="gelu", batch_first=True,
              norm_first=True, layer_norm_eps=1e-6), None, [3, 5, 8],
         lambda: {"src_key_padding_mask": padding(3, 5)}, True),
        ("layer_causal_mask_eval", "TransformerEncoderLayer",
         dict(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, batch_first=True), None, [2, 5, 8],
         lambda: {"src_mask": causal(5, 5)}, False),
        ("encoder_two_layers_norm", "TransformerEncoder",
         dict(d_model=8, nhead=2, dim_feedforward=16, dropout=0.0, activation="gelu", batch_first=True), 2,
         [3, 5, 8], lambda: {"src_key_padding_mask": padding(3, 5)}, True),
    ]


def encoder(i, name, cls, kwargs, num_layers, shape, kw, train):
    torch.manual_seed(200 + i)
    layer = nn.TransformerEncoderLayer(**kwargs)
    if cls == "TransformerEncoder":
        m = nn.TransformerEncoder(layer, num_layers, norm=nn.LayerNorm(kwargs["d_model"]), enable_nested_tensor=False)
    else:
        m = layer
    randomise(m)
    with torch.no_grad():  # layers of an encoder start equal (deepcopy): make them differ
        for p in m.parameters():
            p.add_(torch.randn_like(p) * 0.1)
    state = {k: enc(v) for k, v in m.state_dict().items()}
    x = torch.randn(shape)
    call_kwargs = kw()
    mask_key = "mask" if cls == "TransformerEncoder" else "src_mask"
    call_kwargs = {(mask_key if k == "src_mask" else k): v for k, v in call_kwargs.items()}
    case = run(m, [x], lambda s: m(s, **call_kwargs), train, ["src"])
    case.update({"name": name, "module": cls, "args": kwargs, "num_layers": num_layers, "train": train,
                 "state": state, "inputs": {"src": enc(x)},
                 "masks": {("src_mask" if k == "mask" else k): enc(v) for k, v in call_kwargs.items()}})
    return case


def main():
    cases = [mha(i, *c) for i, c in enumerate(mha_cases())]
    cases += [encoder(i, *c) for i, c in enumerate(encoder_cases())]
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, "attention.json"), "w") as f:
        json.dump({"torch": torch.__version__, "cases": cases}, f)
    print("wrote", len(cases), "cases")


if __name__ == "__main__":
    main()
