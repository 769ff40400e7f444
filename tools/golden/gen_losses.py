#!/usr/bin/python3
"""Golden values for TrainKit's losses (trainkit-core/src/test/resources/golden/loss/*.json).

Run with Debian's PyTorch: /usr/bin/python3 tools/golden/gen_losses.py

Every case records a spec string (docs/SPEC_STRINGS.md, what dev.trainkit.nn.loss.Losses.create takes),
the arguments (float64 inputs, int64 class indices), the loss and the gradient of the loss
(of its sum, for reduction='none') with respect to every floating-point argument that needs one.

* pytorch.json: torch.nn losses as implemented by PyTorch itself.
* segmentation.json: the losses PyTorch lacks, from the straightforward reference implementations
  of the docs/PARITY.md formulas below (independent of the Java code), FocalLoss against
  torchvision.ops.sigmoid_focal_loss, LovaszLoss against a transcription of Berman et al.'s
  reference code (github.com/bermanmaxim/LovaszSoftmax, pytorch/lovasz_losses.py).
"""
import json
import os
import warnings

import torch
import torch.nn as nn
import torch.nn.functional as F
import torchvision

warnings.filterwarnings("ignore")
torch.manual_seed(1234)
D = torch.float64
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "trainkit-core", "src", "test", "resources", "golden", "loss")


def enc(t):
    return {"dtype": str(t.dtype).replace("torch.", ""), "shape": list(t.shape),
            "data": t.detach().flatten().tolist()}


def record(cases, cid, spec, fn, args, grad=None):
    """args: list of (name, tensor); grad: names of args to differentiate (default: first)."""
    grad = [args[0][0]] if grad is None else grad
    leaves = []
    for name, t in args:
        t = t.detach().clone()
        if name in grad:
            t.requires_grad_(True)
        leaves.append((name, t))
    loss = fn(*[t for _, t in leaves])
    loss.sum().backward()
    out = []
    for name, t in leaves:
        e = {"name": name, **enc(t)}
        if name in grad:
            e["grad"] = t.grad.flatten().tolist()
        out.append(e)
    cases.append({"id": cid, "spec": spec, "args": out, "loss": enc(loss)})


def w32(*v):
    return torch.tensor(v, dtype=D)  # weights exactly representable in float32


def fmt(v):
    return "[" + ", ".join(repr(float(x)) for x in v.tolist()) + "]"


