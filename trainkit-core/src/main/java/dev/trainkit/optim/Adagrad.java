package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Adagrad: {@code torch.optim.Adagrad}, following PyTorch 2.x's {@code _single_tensor_adagrad},
 * for dense and sparse gradients (e.g. from {@code Embedding(..., sparse=true)}: only the rows
 * present are updated; {@code weight_decay} must then be 0, as PyTorch).
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(model.parameters(), Map.of("lr", 0.1, "lr_decay", 1e-4));
 * // PyTorch: torch.optim.Adagrad(model.parameters(), lr=0.1, lr_decay=1e-4)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-2, lr_decay=0, weight_decay=0,
 * initial_accumulator_value=0, eps=1e-10, maximize=false}. As in PyTorch, the state
 * ({@code step}, {@code sum}) of the constructor's parameters is created by the constructor, with
 * {@code sum} filled with the constructor's {@code initial_accumulator_value} for every group (a
 * group's own value is ignored, as PyTorch does); groups added later start from their own value.
 */
public class Adagrad extends Optimizer {
    /** {@code Adagrad(params, lr=1e-2, lr_decay=0, weight_decay=0, initial_accumulator_value=0, eps=1e-10, foreach=None, *, maximize=False, differentiable=False)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Adagrad").param("lr", 1e-2).param("lr_decay", 0.0).param("weight_decay", 0.0)
                    .param("initial_accumulator_value", 0.0).param("eps", 1e-10).param("foreach", null)
                    .keywordOnly("maximize", false).keywordOnly("differentiable", false).build(),
            "Adagrad (per-coordinate learning rates from accumulated squared gradients)",
            OptimizerFactory.of(Adagrad::check, Adagrad::new));

    /** Adagrad over {@code params} with keyword options. */
    public Adagrad(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Adagrad", params), kwargs);
    }

    /** Adagrad over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Adagrad(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
        double init = (Double) defaults().get("initial_accumulator_value");
        try (TensorScope scope = TensorScope.open()) {
            for (ParamGroup<Tensor> g : paramGroups()) {
                for (Tensor p : g.params()) {
                    initState(p, init);
                }
            }
        }
    }

    /** PyTorch's constructor checks. */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.nonNegative(where, o, "lr_decay", "lr_decay value");
        OptimizerOptions.nonNegative(where, o, "weight_decay", "weight_decay value");
        OptimizerOptions.nonNegative(where, o, "initial_accumulator_value", "initial_accumulator_value value");
        OptimizerOptions.nonNegative(where, o, "eps", "epsilon value");
    }

    private void initState(Tensor p, double initialAccumulatorValue) {
        Map<String, Object> st = state(p);
        st.put("step", keep(Torch.scalar(0.0)));
        st.put("sum", keep(Torch.zerosLike(p).fill_(initialAccumulatorValue)));
    }

    @Override
    protected String sparseGradHint() {
        return null;
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double lrDecay = g.getDouble("lr_decay");
        double weightDecay = g.getDouble("weight_decay");
        double eps = g.getDouble("eps");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            boolean sparse = SparseGrads.isSparse(grad);
            if (sparse && weightDecay != 0) {
                throw new IllegalArgumentException("Adagrad: weight_decay option is not compatible with sparse gradients"
                        + " (weight_decay=" + weightDecay + ", sparse gradient of " + p.describe() + ")");
            }
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                initState(p, g.getDouble("initial_accumulator_value"));
            }
            Tensor stepT = (Tensor) st.get("step");
            stepT.add_(1);
            double step = stepT.item();
            if (weightDecay != 0) {
                grad = grad.add(p, weightDecay);
            }
            double clr = lr / (1 + (step - 1) * lrDecay);
            Tensor sum = (Tensor) st.get("sum");
            if (sparse) {
                grad = SparseGrads.coalesce(grad); // the update is non-linear: unique indices
                Tensor indices = SparseGrads.indices(grad);
                Tensor values = SparseGrads.values(grad);
                sum.add_(SparseGrads.like(grad, indices, values.pow(2)));
                Tensor std = SparseGrads.maskedValues(sum, grad).sqrt_().add_(eps);
                p.add_(SparseGrads.like(grad, indices, values.div(std)), -clr);
                continue;
            }
            sum.addcmul_(grad, grad, 1);
            Tensor std = sum.sqrt().add_(eps);
            p.addcdiv_(grad, std, -clr);
        }
    }
}
