package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * NAdam, Adam with Nesterov momentum (Dozat 2016): {@code torch.optim.NAdam}, following
 * PyTorch 2.x's {@code _single_tensor_nadam}, including its {@code decoupled_weight_decay}
 * (NAdamW) and {@code maximize} options.
 *
 * <pre>{@code
 * Optimizer opt = new NAdam(model.parameters(), Map.of("lr", 2e-3, "momentum_decay", 4e-3));
 * // PyTorch: torch.optim.NAdam(model.parameters(), lr=2e-3, momentum_decay=4e-3)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0,
 * momentum_decay=4e-3, decoupled_weight_decay=false, maximize=false}. State per parameter:
 * {@code step} and {@code mu_product} (float32 scalar tensors, as PyTorch: the product of the
 * momentum schedule is accumulated in float32), {@code exp_avg}, {@code exp_avg_sq}.
 */
public class NAdam extends Optimizer {
    /** {@code NAdam(params, lr=2e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=0, momentum_decay=4e-3, decoupled_weight_decay=False, *, maximize=False, foreach=None, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("NAdam").param("lr", 2e-3).param("betas", OptimizerOptions.tuple(0.9, 0.999))
                    .param("eps", 1e-8).param("weight_decay", 0.0).param("momentum_decay", 4e-3)
                    .param("decoupled_weight_decay", false)
                    .keywordOnly("maximize", false).keywordOnly("foreach", null)
                    .keywordOnly("differentiable", false).build(),
            "Adam with Nesterov momentum (decoupled_weight_decay=True: NAdamW)",
            OptimizerFactory.of(NAdam::check, NAdam::new));

    /** NAdam over {@code params} with keyword options. */
    public NAdam(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("NAdam", params), kwargs);
    }

    /** NAdam over several parameter groups; {@code kwargs} are the defaults of every group. */
    public NAdam(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** PyTorch's constructor checks. */
    static void check(String where, Map<String, Object> o) {
        Adam.check(where, o);
        OptimizerOptions.nonNegative(where, o, "momentum_decay", "momentum_decay value");
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        double momentumDecay = g.getDouble("momentum_decay");
        boolean decoupled = flag(g, "decoupled_weight_decay");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                st.put("step", keep(Torch.scalar(0.0)));
                st.put("mu_product", keep(Torch.scalar(1.0)));
                st.put("exp_avg", keep(Torch.zerosLike(p)));
                st.put("exp_avg_sq", keep(Torch.zerosLike(p)));
            }
            Tensor stepT = (Tensor) st.get("step");
            Tensor muProduct = (Tensor) st.get("mu_product");
            Tensor expAvg = (Tensor) st.get("exp_avg");
            Tensor expAvgSq = (Tensor) st.get("exp_avg_sq");
            double step = stepT.add_(1).item();
            double biasCorrection2 = 1 - Math.pow(beta2, step);
            grad = weightDecay(p, grad, lr, weightDecay, decoupled);
            double mu = beta1 * (1.0 - 0.5 * Math.pow(0.96, step * momentumDecay));
            double muNext = beta1 * (1.0 - 0.5 * Math.pow(0.96, (step + 1) * momentumDecay));
            double muProd = muProduct.mul_(mu).item(); // in the state's float32, as PyTorch
            expAvg.lerp_(grad, 1 - beta1);
            expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            Tensor denom = expAvgSq.div(biasCorrection2).sqrt().add_(eps);
            double muProductNext = muProd * muNext;
            p.addcdiv_(grad, denom, -lr * (1.0 - mu) / (1.0 - muProd));
            p.addcdiv_(expAvg, denom, (-lr * muNext) / (1.0 - muProductNext));
        }
    }

    /** {@code mu_product} is a 0-d tensor, as {@code step}. */
    @Override
    protected boolean stateShapedLikeParam(String key) {
        return !key.equals("step") && !key.equals("mu_product");
    }
}