# ------------------------------------------------------------------------------------- PyTorch
def pytorch_cases():
    c = []
    RED = ["mean", "sum", "none"]
    x = torch.randn(4, 5, dtype=D)
    y = torch.tensor([0, 3, 1, 4])
    w = w32(0.25, 1.0, 2.0, 0.5, 1.5)
    x4 = torch.randn(2, 3, 2, 3, dtype=D)
    y4 = torch.randint(0, 3, (2, 2, 3))
    y4[0, 0, 0] = 1
    w3 = w32(0.5, 2.0, 1.0)
    probs = torch.randn(4, 5, dtype=D).softmax(1)
    for r in RED:
        s = f"reduction='{r}'"
        record(c, f"CE/{r}", f"CrossEntropyLoss({s})", nn.CrossEntropyLoss(reduction=r), [("input", x), ("target", y)])
        record(c, f"CE/weight/{r}", f"CrossEntropyLoss(weight={fmt(w)}, {s})",
               nn.CrossEntropyLoss(weight=w, reduction=r), [("input", x), ("target", y)])
        record(c, f"CE/ignore/{r}", f"CrossEntropyLoss(ignore_index=3, {s})",
               nn.CrossEntropyLoss(ignore_index=3, reduction=r), [("input", x), ("target", y)])
        record(c, f"CE/smooth/{r}", f"CrossEntropyLoss(label_smoothing=0.1, {s})",
               nn.CrossEntropyLoss(label_smoothing=0.1, reduction=r), [("input", x), ("target", y)])
        record(c, f"CE/weight_ignore_smooth/{r}",
               f"CrossEntropyLoss(weight={fmt(w)}, ignore_index=1, label_smoothing=0.2, {s})",
               nn.CrossEntropyLoss(weight=w, ignore_index=1, label_smoothing=0.2, reduction=r),
               [("input", x), ("target", y)])
        record(c, f"CE/probs/{r}", f"CrossEntropyLoss({s})", nn.CrossEntropyLoss(reduction=r),
               [("input", x), ("target", probs)])
        record(c, f"CE/probs_weight_smooth/{r}", f"CrossEntropyLoss(weight={fmt(w)}, label_smoothing=0.1, {s})",
               nn.CrossEntropyLoss(weight=w, label_smoothing=0.1, reduction=r), [("input", x), ("target", probs)])
        record(c, f"CE/nd_weight_ignore/{r}", f"CrossEntropyLoss(weight={fmt(w3)}, ignore_index=1, {s})",
               nn.CrossEntropyLoss(weight=w3, ignore_index=1, reduction=r), [("input", x4), ("target", y4)])
        record(c, f"CE/nd_smooth/{r}", f"CrossEntropyLoss(label_smoothing=0.3, {s})",
               nn.CrossEntropyLoss(label_smoothing=0.3, reduction=r), [("input", x4), ("target", y4)])
        lx = x.log_softmax(1)
        record(c, f"NLL/{r}", f"NLLLoss({s})", nn.NLLLoss(reduction=r), [("input", lx), ("target", y)])
        record(c, f"NLL/weight_ignore/{r}", f"NLLLoss(weight={fmt(w)}, ignore_index=0, {s})",
               nn.NLLLoss(weight=w, ignore_index=0, reduction=r), [("input", lx), ("target", y)])
        record(c, f"NLL/nd_weight/{r}", f"NLLLoss(weight={fmt(w3)}, {s})", nn.NLLLoss(weight=w3, reduction=r),
               [("input", x4.log_softmax(1)), ("target", y4)])
    record(c, "CE/unbatched", "CrossEntropyLoss()", nn.CrossEntropyLoss(), [("input", x[0]), ("target", y[0])])

    a = torch.randn(3, 4, dtype=D)
    b = torch.randn(3, 4, dtype=D)
    p = torch.rand(3, 4, dtype=D) * 0.9 + 0.05
    t01 = torch.rand(3, 4, dtype=D)
    tb = (torch.rand(3, 4) > 0.5).to(D)
    w4 = w32(0.5, 1.0, 2.0, 0.25)
    for r in RED:
        s = f"reduction='{r}'"
        record(c, f"L1/{r}", f"L1Loss({s})", nn.L1Loss(reduction=r), [("input", a), ("target", b)])
        record(c, f"MSE/{r}", f"MSELoss({s})", nn.MSELoss(reduction=r), [("input", a), ("target", b)])
        record(c, f"BCE/{r}", f"BCELoss({s})", nn.BCELoss(reduction=r), [("input", p), ("target", t01)])
        record(c, f"BCE/weight/{r}", f"BCELoss(weight={fmt(w4)}, {s})", nn.BCELoss(weight=w4, reduction=r),
               [("input", p), ("target", tb)])
        record(c, f"BCEL/{r}", f"BCEWithLogitsLoss({s})", nn.BCEWithLogitsLoss(reduction=r),
               [("input", a), ("target", t01)])
        record(c, f"BCEL/weight_posweight/{r}", f"BCEWithLogitsLoss(weight={fmt(w4)}, pos_weight={fmt(w4 * 2)}, {s})",
               nn.BCEWithLogitsLoss(weight=w4, pos_weight=w4 * 2, reduction=r), [("input", a), ("target", tb)])
        record(c, f"BCEL/posweight/{r}", f"BCEWithLogitsLoss(pos_weight=[3.0], {s})",
               nn.BCEWithLogitsLoss(pos_weight=w32(3.0), reduction=r), [("input", a), ("target", t01)])
        for d in (1.0, 0.5):
            record(c, f"Huber/{d}/{r}", f"HuberLoss(delta={d}, {s})", nn.HuberLoss(delta=d, reduction=r),
                   [("input", a), ("target", b)])
        for be in (1.0, 0.5, 0.0):
            record(c, f"SmoothL1/{be}/{r}", f"SmoothL1Loss(beta={be}, {s})", nn.SmoothL1Loss(beta=be, reduction=r),
                   [("input", a), ("target", b)])
        record(c, f"SoftMargin/{r}", f"SoftMarginLoss({s})", nn.SoftMarginLoss(reduction=r),
               [("input", a), ("target", tb * 2 - 1)])
        record(c, f"HingeEmb/{r}", f"HingeEmbeddingLoss(margin=0.5, {s})", nn.HingeEmbeddingLoss(margin=0.5, reduction=r),
               [("input", a), ("target", tb * 2 - 1)])
        record(c, f"MLSM/{r}", f"MultiLabelSoftMarginLoss({s})", nn.MultiLabelSoftMarginLoss(reduction=r),
               [("input", a), ("target", tb)])
        record(c, f"MLSM/weight/{r}", f"MultiLabelSoftMarginLoss(weight={fmt(w4)}, {s})",
               nn.MultiLabelSoftMarginLoss(weight=w4, reduction=r), [("input", a), ("target", tb)])
        record(c, f"MultiMargin/{r}", f"MultiMarginLoss({s})", nn.MultiMarginLoss(reduction=r),
               [("input", x), ("target", y)])
        record(c, f"MultiMargin/p2_weight/{r}", f"MultiMarginLoss(p=2, margin=0.7, weight={fmt(w)}, {s})",
               nn.MultiMarginLoss(p=2, margin=0.7, weight=w, reduction=r), [("input", x), ("target", y)])
    lq = torch.randn(3, 4, dtype=D).log_softmax(1)
    lp = torch.randn(3, 4, dtype=D).log_softmax(1)
    for r in RED + ["batchmean"]:
        for lt in (False, True):
            tgt = lp if lt else lp.exp()
            record(c, f"KLDiv/{r}/{lt}", f"KLDivLoss(reduction='{r}', log_target={lt})",
                   nn.KLDivLoss(reduction=r, log_target=lt), [("input", lq), ("target", tgt)])
    counts = torch.poisson(torch.rand(3, 4, dtype=D) * 4)
    for r in RED:
        s = f"reduction='{r}'"
        for li in (True, False):
            for full in (False, True):
                inp = a if li else a.abs() + 0.1
                record(c, f"Poisson/{li}/{full}/{r}", f"PoissonNLLLoss(log_input={li}, full={full}, {s})",
                       nn.PoissonNLLLoss(log_input=li, full=full, reduction=r), [("input", inp), ("target", counts)])
        var = torch.rand(3, 4, dtype=D) + 0.1
        g = nn.GaussianNLLLoss(reduction=r)
        record(c, f"Gauss/hetero/{r}", f"GaussianNLLLoss({s})", g, [("input", a), ("target", b), ("var", var)],
               grad=["input", "var"])
        record(c, f"Gauss/short/{r}", f"GaussianNLLLoss({s})", g, [("input", a), ("target", b), ("var", var[:, 0])],
               grad=["input", "var"])
        record(c, f"Gauss/last1_full/{r}", f"GaussianNLLLoss(full=True, {s})", nn.GaussianNLLLoss(full=True, reduction=r),
               [("input", a), ("target", b), ("var", var[:, :1])], grad=["input", "var"])
        ypm = torch.tensor([1.0, -1.0, 1.0], dtype=D)
        record(c, f"Cosine/{r}", f"CosineEmbeddingLoss(margin=0.2, {s})",
               nn.CosineEmbeddingLoss(margin=0.2, reduction=r),
               [("input1", a), ("input2", b), ("target", ypm)], grad=["input1", "input2"])
        record(c, f"Ranking/{r}", f"MarginRankingLoss(margin=0.3, {s})", nn.MarginRankingLoss(margin=0.3, reduction=r),
               [("input1", a[:, 0]), ("input2", b[:, 0]), ("target", ypm)], grad=["input1", "input2"])
        neg = torch.randn(3, 4, dtype=D)
        record(c, f"Triplet/{r}", f"TripletMarginLoss({s})", nn.TripletMarginLoss(reduction=r),
               [("anchor", a), ("positive", b), ("negative", neg)], grad=["anchor", "positive", "negative"])
        record(c, f"Triplet/p1_swap/{r}", f"TripletMarginLoss(margin=2.0, p=1.0, swap=True, {s})",
               nn.TripletMarginLoss(margin=2.0, p=1.0, swap=True, reduction=r),
               [("anchor", a), ("positive", b), ("negative", neg)], grad=["anchor", "positive", "negative"])
        T, N, C, S = 8, 2, 5, 3
        logp = torch.randn(T, N, C, dtype=D).log_softmax(2)
        tg = torch.tensor([[1, 2, 2], [3, 1, 0]])
        il = torch.tensor([8, 6])
        tl = torch.tensor([3, 2])
        record(c, f"CTC/{r}", f"CTCLoss({s})", nn.CTCLoss(reduction=r),
               [("log_probs", logp), ("targets", tg), ("input_lengths", il), ("target_lengths", tl)])
        record(c, f"CTC/blank4_zeroinf/{r}", f"CTCLoss(blank=4, zero_infinity=True, {s})",
               nn.CTCLoss(blank=4, zero_infinity=True, reduction=r),
               [("log_probs", logp), ("targets", torch.tensor([[1, 2, 2], [3, 1, 0]])),
                ("input_lengths", torch.tensor([8, 2])), ("target_lengths", tl)])
    return c


