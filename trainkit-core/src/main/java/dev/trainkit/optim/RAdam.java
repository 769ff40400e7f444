package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * RAdam, Adam with a rectified adaptive learning rate (Liu et al. 2019): {@code torch.optim.RAdam},
 * following PyTorch 2.x's {@code _single_tensor_radam}, including its
 * {@code decoupled_weight_decay} and {@code maximize} options. While the variance estimate is
 * unreliable (rho_t &lt;= 5, the first steps) it takes plain momentum steps.
 *
 * <pre>{@code
 * Optimizer opt = new RAdam(model.parameters(), Map.of("lr", 1e-3, "weight_decay", 1e-2, "decoupled_weight_decay", true));
 * // PyTorch: torch.optim.RAdam(model.parameters(), lr=1e-3, weight_decay=1e-2, decoupled_weight_decay=True)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * decoupled_weight_decay=false, maximize=false}. State: {@code step}, {@code exp_avg},
 * {@code exp_avg_sq}.
 */
public class RAdam extends Optimizer {
    /** {@code RAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, decoupled_weight_decay=False, *, maximize=False, foreach=None, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("RAdam").param("lr", 1e-3).param("betas", OptimizerOptions.tuple(0.9, 0.999))
                    .param("eps", 1e-8).param("weight_decay", 0.0).param("decoupled_weight_decay", false)
                    .keywordOnly("maximize", false).keywordOnly("foreach", null)
                    .keywordOnly("differentiable", false).build(),
            "rectified Adam (variance-rectified adaptive learning rate)",
            OptimizerFactory.of(Adam::check, RAdam::new));

    /** RAdam over {@code params} with keyword options. */
    public RAdam(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("RAdam", params), kwargs);
    }

    /** RAdam over several parameter groups; {@code kwargs} are the defaults of every group. */
    public RAdam(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        boolean decoupled = flag(g, "decoupled_weight_decay");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = stepState(p, "exp_avg", "exp_avg_sq");
            Tensor expAvg = (Tensor) st.get("exp_avg");
            Tensor expAvgSq = (Tensor) st.get("exp_avg_sq");
            double step = nextStep(st);
            grad = weightDecay(p, grad, lr, weightDecay, decoupled);
            double biasCorrection1 = 1 - Math.pow(beta1, step);
            double biasCorrection2 = 1 - Math.pow(beta2, step);
            expAvg.lerp_(grad, 1 - beta1);
            expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            Tensor corrected = expAvg.div(biasCorrection1);
            double rhoInf = 2 / (1 - beta2) - 1;
            double rhoT = rhoInf - 2 * step * Math.pow(beta2, step) / biasCorrection2;
            if (rhoT > 5.0) {
                double rect = Math.sqrt((rhoT - 4) * (rhoT - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
                // PyTorch: sqrt(bc2) / (sqrt(v) + eps), a scalar divided by a tensor (reciprocal, then multiply)
                Tensor adaptiveLr = reciprocal(expAvgSq.sqrt().add_(eps)).mul_(Math.sqrt(biasCorrection2));
                p.add_(corrected.mul(lr).mul_(adaptiveLr).mul_(rect), -1.0);
            } else {
                p.add_(corrected.mul(lr), -1.0);
            }
        }
    }
}
