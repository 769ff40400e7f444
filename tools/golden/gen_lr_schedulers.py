#!/usr/bin/python3
"""Generates trainkit-core/src/test/resources/golden/lr_schedulers.json from real PyTorch.

Run with Debian's PyTorch:  /usr/bin/python3 tools/golden/gen_lr_schedulers.py

Each scenario builds an optimizer over dummy parameters (one or more param groups), builds the
schedulers from the same spec strings TrainKit parses (evaluated here as Python calls with the
optimizer bound as first argument), and records, for every step i, each group's lr and momentum
(or betas[0]) read BEFORE the i-th scheduler step (and no scheduler step after the last record). ReduceLROnPlateau steps with metrics[i];
scenarios with "epochs" call step(epochs[i]) (CosineAnnealingWarmRestarts). Scenarios with
"resume_at" save optimizer + scheduler state after that many steps, build a fresh optimizer and
scheduler, load both states and continue (the recorded values must equal an uninterrupted run).
"""
import copy
import json
import math
import os
import sys

import torch
from torch.optim import lr_scheduler as L
import torch.optim.swa_utils

EXPR_NS = {"__builtins__": {}, "min": min, "max": max, "exp": math.exp, "log": math.log, "cos": math.cos,
           "sin": math.sin, "sqrt": math.sqrt, "floor": math.floor, "ceil": math.ceil, "abs": abs,
           "pi": math.pi, "e": math.e}


def expr_fn(src, var):
    code = compile(src, "<expr>", "eval")
    return lambda v: eval(code, EXPR_NS, {var: v})


def lambdas(v):
    return [expr_fn(s, "epoch") for s in v] if isinstance(v, list) else expr_fn(v, "epoch")


def scheduler_namespace(opt):
    def bind(cls, fix=None):
        def make(*args, **kw):
            if fix:
                kw = fix(kw)
            return cls(opt, *args, **kw)
        return make

    def fix_lambda(kw):
        kw = dict(kw)
        kw["lr_lambda"] = lambdas(kw["lr_lambda"])
        return kw

    def fix_scale(kw):
        kw = dict(kw)
        if isinstance(kw.get("scale_fn"), str):
            kw["scale_fn"] = expr_fn(kw["scale_fn"], "x")
        return kw

    ns = {"__builtins__": {}, "True": True, "False": False, "None": None}
    for name in ["StepLR", "MultiStepLR", "ConstantLR", "LinearLR", "ExponentialLR", "PolynomialLR",
                 "CosineAnnealingLR", "ReduceLROnPlateau", "OneCycleLR", "CosineAnnealingWarmRestarts",
                 "SequentialLR"]:
        ns[name] = bind(getattr(L, name))
    ns["LambdaLR"] = bind(L.LambdaLR, fix_lambda)
    ns["MultiplicativeLR"] = bind(L.MultiplicativeLR, fix_lambda)
    ns["CyclicLR"] = bind(L.CyclicLR, fix_scale)
    ns["ChainedScheduler"] = lambda schedulers: L.ChainedScheduler(schedulers)
    ns["SWALR"] = bind(torch.optim.swa_utils.SWALR)
    return ns


def make_optimizer(spec, lrs):
    groups = [{"params": [torch.zeros(1, requires_grad=True)], "lr": lr} for lr in lrs]
    ns = {"__builtins__": {}, "True": True, "False": False}
    for name in ["SGD", "Adam", "AdamW", "RMSprop", "Adagrad"]:
        cls = getattr(torch.optim, name)
        ns[name] = (lambda c: (lambda **kw: c(groups, **kw)))(cls)
    return eval(spec, ns)


def momentum_of(g):
    if "momentum" in g:
        return float(g["momentum"])
    if "betas" in g:
        return float(g["betas"][0])
    return None


def copy_state(sd):
    # 1.13's CyclicLR state holds a WeakMethod (_scale_fn_ref) bound to the old scheduler: it can
    # not be deep-copied and is dead after loading. PyTorch 2.x drops it from state_dict() and
    # rebuilds it in load_state_dict(); we follow 2.x by dropping it here.
    return {k: copy.deepcopy(v) for k, v in sd.items() if k != "_scale_fn_ref"}


def build(sc):
    opt = make_optimizer(sc["optimizer"], sc["lrs"])
    ns = scheduler_namespace(opt)
    scheds = [eval(s, ns) for s in sc["specs"]]
    return opt, scheds