# ----------------------------------------------------------- reference of docs/PARITY.md formulas
def prep(x, t, mode, from_logits, ignore):
    """p, target t (one-hot for multiclass), mask m and the dims that Σ runs over."""
    if mode == "multiclass":
        valid = torch.ones_like(t, dtype=torch.bool) if ignore is None else t != ignore
        p = x.softmax(1) if from_logits else x
        tt = torch.where(valid, t, torch.zeros_like(t))
        onehot = F.one_hot(tt, x.shape[1]).movedim(-1, 1).to(x.dtype)
        return p, onehot, valid.unsqueeze(1).to(x.dtype), [0] + list(range(2, x.dim()))
    valid = torch.ones_like(t, dtype=torch.bool) if ignore is None else t != ignore
    p = x.sigmoid() if from_logits else x
    tt = torch.where(valid, t, torch.zeros_like(t))
    dims = list(range(x.dim())) if mode == "binary" else [0] + list(range(2, x.dim()))
    return p, tt, valid.to(x.dtype), dims


def class_mean(per_class, weight):
    if weight is None:
        return per_class.mean()
    return (per_class * weight).sum() / weight.sum()


def sums(x, t, mode, from_logits, ignore):
    p, tt, m, dims = prep(x, t, mode, from_logits, ignore)
    tp = (p * tt * m).sum(dims)
    fp = (p * (1 - tt) * m).sum(dims)
    fn = ((1 - p) * tt * m).sum(dims)
    return tp, fp, fn, (p * m).sum(dims), (tt * m).sum(dims)


