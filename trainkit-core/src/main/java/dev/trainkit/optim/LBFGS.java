package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleSupplier;

/**
 * L-BFGS, a quasi-Newton method with a limited history, optionally with a strong-Wolfe line
 * search: {@code torch.optim.LBFGS}, following PyTorch's algorithm step by step (two-loop
 * recursion, the first step scaled by {@code min(1, 1/|g|_1)}, the same stopping rules and
 * cubic-interpolation line search).
 *
 * <p>Each {@link #step(DoubleSupplier)} runs up to {@code max_iter} iterations and evaluates
 * the closure several times, so the closure must clear the gradients, compute the loss,
 * call {@code backward()} and return the loss. {@link #step()} without a closure is an error.
 *
 * <pre>{@code
 * LBFGS opt = new LBFGS(List.of(xy), Map.of("line_search_fn", "strong_wolfe"));
 * double loss = opt.step(() -> {
 *     opt.zeroGrad();
 *     Tensor f = rosenbrock(xy);
 *     f.backward();
 *     return f.item();
 * });
 * // PyTorch: opt = torch.optim.LBFGS([xy], line_search_fn="strong_wolfe"); opt.step(closure)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1, max_iter=20, max_eval=None (max_iter * 5 // 4),
 * tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn=None} or
 * {@code 'strong_wolfe'}. One parameter group only, as PyTorch. The state (of the first
 * parameter, as PyTorch) holds {@code func_evals}, {@code n_iter}, {@code d}, {@code t},
 * {@code old_dirs}, {@code old_stps}, {@code ro}, {@code H_diag}, {@code prev_flat_grad},
 * {@code prev_loss}; {@link #stateDict()} and {@link #loadStateDict} carry all of it (the
 * tensors are flat, the history is a list), so a run resumed from a checkpoint continues exactly.
 * Scalars are kept in double precision; for float32 parameters they are rounded to float32 where
 * PyTorch keeps them as float32 tensors (dot products and what derives from them).
 */
