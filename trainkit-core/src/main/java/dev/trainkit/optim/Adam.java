package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Adam (optionally AMSGrad, maximizing, with L2 weight decay): {@code torch.optim.Adam},
 * following PyTorch 2.x's {@code _single_tensor_adam} step by step (first moment by
 * {@code lerp_}, bias corrections computed from the step count in double precision).
 *
 * <pre>{@code
 * Optimizer opt = new Adam(model.parameters(), Map.of("lr", 1e-3, "betas", new double[] {0.9, 0.98}));
 * // PyTorch: torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.98))
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * amsgrad=false, maximize=false, decoupled_weight_decay=false} (PyTorch 2.7+: true decays as
 * AdamW), {@code foreach=None}, {@code differentiable=false} (true is refused). State per parameter: {@code step} (a float32 scalar tensor),
 * {@code exp_avg}, {@code exp_avg_sq} and, with AMSGrad, {@code max_exp_avg_sq}.
 */
public class Adam extends Optimizer {
    /** {@code Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, amsgrad=False, *, maximize=False, foreach=None, differentiable=False, decoupled_weight_decay=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            signature("Adam", 0.0), "Adam with L2 weight decay, optionally AMSGrad",
            OptimizerFactory.of(Adam::check, Adam::new));

    private final boolean decoupledWeightDecay;

    /** Adam over {@code params} with keyword options such as {@code lr}, {@code betas}. */
    public Adam(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Adam", params), kwargs);
    }

    /** Adam over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Adam(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        this(REGISTRATION, groups, kwargs, false);
    }

    /** Adam with learning rate {@code lr} and the other options at their defaults. */
    public Adam(Collection<? extends Tensor> params, double lr) {
        this(params, Map.of("lr", lr));
    }

    /** For {@link AdamW}: decoupled weight decay ({@code param *= 1 - lr * weight_decay}). */
    protected Adam(Registration<OptimizerFactory> type, List<ParamGroupSpec> groups, Map<String, ?> kwargs,
            boolean decoupledWeightDecay) {
        super(type, groups, kwargs);
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    /** Adam's and AdamW's signature; they differ in the name and the weight decay default. */
    static Signature signature(String name, double weightDecay) {
        // keyword-only order is free in Python; maximize first keeps TrainKit's listings stable
        Signature.Builder b = Signature.of(name).param("lr", 1e-3).param("betas", OptimizerOptions.tuple(0.9, 0.999))
                .param("eps", 1e-8).param("weight_decay", weightDecay).param("amsgrad", false)
                .keywordOnly("maximize", false).keywordOnly("foreach", null).keywordOnly("differentiable", false);
        // PyTorch 2.7+: Adam(..., *, decoupled_weight_decay=False); AdamW is Adam with it set
        return name.equals("Adam") ? b.keywordOnly("decoupled_weight_decay", false).build() : b.build();
    }

    /** PyTorch's constructor checks of the Adam family (Adam, AdamW, RAdam, Adamax; NAdam adds its own). */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.nonNegative(where, o, "eps", "epsilon value");
        OptimizerOptions.betas(where, o);
        OptimizerOptions.nonNegative(where, o, "weight_decay", "weight_decay value");
    }

    @Override
    protected String sparseGradHint() {
        return ", please consider SparseAdam instead";
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        if (!foreach(g)) {
            stepTensors(g, g.params());
            return;
        }
        boolean amsgrad = flag(g, "amsgrad");
        List<String> keys = amsgrad ? List.of("exp_avg", "exp_avg_sq", "max_exp_avg_sq") : List.of("exp_avg", "exp_avg_sq");
        for (FlatBucket b : buckets(g)) {
            if (b.allHaveGrads() && b.bind(stateMap(), keys, true) != FlatBucket.UNBOUND) {
                stepFlat(g, b);
            } else {
                stepTensors(g, b.params());
            }
        }
    }

