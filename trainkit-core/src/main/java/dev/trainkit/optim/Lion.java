package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Lion, EvoLved Sign Momentum (Chen et al. 2023, "Symbolic Discovery of Optimization
 * Algorithms"), as timm's {@code timm.optim.Lion} ({@code _single_tensor_lion}): the update is
 * the sign of an interpolation of momentum and gradient, with decoupled weight decay and timm's
 * optional {@code caution} mask (Cautious Optimizers). Not in torch.optim.
 *
 * <pre>{@code
 * Optimizer opt = new Lion(model.parameters(), Map.of("lr", 1e-4, "weight_decay", 1.0));
 * // timm: timm.optim.Lion(model.parameters(), lr=1e-4, weight_decay=1.0)
 * }</pre>
 *
 * <p>Options (timm's defaults): {@code lr=1e-4, betas=(0.9, 0.99), weight_decay=0,
 * caution=false, maximize=false}. State: {@code exp_avg}.
 */
public class Lion extends Optimizer {
    /** {@code Lion(params, lr=1e-4, betas=(0.9, 0.99), weight_decay=0.0, caution=False, maximize=False, foreach=None)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Lion").param("lr", 1e-4).param("betas", OptimizerOptions.tuple(0.9, 0.99))
                    .param("weight_decay", 0.0).param("caution", false).param("maximize", false)
                    .param("foreach", null).build(),
            "sign momentum (timm's Lion), decoupled weight decay",
            OptimizerFactory.of(Lion::check, Lion::new));

    /** Lion over {@code params} with keyword options. */
    public Lion(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Lion", params), kwargs);
    }

    /** Lion over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Lion(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** timm's constructor checks. */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.betas(where, o);
    }

    /**
     * timm's caution mask (Cautious Optimizers, arXiv 2411.16085): keeps the update's components
     * whose sign agrees with the gradient, rescaled by the kept fraction (at least 1e-3).
     */
    static Tensor caution(Tensor update, Tensor grad) {
        Tensor mask = update.mul(grad).gt(0).to(grad.dtype());
        return update.mul_(mask.div_(mask.mean().clampMin(1e-3)));
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double weightDecay = g.getDouble("weight_decay");
        boolean caution = flag(g, "caution");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Tensor expAvg = (Tensor) state(p).computeIfAbsent("exp_avg", k -> keep(Torch.zerosLike(p)));
            p.mul_(1 - lr * weightDecay);
            Tensor update = expAvg.mul(betas[0]).add_(grad, 1 - betas[0]).sign();
            if (caution) {
                update = caution(update, grad);
            }
            p.add_(update, -lr);
            expAvg.lerp_(grad, 1 - betas[1]);
        }
    }
}