public class LBFGS extends Optimizer {
    /** {@code LBFGS(params, lr=1, max_iter=20, max_eval=None, tolerance_grad=1e-7, tolerance_change=1e-9, history_size=100, line_search_fn=None)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("LBFGS").param("lr", 1.0).param("max_iter", 20).param("max_eval", null)
                    .param("tolerance_grad", 1e-7).param("tolerance_change", 1e-9).param("history_size", 100)
                    .param("line_search_fn", null).build(),
            "limited-memory BFGS (full batch; step(closure)), optionally with a strong-Wolfe line search",
            OptimizerFactory.of(LBFGS::check, LBFGS::new));

    private final List<Tensor> params;
    private final boolean float32;

    /** LBFGS over {@code params} with keyword options. */
    public LBFGS(java.util.Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("LBFGS", params), kwargs);
    }

    /**
     * LBFGS over one parameter group ({@code groups} must have exactly one, as PyTorch).
     *
     * @throws IllegalArgumentException for several groups
     */
    public LBFGS(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
        ParamGroup<Tensor> g = paramGroups().get(0);
        if (g.get("max_eval") == null) {
            g.set("max_eval", Math.floor(g.getDouble("max_iter") * 5 / 4));
        }
        params = g.params();
        float32 = params.get(0).dtype() == DType.FLOAT32;
    }

    /** PyTorch's checks, and the integer options as integers. */
    static void check(String where, Map<String, Object> o) {
        Object ls = o.get("line_search_fn");
        if (ls != null && !"strong_wolfe".equals(ls)) {
            throw new IllegalArgumentException(where + ": option 'line_search_fn': only 'strong_wolfe' is supported"
                    + " (or None), got " + ls);
        }
        positiveInteger(where, o, "max_iter");
        positiveInteger(where, o, "history_size");
        if (o.get("max_eval") != null) {
            positiveInteger(where, o, "max_eval");
        }
        OptimizerOptions.nonNegative(where, o, "tolerance_grad", "tolerance_grad value");
        OptimizerOptions.nonNegative(where, o, "tolerance_change", "tolerance_change value");
    }

    private static void positiveInteger(String where, Map<String, Object> o, String key) {
        Object v = o.get(key);
        if (!(v instanceof Number n) || n.doubleValue() < 1 || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException(where + ": option '" + key + "' expected an integer >= 1, got " + v);
        }
    }

    @Override
    public void addParamGroup(ParamGroupSpec spec) {
        if (!paramGroups().isEmpty()) {
            throw new IllegalArgumentException("LBFGS doesn't support per-parameter options (parameter groups)");
        }
        super.addParamGroup(spec);
    }

    /**
     * Always fails: L-BFGS re-evaluates the loss, so it needs {@link #step(DoubleSupplier)}.
     *
     * @throws IllegalStateException always
     */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS.step(): L-BFGS re-evaluates the function several times per step;"
                + " call step(closure) with a closure that clears the gradients, computes the loss, calls backward()"
                + " and returns the loss (PyTorch: optimizer.step(closure))");
    }

    /** LBFGS's state tensors are flat (all parameters end to end), not shaped like a parameter. */
    @Override
    protected boolean stateShapedLikeParam(String key) {
        return false;
    }

    /** Sparse gradients are densified, as PyTorch's {@code _gather_flat_grad}. */
    @Override
    protected String sparseGradHint() {
        return null;
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> group) {
        throw new IllegalStateException("LBFGS steps through step(closure)");
    }

    /** The closure, with gradients enabled, in a scope of its own; its loss as a double. */
    private double evaluate(DoubleSupplier closure) {
        try (NoGrad eg = NoGrad.enableGrad(); TensorScope s = TensorScope.open()) {
            return closure.getAsDouble();
        }
    }

    /** Rounds {@code v} to float32 where PyTorch keeps the scalar as a float32 tensor. */
    private double r(double v) {
        return float32 ? (double) (float) v : v;
    }

    private static double dot(Tensor a, Tensor b) {
        return a.matmul(b).item();
    }

    private Tensor flatGrad() {
        List<Tensor> views = new ArrayList<>();
        for (Tensor p : params) {
            Tensor g = p.grad();
            // a sparse gradient is densified, as PyTorch's _gather_flat_grad
            views.add(g == null ? Torch.zerosLike(p).reshape(-1)
                    : SparseGrads.isSparse(g) ? SparseGrads.toDense(g).reshape(-1) : g.reshape(-1));
        }
        return Torch.cat(views, 0);
    }

    private void addGrad(double stepSize, Tensor update) {
        long offset = 0;
        for (Tensor p : params) {
            long n = p.numel();
            p.add_(update.narrow(0, offset, n).view(p.shape()), stepSize);
            offset += n;
        }
    }

    private List<Tensor> cloneParams() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor p : params) {
            out.add(p.clone());
        }
        return out;
    }

    private void setParams(List<Tensor> values) {
        for (int i = 0; i < params.size(); i++) {
            params.get(i).copy_(values.get(i));
        }
    }

    /** The loss and flat gradient at {@code x + t d}; the parameters are restored to {@code x}. */
    private Evaluation directional(DoubleSupplier closure, List<Tensor> x, double t, Tensor d) {
        addGrad(t, d);
        double loss = evaluate(closure);
        Tensor g = flatGrad();
        setParams(x);
        return new Evaluation(loss, g);
    }

    private record Evaluation(double loss, Tensor grad) {
    }

    /**
     * Performs one L-BFGS step (up to {@code max_iter} iterations).
     *
     * @param closure clears the gradients, computes the loss, calls {@code backward()}, returns the loss
     * @return the loss of the first evaluation (PyTorch's {@code orig_loss})
     */
    @Override
    @SuppressWarnings("unchecked")
    public double step(DoubleSupplier closure) {
        if (closure == null) {
            step();
        }
        ParamGroup<Tensor> group = paramGroups().get(0);
        double lr = group.lr();
        int maxIter = (int) group.getDouble("max_iter");
        int maxEval = (int) group.getDouble("max_eval");
        double toleranceGrad = group.getDouble("tolerance_grad");
        double toleranceChange = group.getDouble("tolerance_change");
        boolean wolfe = "strong_wolfe".equals(group.get("line_search_fn"));
        int historySize = (int) group.getDouble("history_size");
        Map<String, Object> state = state(params.get(0));
        state.putIfAbsent("func_evals", 0.0);
        state.putIfAbsent("n_iter", 0.0);
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            double origLoss = evaluate(closure);
            double loss = origLoss;
            int currentEvals = 1;
            state.put("func_evals", (Double) state.get("func_evals") + 1);
            Tensor flatGrad = flatGrad();
            if (flatGrad.abs().max().item() <= toleranceGrad) {
                return origLoss;
            }
            Tensor d = (Tensor) state.get("d");
            double t = state.get("t") instanceof Double tt ? tt : 0.0;
            List<Tensor> oldDirs = (List<Tensor>) state.get("old_dirs");
            List<Tensor> oldStps = (List<Tensor>) state.get("old_stps");
            List<Double> ro = (List<Double>) state.get("ro");
            double hDiag = state.get("H_diag") instanceof Double h ? h : 1.0;
            Tensor prevFlatGrad = (Tensor) state.get("prev_flat_grad");
            double prevLoss = state.get("prev_loss") instanceof Double pl ? pl : Double.NaN;
            int nIter = 0;
            while (nIter < maxIter) {
                nIter++;
                double stateIter = (Double) state.get("n_iter") + 1;
                state.put("n_iter", stateIter);
                if (stateIter == 1) {
                    d = flatGrad.neg();
                    oldDirs = new ArrayList<>();
                    oldStps = new ArrayList<>();
                    ro = new ArrayList<>();
                    hDiag = 1;
                } else {
                    Tensor y = flatGrad.sub(prevFlatGrad);
                    Tensor s = d.mul(t);
                    double ys = r(dot(y, s));
                    if (ys > 1e-10) {
                        if (oldDirs.size() == historySize) {
                            oldDirs.remove(0);
                            oldStps.remove(0);
                            ro.remove(0);
                        }
                        oldDirs.add(keep(y));
                        oldStps.add(keep(s));
                        ro.add(r(1.0 / ys));
                        hDiag = r(ys / r(dot(y, y)));
                    }
                    // two-loop recursion: d = -H g
                    int numOld = oldDirs.size();
                    double[] al = new double[numOld];
                    Tensor q = flatGrad.neg();
                    for (int i = numOld - 1; i >= 0; i--) {
                        al[i] = r(r(dot(oldStps.get(i), q)) * ro.get(i));
                        q.add_(oldDirs.get(i), -al[i]);
                    }
                    Tensor rr = q.mul(hDiag);
                    d = rr;
                    for (int i = 0; i < numOld; i++) {
                        double be = r(r(dot(oldDirs.get(i), rr)) * ro.get(i));
                        rr.add_(oldStps.get(i), r(al[i] - be));
                    }
                }
                if (prevFlatGrad == null) {
                    prevFlatGrad = keep(flatGrad.clone());
                } else {
                    prevFlatGrad.copy_(flatGrad);
                }
                prevLoss = loss;
                if (stateIter == 1) {
                    double inv = r(1.0 / r(flatGrad.abs().sum().item()));
                    t = inv < 1.0 ? r(inv * lr) : lr;
                } else {
                    t = lr;
                }
                double gtd = r(dot(flatGrad, d));
                if (gtd > -toleranceChange) {
                    break;
                }
                int lsFuncEvals = 0;
                boolean optCond = false;
                if (wolfe) {
                    List<Tensor> xInit = cloneParams();
                    StrongWolfe.Result res = new StrongWolfe(this::r, (x, tt, dd) -> {
                        Evaluation e = directional(closure, x, tt, dd);
                        return new StrongWolfe.Point(e.loss(), e.grad());
                    }, toleranceChange).search(xInit, t, d, loss, flatGrad, gtd);
                    loss = res.f();
                    flatGrad = res.g();
                    t = res.t();
                    lsFuncEvals = res.evals();
                    addGrad(t, d);
                    optCond = flatGrad.abs().max().item() <= toleranceGrad;
                } else {
                    addGrad(t, d);
                    if (nIter != maxIter) {
                        loss = evaluate(closure);
                        flatGrad = flatGrad();
                        optCond = flatGrad.abs().max().item() <= toleranceGrad;
                        lsFuncEvals = 1;
                    }
                }
                currentEvals += lsFuncEvals;
                state.put("func_evals", (Double) state.get("func_evals") + lsFuncEvals);
                if (nIter == maxIter || currentEvals >= maxEval || optCond) {
                    break;
                }
                if (d.mul(t).abs().max().item() <= toleranceChange) {
                    break;
                }
                if (Math.abs(loss - prevLoss) < toleranceChange) {
                    break;
                }
            }
            state.put("d", d == null ? null : keep(d));
            state.put("t", t);
            state.put("old_dirs", oldDirs);
            state.put("old_stps", oldStps);
            state.put("ro", ro);
            state.put("H_diag", hDiag);
            state.put("prev_flat_grad", prevFlatGrad);
            state.put("prev_loss", prevLoss);
            return origLoss;
        }
    }
}