    /**
     * The multi-tensor step ({@code foreach=True}): the same elementwise ops as
     * {@link #stepTensors}, in the same order, on the bucket's flat buffers, so the numbers are
     * identical; per parameter only the gradient copy, the weight decay and the final update.
     */
    private void stepFlat(ParamGroup<Tensor> g, FlatBucket b) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        boolean amsgrad = flag(g, "amsgrad");
        List<Tensor> ps = b.params();
        FlatBucket.Flat grad = b.gatherGrads(flag(g, "maximize"));
        double step = b.incrementSteps();
        if (weightDecay != 0) {
            for (int i = 0; i < ps.size(); i++) {
                if (decoupled(g)) {
                    ps.get(i).mul_(1 - lr * weightDecay);
                } else {
                    grad.views().get(i).add_(ps.get(i), weightDecay);
                }
            }
        }
        Tensor expAvg = b.state("exp_avg").flat();
        Tensor expAvgSq = b.state("exp_avg_sq").flat();
        expAvg.lerp_(grad.flat(), 1 - betas[0]);
        expAvgSq.mul_(betas[1]).addcmul_(grad.flat(), grad.flat(), 1 - betas[1]);
        double stepSize = lr / (1 - Math.pow(betas[0], step));
        double biasCorrection2Sqrt = Math.sqrt(1 - Math.pow(betas[1], step));
        Tensor second = expAvgSq;
        if (amsgrad) {
            Tensor max = b.state("max_exp_avg_sq").flat();
            max.copy_(max.maximum(expAvgSq));
            second = max;
        }
        FlatBucket.Flat denom = b.scratch();
        denom.flat().copy_(second).sqrt_().div_(biasCorrection2Sqrt).add_(eps);
        List<Tensor> avgs = b.state("exp_avg").views();
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).addcdiv_(avgs.get(i), denom.views().get(i), -stepSize);
        }
    }

    /** Whether {@code g} decays weights as AdamW: always for AdamW, by its option for Adam. */
    private boolean decoupled(ParamGroup<Tensor> g) {
        return decoupledWeightDecay || Boolean.TRUE.equals(g.get("decoupled_weight_decay"));
    }

    /** The per-tensor step ({@code foreach=False}) of {@code params}, PyTorch's {@code _single_tensor_adam}. */
    private void stepTensors(ParamGroup<Tensor> g, List<Tensor> params) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        boolean amsgrad = flag(g, "amsgrad");
        boolean maximize = flag(g, "maximize");
        boolean decoupled = decoupled(g);
        for (Tensor p : params) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = amsgrad ? stepState(p, "exp_avg", "exp_avg_sq", "max_exp_avg_sq")
                    : stepState(p, "exp_avg", "exp_avg_sq");
            Tensor stepT = (Tensor) st.get("step");
            Tensor expAvg = (Tensor) st.get("exp_avg");
            Tensor expAvgSq = (Tensor) st.get("exp_avg_sq");
            stepT.add_(1);
            grad = weightDecay(p, grad, lr, weightDecay, decoupled);
            expAvg.lerp_(grad, 1 - beta1);
            expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            double step = stepT.item();
            double biasCorrection1 = 1 - Math.pow(beta1, step);
            double biasCorrection2 = 1 - Math.pow(beta2, step);
            double stepSize = lr / biasCorrection1;
            double biasCorrection2Sqrt = Math.sqrt(biasCorrection2);
            Tensor denom;
            if (amsgrad) {
                // amsgrad switched on after the first step: start the maximum now (PyTorch would fail)
                Tensor max = (Tensor) st.computeIfAbsent("max_exp_avg_sq", k -> keep(Torch.zerosLike(p)));
                max.copy_(max.maximum(expAvgSq));
                denom = scratchLike(p).copy_(max).sqrt_().div_(biasCorrection2Sqrt).add_(eps);
            } else {
                // PyTorch: exp_avg_sq.sqrt() / bias_correction2_sqrt + eps; the same ops in a reused buffer
                denom = scratchLike(p).copy_(expAvgSq).sqrt_().div_(biasCorrection2Sqrt).add_(eps);
            }
            p.addcdiv_(expAvg, denom, -stepSize);
        }
    }
}
