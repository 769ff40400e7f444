package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Averaged SGD (Polyak and Juditsky 1992): {@code torch.optim.ASGD}, following PyTorch 2.x's
 * {@code _single_tensor_asgd}. The parameters take decayed SGD steps; the running average
 * {@code ax} (starting after {@code t0} steps) is kept in the state for evaluation.
 *
 * <pre>{@code
 * Optimizer opt = new ASGD(model.parameters(), Map.of("lr", 0.01, "t0", 100.0));
 * // PyTorch: torch.optim.ASGD(model.parameters(), lr=0.01, t0=100)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0,
 * maximize=false}. State: {@code step}, {@code eta} (the decayed step size) and {@code mu} (the
 * averaging weight), float32 scalar tensors as in PyTorch, and {@code ax}, the average.
 */
public class ASGD extends Optimizer {
    /** {@code ASGD(params, lr=1e-2, lambd=1e-4, alpha=0.75, t0=1e6, weight_decay=0, foreach=None, maximize=False, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("ASGD").param("lr", 1e-2).param("lambd", 1e-4).param("alpha", 0.75).param("t0", 1e6)
                    .param("weight_decay", 0.0).param("foreach", null).param("maximize", false)
                    .param("differentiable", false).build(),
            "averaged stochastic gradient descent",
            OptimizerFactory.of(ASGD::check, ASGD::new));

    /** ASGD over {@code params} with keyword options. */
    public ASGD(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("ASGD", params), kwargs);
    }

    /** ASGD over several parameter groups; {@code kwargs} are the defaults of every group. */
    public ASGD(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** PyTorch's constructor checks (the learning rate and weight decay only). */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.nonNegative(where, o, "weight_decay", "weight_decay value");
        for (String k : List.of("lambd", "alpha", "t0")) {
            OptimizerOptions.number(o, k); // numbers, not None
        }
    }

    /** The averaged parameter {@code ax} of {@code param}, or {@code null} before its first step. */
    public Tensor average(Tensor param) {
        return (Tensor) state(param).get("ax");
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double lambd = g.getDouble("lambd");
        double alpha = g.getDouble("alpha");
        double t0 = g.getDouble("t0");
        double weightDecay = g.getDouble("weight_decay");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                st.put("step", keep(Torch.scalar(0.0)));
                st.put("eta", keep(Torch.scalar(lr)));
                st.put("mu", keep(Torch.scalar(1.0)));
                st.put("ax", keep(Torch.zerosLike(p)));
            }
            Tensor eta = (Tensor) st.get("eta");
            Tensor mu = (Tensor) st.get("mu");
            Tensor ax = (Tensor) st.get("ax");
            double step = nextStep(st);
            if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            double etaValue = eta.item();
            p.mul_(1 - lambd * etaValue);
            p.add_(grad, -etaValue);
            double muValue = mu.item();
            if (muValue != 1) {
                ax.add_(p.sub(ax).mul_(muValue));
            } else {
                ax.copy_(p);
            }
            // eta and mu are float32 tensors in PyTorch: the new values are rounded to float32
            eta.fill_(lr / Math.pow(1 + lambd * lr * step, alpha));
            mu.fill_(1 / Math.max(1, step - t0));
        }
    }

    /** {@code eta} and {@code mu} are 0-d tensors, as {@code step}. */
    @Override
    protected boolean stateShapedLikeParam(String key) {
        return !key.equals("step") && !key.equals("eta") && !key.equals("mu");
    }
}
