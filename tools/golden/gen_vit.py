#!/usr/bin/python3
"""Writes small torchvision 0.14 VisionTransformer goldens for VisionTransformerTest.

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_vit.py
Writes trainkit-core/src/test/resources/golden/zoo/vit/ (torch.save, zip format, read by TrainKit's PthReader):
  <case>_state.pth   the state_dict of a tiny VisionTransformer (biases, heads, class token and
                     LayerNorms randomised: torchvision zero-initialises the head)
  <case>_io.pth      "input", "eval/logits", "features/<node>" (the output of the modules
                     encoder_layer_0 and encoder.ln, patch tokens as a (N, C, 4, 4) grid), "train/logits" (dropouts 0), "grad/input" and
                     "grad/<param>" (gradients of (train logits * g).sum(), with "g"), and for the
                     interpolation case "interp/input", "interp/pos_embedding" (torchvision's
                     interpolate_embeddings to image_size=INTERP_SIZE) and "interp/logits"
Cases: "plain" (no representation layer) and "pre_logits" (representation_size=12).
"""
import os

import torch
from torchvision.models.vision_transformer import VisionTransformer, interpolate_embeddings

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "zoo", "vit")
# image_size, patch_size, num_layers, num_heads, hidden_dim, mlp_dim, num_classes
TINY = dict(image_size=16, patch_size=4, num_layers=2, num_heads=2, hidden_dim=16, mlp_dim=24, num_classes=5)
INTERP_SIZE = 24  # 4x4 patch grid -> 6x6
CASES = {"plain": {}, "pre_logits": {"representation_size": 12}}


def randomise(model, gen):
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias") or name.startswith("heads") or name == "class_token":
                p.copy_(torch.randn(p.shape, generator=gen) * 0.5)
            elif ".ln" in name and name.endswith("weight"):
                p.copy_(torch.rand(p.shape, generator=gen) + 0.5)


def main():
    os.makedirs(OUT, exist_ok=True)
    for case, extra in CASES.items():
        torch.manual_seed(0)
        model = VisionTransformer(**TINY, **extra)
        gen = torch.Generator().manual_seed(1)
        randomise(model, gen)
        state = model.state_dict()
        io = {}
        x = torch.randn((2, 3, 16, 16), generator=gen)
        io["input"] = x
        model.eval()
        with torch.no_grad():
            io["eval/logits"] = model(x)
            # feature maps: torchvision's return nodes, patch tokens (class token dropped) on the 4x4 grid
            nodes = ["encoder.layers.encoder_layer_0", "encoder.ln"]
            feats = {}  # forward hooks: create_feature_extractor's FX trace fails on ViT here
            hooks = [model.get_submodule(n).register_forward_hook(
                lambda mod, inp, out, n=n: feats.__setitem__(n, out)) for n in nodes]
            model(x)
            for h in hooks:
                h.remove()
            for node in nodes:
                t = feats[node][:, 1:]
                io["features/" + node] = t.permute(0, 2, 1).reshape(t.shape[0], t.shape[2], 4, 4)
        model.train()
        xg = x.clone().requires_grad_(True)
        out = model(xg)
        g = torch.randn(out.shape, generator=gen)
        (out * g).sum().backward()
        io["train/logits"] = out.detach()
        io["g"] = g
        io["grad/input"] = xg.grad
        for k, p in model.named_parameters():
            io["grad/" + k] = p.grad.clone()
        interp_state = interpolate_embeddings(INTERP_SIZE, TINY["patch_size"], dict(state))
        big = VisionTransformer(**{**TINY, "image_size": INTERP_SIZE}, **extra)
        big.load_state_dict(interp_state)
        big.eval()
        xi = torch.randn((2, 3, INTERP_SIZE, INTERP_SIZE), generator=gen)
        with torch.no_grad():
            io["interp/input"] = xi
            io["interp/pos_embedding"] = interp_state["encoder.pos_embedding"]
            io["interp/logits"] = big(xi)
        torch.save({k: v.detach().clone().contiguous() for k, v in state.items()},
                   os.path.join(OUT, case + "_state.pth"))
        torch.save({k: v.detach().clone().contiguous() for k, v in io.items()}, os.path.join(OUT, case + "_io.pth"))
        print(case, len(state), "state entries")


if __name__ == "__main__":
    main()
