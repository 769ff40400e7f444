#!/usr/bin/python3
"""Generates trainkit-core/src/test/resources/golden/recipe.json from real PyTorch 1.13 / torchvision 0.14.

Run with Debian's PyTorch:  /usr/bin/python3 tools/golden/gen_recipe.py

The training side of torchvision's classification reference recipe
(references/classification/train.py and utils.py of torchvision 0.14), written out from its
documented semantics:

- ema_adjust: the decay train.py gives utils.ExponentialMovingAverage for --model-ema-decay,
  --model-ema-steps, --batch-size, --epochs and the world size
  (adjust = world_size * batch_size * model_ema_steps / epochs; alpha = min(1, (1 - decay) * adjust)).
- ema_run: an AveragedModel(use_buffers=True) with the EMA avg_fn (what utils.ExponentialMovingAverage
  is) driven by train.py's loop rule (update when i % model_ema_steps == 0; n_averaged reset during
  the lr warmup epochs), on model states drawn at random after every optimizer step.
- timm_v3_decay: timm ModelEmaV3.get_decay(step) with use_warmup=True (formula; timm is not installed).
- weight_decay_groups: utils.set_weight_decay(model, wd, norm_weight_decay, custom keys) as train.py
  calls it for --norm-weight-decay, --bias-weight-decay and --transformer-embedding-decay, on
  torchvision models; parameter names per group.
- swa_run: torch.optim.swa_utils' documented SWA loop (AveragedModel, SWALR from a start epoch,
  the main scheduler stepped before it) on a linear classifier with SGD.
"""
import json
import os

import torch
import torchvision

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden",
                   "recipe.json")


def reference_decay(decay, world, batch, steps, epochs):
    adjust = world * batch * steps / epochs
    alpha = 1.0 - decay
    alpha = min(1.0, alpha * adjust)
    return 1.0 - alpha


def ema_adjust():
    cases = []
    for decay, world, batch, steps, epochs in [(0.99998, 1, 32, 32, 600), (0.99998, 8, 128, 32, 600),
                                               (0.9999, 2, 64, 16, 90), (0.9, 1, 4, 2, 3), (0.5, 4, 256, 32, 10),
                                               (0.99, 1, 4, 2, 3)]:
        cases.append(dict(model_ema_decay=decay, world_size=world, batch_size=batch, model_ema_steps=steps,
                          epochs=epochs, decay=reference_decay(decay, world, batch, steps, epochs)))
    return cases


def tensors(sd):
    return {k: v.detach().flatten().tolist() for k, v in sd.items()}


def ema_run():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.BatchNorm1d(4), torch.nn.Linear(4, 2))
    epochs, batches, steps, warmup, batch_size, world = 3, 5, 2, 1, 4, 1
    decay = reference_decay(0.9, world, batch_size, steps, epochs)

    def ema_avg(avg, value, n):
        return decay * avg + (1 - decay) * value

    ema = torch.optim.swa_utils.AveragedModel(model, avg_fn=ema_avg, use_buffers=True)
    initial = tensors(model.state_dict())
    snapshots = []
    after_epoch = []
    g = torch.Generator().manual_seed(1)
    for epoch in range(epochs):
        for i in range(batches):
            with torch.no_grad():  # the optimizer step: new weights and statistics
                for t in list(model.parameters()) + [model[1].running_mean]:
                    t.copy_(torch.randn(t.shape, generator=g))
                model[1].running_var.copy_(torch.rand(4, generator=g) + 0.5)
            snapshots.append(tensors(model.state_dict()))
            if i % steps == 0:
                ema.update_parameters(model)
                if epoch < warmup:
                    ema.n_averaged.fill_(0)
        after_epoch.append(dict(n_averaged=int(ema.n_averaged), state=tensors(ema.module.state_dict())))
    return dict(model_ema_decay=0.9, epochs=epochs, batches=batches, model_ema_steps=steps, lr_warmup_epochs=warmup,
                batch_size=batch_size, decay=decay, initial=initial, snapshots=snapshots, after_epoch=after_epoch)


def timm_v3_decay():
    out = []
    for decay, gamma, power, min_decay in [(0.9999, 1.0, 2 / 3, 0.0), (0.999, 2.0, 0.75, 0.1)]:
        values = []
        for step in range(0, 40):
            t = max(0, step - 0 - 1)
            if t <= 0:
                d = 0.0
            else:
                d = 1 - (1 + t / gamma) ** -power
                d = max(min(d, decay), min_decay)
            values.append(d)
        out.append(dict(decay=decay, warmup_gamma=gamma, warmup_power=power, min_decay=min_decay, decays=values))
    return out


