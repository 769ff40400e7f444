package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Adamax, Adam with the infinity norm (Kingma and Ba 2014, section 7): {@code torch.optim.Adamax},
 * following PyTorch 2.x's {@code _single_tensor_adamax}.
 *
 * <pre>{@code
 * Optimizer opt = new Adamax(model.parameters(), Map.of("lr", 2e-3));
 * // PyTorch: torch.optim.Adamax(model.parameters(), lr=2e-3)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * maximize=false}. State: {@code step}, {@code exp_avg}, {@code exp_inf}.
 */
public class Adamax extends Optimizer {
    /** {@code Adamax(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, foreach=None, *, maximize=False, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Adamax").param("lr", 2e-3).param("betas", OptimizerOptions.tuple(0.9, 0.999))
                    .param("eps", 1e-8).param("weight_decay", 0.0).param("foreach", null)
                    .keywordOnly("maximize", false).keywordOnly("differentiable", false).build(),
            "Adam with the infinity norm of past gradients",
            OptimizerFactory.of(Adam::check, Adamax::new));

    /** Adamax over {@code params} with keyword options. */
    public Adamax(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Adamax", params), kwargs);
    }

    /** Adamax over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Adamax(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = stepState(p, "exp_avg", "exp_inf");
            Tensor expAvg = (Tensor) st.get("exp_avg");
            Tensor expInf = (Tensor) st.get("exp_inf");
            double step = nextStep(st);
            if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            expAvg.lerp_(grad, 1 - betas[0]);
            expInf.copy_(expInf.mul_(betas[1]).maximum(grad.abs().add_(eps)));
            double clr = lr / (1 - Math.pow(betas[0], step));
            p.addcdiv_(expAvg, expInf, -clr);
        }
    }
}