def run(sc):
    opt, scheds = build(sc)
    lr, mom = [], []
    for i in range(sc["steps"]):
        if sc.get("resume_at") == i:
            opt_state = copy.deepcopy(opt.state_dict())
            sched_states = [copy_state(s.state_dict()) for s in scheds]
            opt, scheds = build(sc)
            opt.load_state_dict(opt_state)
            for s, st in zip(scheds, sched_states):
                s.load_state_dict(st)
        lr.append([float(g["lr"]) for g in opt.param_groups])
        mom.append([momentum_of(g) for g in opt.param_groups])
        opt.step()
        if i == sc["steps"] - 1:
            break  # the values of the last step are recorded; no scheduler step after it
        for s in scheds:
            if "metrics" in sc:
                s.step(sc["metrics"][i])
            elif "epochs" in sc:
                s.step(sc["epochs"][i])
            else:
                s.step()
    out = dict(sc)
    out["expected_lr"] = lr
    out["expected_momentum"] = mom
    return out


SGD = "SGD(lr=0.1)"
SGDM = "SGD(lr=0.1, momentum=0.9)"
ADAM = "Adam(lr=0.001)"


def S(name, specs, steps=15, optimizer=SGD, lrs=(0.1,), **extra):
    if isinstance(specs, str):
        specs = [specs]
    d = {"name": name, "optimizer": optimizer, "lrs": list(lrs), "specs": specs, "steps": steps}
    d.update(extra)
    return d


PLATEAU_METRICS = [1.0, 0.9, 0.95, 0.95, 0.94, 0.96, 0.8, 0.81, 0.82, 0.83, 0.84, 0.7, 0.7, 0.71, 0.72,
                   0.73, 0.6, 0.61, 0.62, 0.63]
PLATEAU_UP = [0.5, 0.6, 0.58, 0.59, 0.6, 0.7, 0.69, 0.69, 0.7, 0.705, 0.8, 0.79, 0.78, 0.9, 0.9, 0.89,
              0.88, 0.95, 0.94, 0.93]

