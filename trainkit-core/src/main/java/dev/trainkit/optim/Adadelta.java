package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Adadelta (Zeiler 2012): {@code torch.optim.Adadelta}, following PyTorch 2.x's
 * {@code _single_tensor_adadelta}. The step is scaled by the ratio of the running RMS of past
 * updates to that of gradients; {@code lr} scales it further (PyTorch's default 1.0).
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(model.parameters(), Map.of("rho", 0.95));
 * // PyTorch: torch.optim.Adadelta(model.parameters(), rho=0.95)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, maximize=false}.
 * State: {@code step}, {@code square_avg}, {@code acc_delta}.
 */
public class Adadelta extends Optimizer {
    /** {@code Adadelta(params, lr=1.0, rho=0.9, eps=1e-6, weight_decay=0, foreach=None, *, maximize=False, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Adadelta").param("lr", 1.0).param("rho", 0.9).param("eps", 1e-6)
                    .param("weight_decay", 0.0).param("foreach", null)
                    .keywordOnly("maximize", false).keywordOnly("differentiable", false).build(),
            "Adadelta (steps from running RMS of updates and gradients)",
            OptimizerFactory.of(Adadelta::check, Adadelta::new));

    /** Adadelta over {@code params} with keyword options. */
    public Adadelta(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Adadelta", params), kwargs);
    }

    /** Adadelta over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Adadelta(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** PyTorch's constructor checks. */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.inRange(where, o, "rho", "rho value", 0.0, 1.0);
        OptimizerOptions.nonNegative(where, o, "eps", "epsilon value");
        OptimizerOptions.nonNegative(where, o, "weight_decay", "weight_decay value");
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double rho = g.getDouble("rho");
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = stepState(p, "square_avg", "acc_delta");
            nextStep(st);
            Tensor squareAvg = (Tensor) st.get("square_avg");
            Tensor accDelta = (Tensor) st.get("acc_delta");
            if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            squareAvg.mul_(rho).addcmul_(grad, grad, 1 - rho);
            Tensor std = squareAvg.add(eps).sqrt_();
            Tensor delta = accDelta.add(eps).sqrt_().div_(std).mul_(grad);
            accDelta.mul_(rho).addcmul_(delta, delta, 1 - rho);
            p.add_(delta, -lr);
        }
    }
}
