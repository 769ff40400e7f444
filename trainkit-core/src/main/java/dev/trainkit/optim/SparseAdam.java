package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The lazy Adam for sparse gradients: {@code torch.optim.SparseAdam}, following PyTorch's
 * {@code F.sparse_adam} (1.13 and 2.x compute the same). Only the rows present in a gradient
 * (e.g. the looked-up rows of an {@code Embedding(..., sparse=true)}) update their moments and
 * parameters.
 *
 * <pre>{@code
 * Embedding emb = new Embedding(100_000, 64, null, true);          // nn.Embedding(100000, 64, sparse=True)
 * Optimizer opt = new SparseAdam(emb.parameters(), Map.of("lr", 1e-2));
 * // PyTorch: torch.optim.SparseAdam(emb.parameters(), lr=1e-2)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=false}
 * ({@code lr} and {@code eps} must be &gt; 0). State per parameter: {@code step} (a number, as
 * PyTorch's int), {@code exp_avg}, {@code exp_avg_sq}. A dense gradient is refused with PyTorch's
 * message; use {@link Adam} for dense parameters (a second optimizer over them).
 */
public class SparseAdam extends Optimizer {
    /** {@code SparseAdam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, maximize=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("SparseAdam").param("lr", 1e-3).param("betas", OptimizerOptions.tuple(0.9, 0.999))
                    .param("eps", 1e-8).param("maximize", false).build(),
            "lazy Adam for sparse gradients (Embedding(..., sparse=true))",
            OptimizerFactory.of(SparseAdam::check, SparseAdam::new));

    /** SparseAdam over {@code params} with keyword options such as {@code lr}, {@code betas}. */
    public SparseAdam(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("SparseAdam", params), kwargs);
    }

    /** SparseAdam over several parameter groups; {@code kwargs} are the defaults of every group. */
    public SparseAdam(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** PyTorch's constructor checks: {@code lr > 0}, {@code eps > 0}, betas in [0, 1). */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.positive(where, o, "lr", "learning rate");
        OptimizerOptions.positive(where, o, "eps", "epsilon value");
        OptimizerOptions.betas(where, o);
    }

    @Override
    protected String sparseGradHint() {
        return null;
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double eps = g.getDouble("eps");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            if (!SparseGrads.isSparse(grad)) {
                throw new IllegalArgumentException(
                        "SparseAdam does not support dense gradients, please consider Adam instead (gradient of "
                                + p.describe() + ")");
            }
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                st.put("step", 0L);
                st.put("exp_avg", keep(Torch.zerosLike(p)));
                st.put("exp_avg_sq", keep(Torch.zerosLike(p)));
            }
            long step = ((Number) st.get("step")).longValue() + 1;
            st.put("step", step);
            Tensor expAvg = (Tensor) st.get("exp_avg");
            Tensor expAvgSq = (Tensor) st.get("exp_avg_sq");

            grad = SparseGrads.coalesce(maximize ? grad.neg() : grad); // the update is non-linear: unique indices
            Tensor indices = SparseGrads.indices(grad);
            Tensor values = SparseGrads.values(grad);
            // old <- b * old + (1 - b) * new  <==>  old += (1 - b) * (new - old)
            Tensor oldExpAvg = SparseGrads.maskedValues(expAvg, grad);
            Tensor expAvgUpdate = values.sub(oldExpAvg).mul_(1 - beta1);
            expAvg.add_(SparseGrads.like(grad, indices, expAvgUpdate));
            Tensor oldExpAvgSq = SparseGrads.maskedValues(expAvgSq, grad);
            Tensor expAvgSqUpdate = values.pow(2).sub_(oldExpAvgSq).mul_(1 - beta2);
            expAvgSq.add_(SparseGrads.like(grad, indices, expAvgSqUpdate));
            // dense addition again is intended, avoiding another sparse_mask (PyTorch's comment)
            Tensor numer = expAvgUpdate.add_(oldExpAvg);
            Tensor denom = expAvgSqUpdate.add_(oldExpAvgSq).sqrt_().add_(eps);
            double biasCorrection1 = 1 - Math.pow(beta1, step);
            double biasCorrection2 = 1 - Math.pow(beta2, step);
            double stepSize = lr * Math.sqrt(biasCorrection2) / biasCorrection1;
            p.add_(SparseGrads.like(grad, indices, numer.div_(denom).mul_(-stepSize)));
        }
    }
}