SCENARIOS = [
    S("step_basic", "StepLR(step_size=3, gamma=0.5)", 12),
    S("step_positional", "StepLR(3)", 10),
    S("step_two_groups", "StepLR(step_size=2, gamma=0.1)", 8, lrs=(0.1, 0.01)),
    S("multistep_repeated", "MultiStepLR(milestones=[2, 5, 5, 8], gamma=0.5)", 12),
    S("multistep_default_gamma", "MultiStepLR(milestones=[3, 6])", 10, lrs=(0.05, 0.5)),
    S("constant", "ConstantLR(factor=0.5, total_iters=4)", 8),
    S("constant_defaults", "ConstantLR()", 8),
    S("linear_warmup", "LinearLR(start_factor=0.25, end_factor=1.0, total_iters=6)", 10),
    S("linear_decay", "LinearLR(start_factor=1.0, end_factor=0.1, total_iters=5)", 9, lrs=(0.1, 0.02)),
    S("linear_defaults", "LinearLR()", 8),
    S("exponential", "ExponentialLR(gamma=0.9)", 12),
    S("exponential_positional_two_groups", "ExponentialLR(0.8)", 8, lrs=(0.1, 1.0)),
    S("polynomial_power2", "PolynomialLR(total_iters=8, power=2.0)", 12),
    S("polynomial_defaults", "PolynomialLR()", 8),
    S("polynomial_power09", "PolynomialLR(total_iters=10, power=0.9)", 12),
    S("cosine_past_tmax", "CosineAnnealingLR(T_max=10)", 25),
    S("cosine_eta_min_two_groups", "CosineAnnealingLR(T_max=7, eta_min=0.001)", 30, lrs=(0.1, 0.05)),
    S("lambda_book_step", "LambdaLR(lr_lambda='0.1 ** (epoch // 3)')", 10),
    S("lambda_per_group", "LambdaLR(lr_lambda=['0.95 ** epoch', 'epoch // 3 + 1'])", 10, lrs=(0.1, 0.01)),
    S("lambda_warmup_cosine", "LambdaLR(lr_lambda='min(1.0, (epoch + 1) / 5) * 0.5 * (1 + cos(pi * epoch / 20))')", 20),
    S("lambda_inverse_sqrt", "LambdaLR(lr_lambda='sqrt(5) / sqrt(max(epoch, 5))')", 12),
    S("lambda_operators", "LambdaLR(lr_lambda='-2 ** 2 * -0.1 + (epoch % 4) / 8 - (-7 // 2) * 0.01 + 2 ** -1 ** 2')", 8),
    S("lambda_exp_log", "LambdaLR(lr_lambda='exp(-0.1 * epoch) + log(epoch + 1) * 0.01 + floor(epoch / 3) * 0.001 + ceil(epoch / 4) * 0.0001 + sin(epoch) * 0.001')", 10),
    S("multiplicative_const", "MultiplicativeLR(lr_lambda='0.95')", 10),
    S("multiplicative_mod", "MultiplicativeLR(lr_lambda='1 - 0.05 * (epoch % 3)')", 10, lrs=(0.1, 0.3)),
    S("plateau_min_rel", "ReduceLROnPlateau(mode='min', factor=0.5, patience=2)", 20, metrics=PLATEAU_METRICS),
    S("plateau_max_abs", "ReduceLROnPlateau(mode='max', factor=0.1, patience=1, threshold=0.1, threshold_mode='abs')", 20, metrics=PLATEAU_UP),
    S("plateau_max_rel", "ReduceLROnPlateau(mode='max', threshold_mode='rel', threshold=0.05, patience=0, factor=0.5)", 20, metrics=PLATEAU_UP),
    S("plateau_min_abs_cooldown", "ReduceLROnPlateau(mode='min', threshold_mode='abs', threshold=0.05, patience=1, cooldown=2, factor=0.5)", 20, metrics=PLATEAU_METRICS),
    S("plateau_min_lr_list", "ReduceLROnPlateau(factor=0.5, patience=0, min_lr=[0.02, 0.001])", 20, lrs=(0.1, 0.01), metrics=PLATEAU_METRICS),
    S("plateau_min_lr_eps", "ReduceLROnPlateau(factor=0.5, patience=0, min_lr=0.03, eps=0.01)", 20, metrics=PLATEAU_METRICS),
    S("plateau_cooldown_default_min", "ReduceLROnPlateau(patience=1, cooldown=1, factor=0.2)", 20, metrics=PLATEAU_METRICS),
    S("cyclic_triangular_momentum", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4)", 20, optimizer=SGDM),
    S("cyclic_triangular2_asym", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=3, step_size_down=5, mode='triangular2')", 40, optimizer=SGDM),
    S("cyclic_exp_range", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4, mode='exp_range', gamma=0.9)", 30, optimizer=SGDM),
    S("cyclic_groups_no_momentum", "CyclicLR(base_lr=[0.01, 0.02], max_lr=[0.1, 0.2], step_size_up=2, cycle_momentum=False)", 12, lrs=(0.1, 0.1)),
    S("cyclic_scale_fn_iterations", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=3, scale_fn='1 / (x + 1) ** 0.5', scale_mode='iterations')", 24, optimizer=SGDM),
    S("cyclic_scale_fn_cycle", "CyclicLR(base_lr=0.001, max_lr=0.01, step_size_up=2, scale_fn='0.5 ** (x - 1)', scale_mode='cycle', base_momentum=0.85, max_momentum=0.95)", 20, optimizer=SGDM),
    S("cyclic_momentum_lists", "CyclicLR(base_lr=0.01, max_lr=[0.1, 0.05], step_size_up=3, base_momentum=[0.7, 0.75], max_momentum=[0.9, 0.95])", 15, optimizer=SGDM, lrs=(0.1, 0.1)),
    S("cyclic_rmsprop_momentum", "CyclicLR(base_lr=0.001, max_lr=0.006, step_size_up=5)", 20, optimizer="RMSprop(lr=0.01)"),
    S("onecycle_cos", "OneCycleLR(max_lr=0.1, total_steps=20)", 20, optimizer=SGDM),
    S("onecycle_linear", "OneCycleLR(max_lr=0.1, total_steps=20, anneal_strategy='linear')", 20, optimizer=SGDM),
    S("onecycle_three_phase", "OneCycleLR(max_lr=0.1, total_steps=30, three_phase=True)", 30, optimizer=SGDM),
    S("onecycle_adam_epochs", "OneCycleLR(max_lr=0.01, epochs=4, steps_per_epoch=5, pct_start=0.25, div_factor=10.0, final_div_factor=100.0)", 20, optimizer=ADAM, lrs=(0.001,)),
    S("onecycle_groups", "OneCycleLR(max_lr=[0.1, 0.05], total_steps=16, base_momentum=0.8, max_momentum=0.9)", 16, optimizer=SGDM, lrs=(0.1, 0.1)),
    S("onecycle_no_momentum", "OneCycleLR(max_lr=0.1, total_steps=15, cycle_momentum=False)", 15),
    S("onecycle_three_phase_linear_adamw", "OneCycleLR(max_lr=0.003, total_steps=24, three_phase=True, anneal_strategy='linear', pct_start=0.4)", 24, optimizer="AdamW(lr=0.001)", lrs=(0.001,)),
    S("onecycle_last_step", "OneCycleLR(max_lr=0.1, total_steps=10)", 11, optimizer=SGDM),
    S("warm_restarts", "CosineAnnealingWarmRestarts(T_0=5)", 20),
    S("warm_restarts_tmult", "CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0.001)", 25, lrs=(0.1, 0.05)),
    S("warm_restarts_fractional_tmult", "CosineAnnealingWarmRestarts(T_0=4, T_mult=2)", 40, epochs=[round(i * 0.3, 10) for i in range(40)]),
    S("warm_restarts_fractional", "CosineAnnealingWarmRestarts(T_0=5, T_mult=1, eta_min=0.01)", 30, epochs=[i / 3 for i in range(30)]),
    S("warm_restarts_fractional_tmult3", "CosineAnnealingWarmRestarts(T_0=2, T_mult=3)", 30, epochs=[i * 0.7 for i in range(30)]),
    S("sequential_warmup_cosine", "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=15)], milestones=[5])", 25),
    S("sequential_doc_example", "SequentialLR(schedulers=[ConstantLR(factor=0.1, total_iters=2), ExponentialLR(gamma=0.9)], milestones=[2])", 10),
    S("sequential_three", "SequentialLR(schedulers=[LinearLR(start_factor=0.5, total_iters=3), StepLR(step_size=2, gamma=0.5), ExponentialLR(gamma=0.8)], milestones=[4, 9])", 16, lrs=(0.1, 0.2)),
    S("sequential_multistep_poly", "SequentialLR(schedulers=[MultiStepLR(milestones=[1, 2], gamma=0.5), PolynomialLR(total_iters=4, power=2.0), ConstantLR(factor=0.5, total_iters=2)], milestones=[3, 8])", 14),
    S("sequential_lambda_warm_restarts", "SequentialLR(schedulers=[LambdaLR(lr_lambda='(epoch + 1) / 4'), CosineAnnealingWarmRestarts(T_0=3)], milestones=[3])", 14),
    S("chained_doc_example", "ChainedScheduler(schedulers=[ConstantLR(factor=0.1, total_iters=3), ExponentialLR(gamma=0.9)])", 10),
    S("chained_three_two_groups", "ChainedScheduler(schedulers=[LinearLR(start_factor=0.5, total_iters=4), StepLR(step_size=3, gamma=0.5), ExponentialLR(gamma=0.95)])", 12, lrs=(0.1, 0.01)),
    S("two_schedulers_exp_step", ["ExponentialLR(gamma=0.9)", "StepLR(step_size=3, gamma=0.5)"], 12),
    S("two_schedulers_linear_multistep", ["LinearLR(start_factor=0.2, total_iters=4)", "MultiStepLR(milestones=[6, 9])"], 12),
    S("two_schedulers_cosine_multiplicative", ["CosineAnnealingLR(T_max=10)", "MultiplicativeLR(lr_lambda='0.99')"], 15),
    # state-dict resume: state saved after resume_at steps, fresh optimizer + scheduler, states loaded
    S("resume_step", "StepLR(step_size=3, gamma=0.5)", 12, resume_at=5),
    S("resume_cosine", "CosineAnnealingLR(T_max=10, eta_min=0.001)", 20, resume_at=4),
    S("resume_linear", "LinearLR(start_factor=0.2, total_iters=6)", 10, resume_at=3),
    S("resume_lambda", "LambdaLR(lr_lambda='0.9 ** epoch')", 10, resume_at=5),
    S("resume_multiplicative", "MultiplicativeLR(lr_lambda='0.9')", 10, resume_at=4),
    S("resume_cyclic_momentum", "CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=4, mode='triangular2')", 20, optimizer=SGDM, resume_at=7),
    S("resume_onecycle_adam", "OneCycleLR(max_lr=0.01, total_steps=20)", 20, optimizer=ADAM, lrs=(0.001,), resume_at=9),
    S("resume_plateau", "ReduceLROnPlateau(factor=0.5, patience=1, cooldown=1)", 20, metrics=PLATEAU_METRICS, resume_at=5),
    S("resume_sequential", "SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), CosineAnnealingLR(T_max=10)], milestones=[5])", 16, resume_at=6),
    S("resume_chained", "ChainedScheduler(schedulers=[ConstantLR(factor=0.5, total_iters=3), ExponentialLR(gamma=0.9)])", 10, resume_at=4),
    S("resume_warm_restarts", "CosineAnnealingWarmRestarts(T_0=3, T_mult=2)", 20, resume_at=8),
    # torch.optim.swa_utils.SWALR
    S("swalr_cos", "SWALR(swa_lr=0.05, anneal_epochs=5)", 12),
    S("swalr_default_anneal", "SWALR(0.01)", 14),
    S("swalr_linear_two_groups", "SWALR(swa_lr=[0.05, 0.01], anneal_epochs=3, anneal_strategy='linear')", 8, lrs=(0.1, 0.2)),
    S("swalr_no_anneal", "SWALR(swa_lr=0.02, anneal_epochs=0)", 5),
    S("swalr_one_anneal_adam", "SWALR(swa_lr=0.0005, anneal_epochs=1, anneal_strategy='linear')", 5, optimizer=ADAM, lrs=(0.001,)),
    S("swalr_after_sgd_momentum", "SWALR(swa_lr=0.3, anneal_epochs=4)", 8, optimizer=SGDM),
]