def dice_ref(x, t, mode="binary", from_logits=True, smooth=1.0, ignore=None, weight=None):
    tp, fp, fn, sp, st = sums(x, t, mode, from_logits, ignore)
    return class_mean(1 - (2 * tp + smooth) / (sp + st + smooth), weight)


def iou_ref(x, t, mode="binary", from_logits=True, smooth=1.0, ignore=None, weight=None):
    tp, fp, fn, sp, st = sums(x, t, mode, from_logits, ignore)
    return class_mean(1 - (tp + smooth) / (sp + st - tp + smooth), weight)


def tversky_per_class(x, t, mode, from_logits, smooth, ignore, alpha, beta):
    tp, fp, fn, sp, st = sums(x, t, mode, from_logits, ignore)
    return 1 - (tp + smooth) / (tp + alpha * fp + beta * fn + smooth)


def tversky_ref(x, t, mode="binary", from_logits=True, smooth=1.0, ignore=None, weight=None, alpha=0.5, beta=0.5):
    return class_mean(tversky_per_class(x, t, mode, from_logits, smooth, ignore, alpha, beta), weight)


def focal_tversky_ref(x, t, mode="binary", from_logits=True, smooth=1.0, ignore=None, weight=None,
                      alpha=0.5, beta=0.5, gamma=0.75):
    return class_mean(tversky_per_class(x, t, mode, from_logits, smooth, ignore, alpha, beta) ** gamma, weight)


