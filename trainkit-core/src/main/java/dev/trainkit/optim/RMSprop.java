package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * RMSprop, optionally centered and with momentum: {@code torch.optim.RMSprop}, following
 * PyTorch 2.x's {@code _single_tensor_rmsprop} (the centered gradient average by
 * {@code lerp_}, {@code eps} added after the square root).
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(model.parameters(), Map.of("lr", 1e-3, "momentum", 0.9, "centered", true));
 * // PyTorch: torch.optim.RMSprop(model.parameters(), lr=1e-3, momentum=0.9, centered=True)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0,
 * centered=false, maximize=false}. State: {@code step}, {@code square_avg}, and
 * {@code momentum_buffer} / {@code grad_avg} when momentum / centering is on.
 */
public class RMSprop extends Optimizer {
    /**
     * {@code RMSprop(params, lr=1e-2, alpha=0.99, eps=1e-8, weight_decay=0, momentum=0, centered=False, *,
     * maximize=False, foreach=None, differentiable=False)}. PyTorch 2.x also accepts
     * {@code capturable, foreach, maximize, differentiable} by position after {@code centered};
     * {@code capturable} (CUDA graphs) has no TrainKit meaning, so those are keyword-only here.
     */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("RMSprop").param("lr", 1e-2).param("alpha", 0.99).param("eps", 1e-8)
                    .param("weight_decay", 0.0).param("momentum", 0.0).param("centered", false)
                    .keywordOnly("maximize", false).keywordOnly("foreach", null)
                    .keywordOnly("differentiable", false).build(),
            "RMSprop, optionally centered and with momentum",
            OptimizerFactory.of(RMSprop::check, RMSprop::new));

    /** RMSprop over {@code params} with keyword options. */
    public RMSprop(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("RMSprop", params), kwargs);
    }

    /** RMSprop over several parameter groups; {@code kwargs} are the defaults of every group. */
    public RMSprop(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** PyTorch's constructor checks. */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.nonNegative(where, o, "eps", "epsilon value");
        OptimizerOptions.nonNegative(where, o, "momentum", "momentum value");
        OptimizerOptions.nonNegative(where, o, "weight_decay", "weight_decay value");
        OptimizerOptions.nonNegative(where, o, "alpha", "alpha value");
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double alpha = g.getDouble("alpha");
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        double momentum = g.getDouble("momentum");
        boolean centered = flag(g, "centered");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = stepState(p, "square_avg");
            nextStep(st);
            if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            Tensor squareAvg = (Tensor) st.get("square_avg");
            squareAvg.mul_(alpha).addcmul_(grad, grad, 1 - alpha);
            Tensor avg;
            if (centered) {
                // created lazily so that switching 'centered' or 'momentum' on later works too
                Tensor gradAvg = (Tensor) st.computeIfAbsent("grad_avg", k -> keep(Torch.zerosLike(p)));
                gradAvg.lerp_(grad, 1 - alpha);
                avg = squareAvg.clone().addcmul_(gradAvg, gradAvg, -1).sqrt_();
            } else {
                avg = squareAvg.sqrt();
            }
            avg.add_(eps);
            if (momentum > 0) {
                Tensor buf = (Tensor) st.computeIfAbsent("momentum_buffer", k -> keep(Torch.zerosLike(p)));
                buf.mul_(momentum).addcdiv_(grad, avg, 1);
                p.add_(buf, -lr);
            } else {
                p.addcdiv_(grad, avg, -lr);
            }
        }
    }
}