# lr_lambda expressions: Python's own value (or error) at each epoch is the specification
EXPRESSIONS = [
    "0.1 ** (epoch // 30)", "0.95 ** epoch", "epoch // 3 + 1", "-2 ** 2", "2 ** -1", "2 ** 3 ** 2", "-epoch ** 2",
    "(-2) ** epoch", "epoch / 4", "7 // (epoch - 5)", "-7 // 2 + epoch", "epoch % 3 - (-epoch) % 3", "1 // 0.1",
    "-1 // 0.1", "epoch % -4", "5.5 % (epoch + 1)", "-5.5 // (epoch + 1)", "(epoch - 6) % 2.5", "1 / (epoch - 3)",
    "min(1.0, (epoch + 1) / 5)", "max(epoch, 2, 7)", "0.5 * (1 + cos(pi * epoch / 10))", "sin(epoch) + e",
    "exp(-epoch)", "log(epoch + 1)", "log(epoch + 1, 2)", "log(epoch)", "sqrt(epoch - 2)", "floor(epoch / 4) + ceil(epoch / 4)",
    "abs(epoch - 5)", "(epoch - 4) ** 0.5", "0 ** (epoch - 2)", "+epoch - -1", "3 - 2 - 1 + epoch * 2 / 4 % 3",
    "10 - epoch // 2 * 3", "2 ** (epoch - 3)", "epoch*1e-3+.5", "(((epoch)))",
]


def eval_expr(src, epoch):
    try:
        v = expr_fn(src, "epoch")(epoch)
        if isinstance(v, complex):
            return "error"
        return float(v)
    except (ZeroDivisionError, ValueError, OverflowError):
        return "error"


def main():
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    out_path = os.path.join(root, "trainkit-core", "src", "test", "resources", "golden", "lr_schedulers.json")
    results = [run(sc) for sc in SCENARIOS]
    names = [r["name"] for r in results]
    assert len(names) == len(set(names)), "duplicate scenario names"
    expressions = [{"expr": x, "values": [eval_expr(x, ep) for ep in range(13)]} for x in EXPRESSIONS]
    doc = {"generator": "tools/golden/gen_lr_schedulers.py", "torch_version": torch.__version__,
           "python": sys.version.split()[0], "scenarios": results, "expressions": expressions}
    tmp = out_path + ".tmp"
    with open(tmp, "w") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")
    os.replace(tmp, out_path)
    print(f"wrote {len(results)} scenarios to {out_path} ({os.path.getsize(out_path)} bytes)")


if __name__ == "__main__":
    main()