def dice_bce_ref(x, t, ignore=None):
    valid = torch.ones_like(t, dtype=torch.bool) if ignore is None else t != ignore
    return F.binary_cross_entropy_with_logits(x[valid], t[valid]) + dice_ref(x, t, ignore=ignore)


def focal_binary_ref(x, t, alpha=0.25, gamma=2.0, ignore=None, reduction="mean"):
    if ignore is None:
        return torchvision.ops.sigmoid_focal_loss(x, t, alpha=alpha, gamma=gamma, reduction=reduction)
    valid = t != ignore
    return torchvision.ops.sigmoid_focal_loss(x[valid], t[valid], alpha=alpha, gamma=gamma, reduction=reduction)


def focal_probs_ref(p, t, alpha=0.25, gamma=2.0):
    ce = -(t * torch.log(p) + (1 - t) * torch.log(1 - p))
    p_t = p * t + (1 - p) * (1 - t)
    return ((alpha * t + (1 - alpha) * (1 - t)) * (1 - p_t) ** gamma * ce).mean()


def focal_multiclass_ref(x, t, gamma=2.0, ignore=None, weight=None):
    valid = torch.ones_like(t, dtype=torch.bool) if ignore is None else t != ignore
    logp = x.log_softmax(1).movedim(1, -1)[valid]       # [P, C]
    y = t[valid]
    logp_y = logp.gather(1, y.unsqueeze(1)).squeeze(1)
    w_y = torch.ones_like(logp_y) if weight is None else weight[y]
    return (-w_y * (1 - logp_y.exp()) ** gamma * logp_y).mean()


def sobolev_ref(x, y, grad_weight=1.0):
    return F.mse_loss(x, y) + grad_weight * (F.mse_loss(torch.diff(x, dim=-2), torch.diff(y, dim=-2))
                                             + F.mse_loss(torch.diff(x, dim=-1), torch.diff(y, dim=-1)))


# --- Berman et al., lovasz_losses.py (per_image=False paths), transcribed
def lovasz_grad(gt_sorted):
    # Berman's code has .float() (float32) here; the goldens are float64, so the cast keeps float64
    # (it is the only change, and it only removes float32 rounding of the gradient weights).
    p = len(gt_sorted)
    gts = gt_sorted.sum()
    intersection = gts - gt_sorted.double().cumsum(0)
    union = gts + (1 - gt_sorted).double().cumsum(0)
    jaccard = 1. - intersection / union
    if p > 1:  # cover 1-pixel case
        jaccard[1:p] = jaccard[1:p] - jaccard[0:-1]
    return jaccard


def lovasz_hinge_flat(logits, labels):
    if len(labels) == 0:
        return logits.sum() * 0.
    signs = 2. * labels.float() - 1.
    errors = (1. - logits * signs)
    errors_sorted, perm = torch.sort(errors, dim=0, descending=True)
    perm = perm.data
    gt_sorted = labels[perm]
    grad = lovasz_grad(gt_sorted)
    loss = torch.dot(F.relu(errors_sorted), grad.to(errors_sorted.dtype))
    return loss


def flatten_binary_scores(scores, labels, ignore=None):
    scores = scores.reshape(-1)
    labels = labels.reshape(-1)
    if ignore is None:
        return scores, labels
    valid = (labels != ignore)
    return scores[valid], labels[valid]


def lovasz_hinge(logits, labels, ignore=None):
    return lovasz_hinge_flat(*flatten_binary_scores(logits, labels, ignore))


def lovasz_softmax_flat(probas, labels, classes='present'):
    if probas.numel() == 0:
        return probas * 0.
    C = probas.size(1)
    losses = []
    for c in range(C):
        fg = (labels == c).to(probas.dtype)
        if classes == 'present' and fg.sum() == 0:
            continue
        class_pred = probas[:, c]
        errors = (fg - class_pred).abs()
        errors_sorted, perm = torch.sort(errors, 0, descending=True)
        perm = perm.data
        fg_sorted = fg[perm]
        losses.append(torch.dot(errors_sorted, lovasz_grad(fg_sorted).to(errors_sorted.dtype)))
    return sum(losses) / len(losses)