NORM_CLASSES = (torch.nn.modules.batchnorm._BatchNorm, torch.nn.LayerNorm, torch.nn.GroupNorm,
                torch.nn.modules.instancenorm._InstanceNorm, torch.nn.LocalResponseNorm)
EMBEDDING_KEYS = ["class_token", "position_embedding", "relative_position_bias_table"]


def weight_decay_groups(model, weight_decay, norm_weight_decay, custom):
    names = {id(p): n for n, p in model.named_parameters()}
    groups = {"other": [], "norm": []}
    decays = {"other": weight_decay, "norm": norm_weight_decay}
    for k, v in custom:
        groups[k] = []
        decays[k] = v

    def visit(module, prefix):
        for name, p in module.named_parameters(recurse=False):
            if not p.requires_grad:
                continue
            key = None
            for k, _ in custom:
                target = f"{prefix}.{name}" if prefix != "" and "." in k else name
                if k == target:
                    key = k
                    break
            if key is None:
                key = "norm" if norm_weight_decay is not None and isinstance(module, NORM_CLASSES) else "other"
            groups[key].append(names[id(p)])
        for child_name, child in module.named_children():
            visit(child, f"{prefix}.{child_name}" if prefix != "" else child_name)

    visit(model, "")
    return [dict(weight_decay=decays[k], params=v) for k, v in groups.items() if v]


def wd_cases():
    out = []
    for name, kwargs in [("resnet18", {}), ("swin_t", {}), ("mobilenet_v3_small", {})]:
        model = torchvision.models.get_model(name, **kwargs) if hasattr(torchvision.models, "get_model") \
            else getattr(torchvision.models, name)(**kwargs)
        for wd, norm, bias, emb in [(1e-4, 0.0, None, None), (0.05, 0.0, 0.0, 0.0), (2e-5, None, 0.0, None),
                                    (0.05, None, None, 0.0)]:
            custom = []
            if bias is not None:
                custom.append(("bias", bias))
            if emb is not None:
                custom += [(k, emb) for k in EMBEDDING_KEYS]
            out.append(dict(model=name, weight_decay=wd, norm_weight_decay=norm, bias_weight_decay=bias,
                            transformer_embedding_decay=emb, groups=weight_decay_groups(model, wd, norm, custom)))
    return out


def swa_run():
    torch.manual_seed(3)
    n = 12
    x = torch.randn(n, 2)
    y = torch.arange(n) % 3
    x += torch.stack([torch.tensor([[-2.0, 0.0], [2.0, 0.0], [0.0, 2.5]])[c] for c in y.tolist()])
    model = torch.nn.Linear(2, 3)
    initial = tensors(model.state_dict())
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    sched = torch.optim.lr_scheduler.StepLR(opt, step_size=1, gamma=0.5)
    swa_model = torch.optim.swa_utils.AveragedModel(model)
    epochs, swa_start, batch = 5, 2, 4
    swa_sched = None
    lrs = []
    loss_fn = torch.nn.CrossEntropyLoss()
    for epoch in range(epochs):
        if epoch >= swa_start and swa_sched is None:
            swa_sched = torch.optim.swa_utils.SWALR(opt, swa_lr=0.05, anneal_epochs=2, anneal_strategy="cos")
        for b in range(0, n, batch):
            opt.zero_grad()
            loss_fn(model(x[b:b + batch]), y[b:b + batch]).backward()
            opt.step()
        lrs.append(opt.param_groups[0]["lr"])
        if swa_sched is not None:
            swa_model.update_parameters(model)
            swa_sched.step()
        else:
            sched.step()
    return dict(x=x.flatten().tolist(), y=y.tolist(), initial=initial, epochs=epochs, swa_epoch_start=swa_start + 1,
                swa_lr=0.05, annealing_epochs=2, batch_size=batch, lr=0.1, lrs=lrs,
                n_averaged=int(swa_model.n_averaged), averaged=tensors(swa_model.module.state_dict()))


def main():
    out = dict(torch=torch.__version__, torchvision=torchvision.__version__, ema_adjust=ema_adjust(), ema_run=ema_run(),
               timm_v3_decay=timm_v3_decay(), weight_decay_groups=wd_cases(), swa_run=swa_run())
    with open(OUT, "w") as f:
        json.dump(out, f)
        f.write("\n")


if __name__ == "__main__":
    main()
