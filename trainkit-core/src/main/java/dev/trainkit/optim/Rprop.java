package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Resilient backpropagation (Riedmiller and Braun 1993): {@code torch.optim.Rprop}, following
 * PyTorch 2.x's {@code _single_tensor_rprop}. Only the gradient's sign is used: each
 * coordinate's step size grows by {@code etas[1]} while the sign holds and shrinks by
 * {@code etas[0]} when it flips (that step is then skipped), within {@code step_sizes}.
 *
 * <pre>{@code
 * Optimizer opt = new Rprop(model.parameters(), Map.of("lr", 0.01, "etas", new double[] {0.5, 1.2}));
 * // PyTorch: torch.optim.Rprop(model.parameters(), lr=0.01, etas=(0.5, 1.2))
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-2} (the initial step size), {@code etas=(0.5, 1.2),
 * step_sizes=(1e-6, 50), maximize=false}. State: {@code step}, {@code prev} (the previous
 * gradient, zero where it flipped), {@code step_size}.
 */
public class Rprop extends Optimizer {
    /** {@code Rprop(params, lr=1e-2, etas=(0.5, 1.2), step_sizes=(1e-6, 50), *, maximize=False, foreach=None, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Rprop").param("lr", 1e-2).param("etas", OptimizerOptions.tuple(0.5, 1.2))
                    .param("step_sizes", OptimizerOptions.tuple(1e-6, 50.0))
                    .keywordOnly("maximize", false).keywordOnly("foreach", null)
                    .keywordOnly("differentiable", false).build(),
            "resilient backpropagation (sign-based, full-batch)",
            OptimizerFactory.of(Rprop::check, Rprop::new));

    /** Rprop over {@code params} with keyword options. */
    public Rprop(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Rprop", params), kwargs);
    }

    /** Rprop over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Rprop(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** PyTorch's constructor checks: {@code 0 < etas[0] < 1 < etas[1]}. */
    static void check(String where, Map<String, Object> o) {
        double[] etas = (double[]) o.get("etas");
        if (!(0.0 < etas[0] && etas[0] < 1.0 && 1.0 < etas[1])) {
            throw new IllegalArgumentException(where + ": invalid eta values: " + etas[0] + ", " + etas[1]
                    + " (expected 0 < etas[0] < 1 < etas[1])");
        }
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double[] etas = g.getDoubles("etas");
        double[] sizes = g.getDoubles("step_sizes");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                st.put("step", keep(Torch.scalar(0.0)));
                st.put("prev", keep(Torch.zerosLike(p)));
                st.put("step_size", keep(Torch.zerosLike(p).fill_(g.lr())));
            }
            nextStep(st);
            Tensor prev = (Tensor) st.get("prev");
            Tensor stepSize = (Tensor) st.get("step_size");
            Tensor sign = grad.mul(prev).sign();
            Tensor flipped = sign.lt(0);
            Tensor factor = sign.maskedFill(sign.gt(0), etas[1]).maskedFill(flipped, etas[0]).maskedFill(sign.eq(0), 1);
            stepSize.mul_(factor).clamp_(sizes[0], sizes[1]);
            // where the sign flipped the step is skipped and the gradient forgotten
            Tensor kept = grad.maskedFill(flipped, 0);
            p.addcmul_(kept.sign(), stepSize, -1);
            prev.copy_(kept);
        }
    }
}