def flatten_probas(probas, labels, ignore=None):
    B, C = probas.shape[:2]
    probas = probas.movedim(1, -1).reshape(-1, C)
    labels = labels.reshape(-1)
    if ignore is None:
        return probas, labels
    valid = (labels != ignore)
    return probas[valid.nonzero().squeeze()], labels[valid]


def lovasz_softmax(probas, labels, ignore=None):
    return lovasz_softmax_flat(*flatten_probas(probas, labels, ignore))


def segmentation_cases():
    c = []
    xb = torch.randn(2, 1, 3, 4, dtype=D) * 2
    tb = (torch.rand(2, 1, 3, 4) > 0.5).to(D)
    tbi = tb.clone()
    tbi[0, 0, 0, :2] = 255
    tbi[1, 0, 2, 3] = 255
    pb = torch.rand(2, 1, 3, 4, dtype=D) * 0.9 + 0.05
    xm = torch.randn(2, 3, 3, 4, dtype=D) * 2
    tm = torch.randint(0, 3, (2, 3, 4))
    tmi = tm.clone()
    tmi[0, 1, :3] = 255
    tml = (torch.rand(2, 3, 3, 4) > 0.5).to(D)
    pm = torch.randn(2, 3, 3, 4, dtype=D).softmax(1)
    w3 = w32(0.5, 2.0, 1.0)
    refs = {"DiceLoss": dice_ref, "IoULoss": iou_ref, "JaccardLoss": iou_ref, "TverskyLoss": tversky_ref,
            "FocalTverskyLoss": focal_tversky_ref}
    for name, ref in refs.items():
        B = lambda *a, **k: (lambda x, t: ref(x, t, *a, **k))
        record(c, f"{name}/binary", f"{name}()", B(), [("input", xb), ("target", tb)])
        record(c, f"{name}/binary_probs_smooth0", f"{name}(from_logits=False, smooth=0.0)",
               B(from_logits=False, smooth=0.0), [("input", pb), ("target", tb)])
        record(c, f"{name}/binary_ignore", f"{name}(ignore_index=255)", B(ignore=255), [("input", xb), ("target", tbi)])
        record(c, f"{name}/multiclass", f"{name}(mode='multiclass')", B("multiclass"), [("input", xm), ("target", tm)])
        record(c, f"{name}/multiclass_ignore_weight", f"{name}(mode='multiclass', ignore_index=255, weight={fmt(w3)})",
               B("multiclass", ignore=255, weight=w3), [("input", xm), ("target", tmi)])
        record(c, f"{name}/multiclass_probs", f"{name}(mode='multiclass', from_logits=False, smooth=0.5)",
               B("multiclass", from_logits=False, smooth=0.5), [("input", pm), ("target", tm)])
        record(c, f"{name}/multilabel", f"{name}(mode='multilabel', smooth=2.0)", B("multilabel", smooth=2.0),
               [("input", xm), ("target", tml)])
    record(c, "TverskyLoss/alpha_beta", "TverskyLoss(mode='multiclass', alpha=0.3, beta=0.7)",
           lambda x, t: tversky_ref(x, t, "multiclass", alpha=0.3, beta=0.7), [("input", xm), ("target", tm)])
    record(c, "FocalTverskyLoss/gamma", "FocalTverskyLoss(mode='multilabel', alpha=0.7, beta=0.3, gamma=1.5)",
           lambda x, t: focal_tversky_ref(x, t, "multilabel", alpha=0.7, beta=0.3, gamma=1.5),
           [("input", xm), ("target", tml)])
    record(c, "DiceBCELoss/plain", "DiceBCELoss()", dice_bce_ref, [("input", xb), ("target", tb)])
    record(c, "DiceBCELoss/ignore", "DiceBCELoss(ignore_index=255)", lambda x, t: dice_bce_ref(x, t, 255),
           [("input", xb), ("target", tbi)])
    record(c, "FocalLoss/binary", "FocalLoss()", focal_binary_ref, [("input", xb), ("target", tb)])
    record(c, "FocalLoss/binary_soft_targets", "FocalLoss(alpha=0.6, gamma=1.5)",
           lambda x, t: focal_binary_ref(x, t, 0.6, 1.5), [("input", xb), ("target", torch.rand(2, 1, 3, 4, dtype=D))])
    record(c, "FocalLoss/binary_noalpha_sum", "FocalLoss(alpha=-1.0, reduction='sum')",
           lambda x, t: focal_binary_ref(x, t, -1.0, reduction="sum"), [("input", xb), ("target", tb)])
    record(c, "FocalLoss/binary_none", "FocalLoss(reduction='none')",
           lambda x, t: focal_binary_ref(x, t, reduction="none"), [("input", xb), ("target", tb)])
    record(c, "FocalLoss/binary_ignore", "FocalLoss(ignore_index=255)",
           lambda x, t: focal_binary_ref(x, t, ignore=255), [("input", xb), ("target", tbi)])
    record(c, "FocalLoss/binary_probs", "FocalLoss(from_logits=False)", focal_probs_ref,
           [("input", pb), ("target", tb)])
    record(c, "FocalLoss/multilabel", "FocalLoss(mode='multilabel', gamma=3.0)",
           lambda x, t: focal_binary_ref(x, t, gamma=3.0), [("input", xm), ("target", tml)])
    record(c, "FocalLoss/multiclass", "FocalLoss(mode='multiclass')", focal_multiclass_ref,
           [("input", xm), ("target", tm)])
    record(c, "FocalLoss/multiclass_ignore_weight", f"FocalLoss(mode='multiclass', gamma=1.0, ignore_index=255, weight={fmt(w3)})",
           lambda x, t: focal_multiclass_ref(x, t, 1.0, 255, w3), [("input", xm), ("target", tmi)])
    record(c, "LovaszLoss/binary", "LovaszLoss()", lovasz_hinge, [("input", xb), ("target", tb)])
    record(c, "LovaszLoss/binary_ignore", "LovaszLoss(ignore_index=255)", lambda x, t: lovasz_hinge(x, t, 255),
           [("input", xb), ("target", tbi)])
    record(c, "LovaszLoss/multiclass", "LovaszLoss(mode='multiclass')",
           lambda x, t: lovasz_softmax(x.softmax(1), t), [("input", xm), ("target", tm)])
    tm2 = tm.clone()
    tm2[tm2 == 2] = 0  # class 2 absent: averaged over present classes only
    record(c, "LovaszLoss/multiclass_absent_ignore", "LovaszLoss(mode='multiclass', ignore_index=255)",
           lambda x, t: lovasz_softmax(x.softmax(1), t, 255),
           [("input", xm), ("target", torch.where(tmi == 255, tmi, tm2))])
    record(c, "LovaszLoss/multiclass_probs", "LovaszLoss(mode='multiclass', from_logits=False)",
           lambda x, t: lovasz_softmax(x, t), [("input", pm), ("target", tm)])
    img = torch.randn(2, 3, 4, 5, dtype=D)
    tgt = torch.randn(2, 3, 4, 5, dtype=D)
    record(c, "SobolevLoss/default", "SobolevLoss()", sobolev_ref, [("input", img), ("target", tgt)])
    record(c, "SobolevLoss/weight", "SobolevLoss(grad_weight=0.3)", lambda x, y: sobolev_ref(x, y, 0.3),
           [("input", img[0, 0]), ("target", tgt[0, 0])])
    return c


def main():
    os.makedirs(OUT, exist_ok=True)
    for name, cases in (("pytorch.json", pytorch_cases()), ("segmentation.json", segmentation_cases())):
        meta = {"torch": torch.__version__, "torchvision": torchvision.__version__, "cases": cases}
        with open(os.path.join(OUT, name), "w") as f:
            json.dump(meta, f, separators=(",", ":"))
        print(name, len(cases), "cases")


if __name__ == "__main__":
    main()
