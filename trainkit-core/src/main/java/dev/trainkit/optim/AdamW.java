package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter): {@code torch.optim.AdamW}. Each step
 * first shrinks the parameter by {@code 1 - lr * weight_decay}, then takes an Adam step without
 * L2 term, as PyTorch 2.x's single-tensor implementation.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(model.parameters(), Map.of("lr", 1e-3, "weight_decay", 0.05));
 * // PyTorch: torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.05)
 * }</pre>
 *
 * <p>Options as {@link Adam}, but {@code weight_decay} defaults to {@code 1e-2}.
 */
public class AdamW extends Adam {
    /** {@code AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, *, maximize=False, foreach=None, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            signature("AdamW", 1e-2), "Adam with decoupled weight decay",
            OptimizerFactory.of(Adam::check, AdamW::new));

    /** AdamW over {@code params} with keyword options. */
    public AdamW(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("AdamW", params), kwargs);
    }

    /** AdamW over several parameter groups; {@code kwargs} are the defaults of every group. */
    public AdamW(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs, true);
    }

    /** AdamW with learning rate {@code lr} and the other options at their defaults. */
    public AdamW(Collection<? extends Tensor> params, double lr) {
        this(params, Map.of("lr", lr));
    }

    /** PyTorch's AdamW message has no hint. */
    @Override
    protected String sparseGradHint() {
        return "";
    }
}
