package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum, weight decay
 * and maximization: {@code torch.optim.SGD}, following PyTorch 2.x's single-tensor implementation
 * (the momentum buffer starts as a copy of the first gradient).
 *
 * <pre>{@code
 * Optimizer opt = new SGD(model.parameters(), Map.of("lr", 0.1, "momentum", 0.9, "nesterov", true));
 * // PyTorch: torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9, nesterov=True)
 * }</pre>
 *
 * <p>Options (PyTorch 2.x defaults): {@code lr=1e-3, momentum=0, dampening=0, weight_decay=0,
 * nesterov=false, maximize=false}.
 */
public class SGD extends Optimizer {
    /** {@code SGD(params, lr=1e-3, momentum=0, dampening=0, weight_decay=0, nesterov=False, *, maximize=False, foreach=None, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("SGD").param("lr", 1e-3).param("momentum", 0.0).param("dampening", 0.0)
                    .param("weight_decay", 0.0).param("nesterov", false)
                    .keywordOnly("maximize", false).keywordOnly("foreach", null)
                    .keywordOnly("differentiable", false).build(),
            "stochastic gradient descent, optionally with (Nesterov) momentum",
            OptimizerFactory.of(SGD::check, SGD::new));

    /** SGD over {@code params} with keyword options such as {@code lr}, {@code momentum}. */
    public SGD(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("SGD", params), kwargs);
    }

    /** SGD over several parameter groups; {@code kwargs} are the defaults of every group. */
    public SGD(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** Plain SGD with learning rate {@code lr} ({@code SGD(params, lr=lr)}). */
    public SGD(Collection<? extends Tensor> params, double lr) {
        this(params, Map.of("lr", lr));
    }

    /** SGD with momentum ({@code SGD(params, lr=lr, momentum=momentum)}). */
    public SGD(Collection<? extends Tensor> params, double lr, double momentum) {
        this(params, Map.of("lr", lr, "momentum", momentum));
    }

    /** PyTorch's constructor checks. */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.nonNegative(where, o, "momentum", "momentum value");
        OptimizerOptions.nonNegative(where, o, "weight_decay", "weight_decay value");
        double momentum = OptimizerOptions.number(o, "momentum");
        double dampening = OptimizerOptions.number(o, "dampening");
        if ((Boolean) o.get("nesterov") && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException(where + ": Nesterov momentum requires a momentum and zero"
                    + " dampening (got momentum=" + momentum + ", dampening=" + dampening + ")");
        }
    }

    @Override
    protected String sparseGradHint() {
        return null;
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        // without momentum there is no state: per tensor is as few calls as a multi-tensor step
        // sparse gradients step per tensor, as PyTorch's foreach path falls back for them
        if (!foreach(g) || g.getDouble("momentum") == 0 || SparseGrads.anySparse(g.params())) {
            stepTensors(g, g.params());
            return;
        }
        for (FlatBucket b : buckets(g)) {
            int bound = b.allHaveGrads() ? b.bind(stateMap(), List.of("momentum_buffer"), false) : FlatBucket.UNBOUND;
            if (bound == FlatBucket.UNBOUND) {
                stepTensors(g, b.params());
            } else {
                stepFlat(g, b, bound == FlatBucket.FRESH);
            }
        }
    }

    /**
     * The multi-tensor step ({@code foreach=True}): the per-tensor ops, in the same order, on the
     * bucket's flat buffers (identical numbers); per parameter only the gradient copy, the weight
     * decay and the update.
     */
    private void stepFlat(ParamGroup<Tensor> g, FlatBucket b, boolean fresh) {
        double lr = g.lr();
        double momentum = g.getDouble("momentum");
        double weightDecay = g.getDouble("weight_decay");
        List<Tensor> ps = b.params();
        FlatBucket.Flat grad = b.gatherGrads(flag(g, "maximize"));
        if (weightDecay != 0) {
            for (int i = 0; i < ps.size(); i++) {
                grad.views().get(i).add_(ps.get(i), weightDecay);
            }
        }
        FlatBucket.Flat buf = b.state("momentum_buffer");
        if (fresh) {
            buf.flat().copy_(grad.flat()); // PyTorch: the buffer starts as a copy of the first gradient
        } else {
            buf.flat().mul_(momentum).add_(grad.flat(), 1 - g.getDouble("dampening"));
        }
        FlatBucket.Flat d = buf;
        if (flag(g, "nesterov")) {
            grad.flat().add_(buf.flat(), momentum);
            d = grad;
        }
        for (int i = 0; i < ps.size(); i++) {
            ps.get(i).add_(d.views().get(i), -lr);
        }
    }

    /** The per-tensor step ({@code foreach=False}) of {@code params}, PyTorch's {@code _single_tensor_sgd}. */
    private void stepTensors(ParamGroup<Tensor> g, List<Tensor> params) {
        double lr = g.lr();
        double momentum = g.getDouble("momentum");
        double dampening = g.getDouble("dampening");
        double weightDecay = g.getDouble("weight_decay");
        boolean nesterov = flag(g, "nesterov");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : params) {
            Tensor dp = grad(p, maximize);
            if (dp == null) {
                continue;
            }
            if (weightDecay != 0) {
                dp = dp.add(p, weightDecay);
            }
            if (momentum != 0) {
                Map<String, Object> st = state(p);
                Tensor buf = (Tensor) st.get("momentum_buffer");
                if (buf == null) {
                    buf = keep(dp.clone().detach());
                    st.put("momentum_buffer", buf);
                } else {
                    buf.mul_(momentum).add_(dp, 1 - dampening);
                }
                dp = nesterov ? dp.add(buf, momentum) : buf;
            }
            p.add_(dp, -lr);
        }
    }
}
