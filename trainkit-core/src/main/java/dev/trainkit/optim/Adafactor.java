package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Adafactor (Shazeer and Stern 2018), with PyTorch 2.5+'s semantics: {@code torch.optim.Adafactor},
 * following {@code _single_tensor_adafactor} (pytorch/pytorch torch/optim/_adafactor.py; PyTorch
 * 1.13 has no Adafactor). The second moment of a matrix (the last two dimensions) is kept as a
 * row and a column factor; the step is relative ({@code rho_t = min(lr, 1/sqrt(t))} times the
 * parameter's RMS, at least {@code eps[1]}), the update clipped to RMS {@code d}; {@code lr} also
 * scales the decoupled weight decay.
 *
 * <pre>{@code
 * Optimizer opt = new Adafactor(model.parameters(), Map.of("lr", 1e-2));
 * // PyTorch 2.5+: torch.optim.Adafactor(model.parameters(), lr=1e-2)
 * }</pre>
 *
 * <p>Options (defaults): {@code lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3)} (None: the dtype's
 * machine epsilon; stored as NaN), {@code d=1.0, weight_decay=0, maximize=false}. State:
 * {@code step}, and {@code row_var}/{@code col_var} (matrices) or {@code variance} (vectors).
 */
public class Adafactor extends Optimizer {
    /** {@code Adafactor(params, lr=1e-2, beta2_decay=-0.8, eps=(None, 1e-3), d=1.0, weight_decay=0.0, *, maximize=False, foreach=None)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Adafactor").param("lr", 1e-2).param("beta2_decay", -0.8)
                    .param("eps", OptimizerOptions.tuple(null, 1e-3)).param("d", 1.0).param("weight_decay", 0.0)
                    .keywordOnly("maximize", false).keywordOnly("foreach", null).build(),
            "Adafactor: factored second moments, relative step sizes (PyTorch 2.5+)",
            OptimizerFactory.of(Adafactor::check, Adafactor::new));

    /** Adafactor over {@code params} with keyword options. */
    public Adafactor(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Adafactor", params), kwargs);
    }

    /** Adafactor over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Adafactor(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
    }

    /** PyTorch's constructor checks, with its wording. */
    static void check(String where, Map<String, Object> o) {
        double beta2Decay = OptimizerOptions.number(o, "beta2_decay");
        double[] eps = (double[]) o.get("eps");
        double d = OptimizerOptions.number(o, "d");
        double wd = OptimizerOptions.number(o, "weight_decay");
        String problem = !(beta2Decay <= 0) ? "beta2_decay should be <= 0 but is: " + beta2Decay
                : !Double.isNaN(eps[0]) && !(eps[0] >= 0) ? "epsilon1 should be >= 0 but is: " + eps[0]
                : !(eps[1] >= 0) ? "epsilon2 should be >= 0 but is: " + eps[1]
                : !(d >= 1) ? "Clipping threshold d should be >= 1 but is: " + d
                : !(wd >= 0) ? "weight_decay should be >= 0 but is: " + wd : null;
        if (problem != null) {
            throw new IllegalArgumentException(where + ": " + problem);
        }
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double beta2Decay = g.getDouble("beta2_decay");
        double[] eps = g.getDoubles("eps");
        double d = g.getDouble("d");
        double weightDecay = g.getDouble("weight_decay");
        boolean maximize = flag(g, "maximize");
        for (Tensor p : g.params()) {
            Tensor grad = grad(p, maximize);
            if (grad == null) {
                continue;
            }
            // None: the dtype's machine epsilon (torch.finfo(dtype).eps)
            double eps1 = !Double.isNaN(eps[0]) ? eps[0] : p.dtype() == DType.FLOAT64 ? Math.ulp(1.0) : Math.ulp(1.0f);
            Map<String, Object> st = state(p);
            if (st.isEmpty()) {
                st.put("step", keep(Torch.scalar(0.0)));
                if (grad.dim() > 1) {
                    long[] row = grad.shape();
                    row[row.length - 1] = 1;
                    st.put("row_var", keep(Torch.zeros(p.dtype(), row).to(p.device())));
                    long[] col = grad.shape();
                    col[col.length - 2] = 1;
                    st.put("col_var", keep(Torch.zeros(p.dtype(), col).to(p.device())));
                } else {
                    st.put("variance", keep(Torch.zerosLike(p)));
                }
            }
            double step = nextStep(st);
            double oneMinusBeta2 = Math.pow(step, beta2Decay);
            double rho = Math.min(lr, 1 / Math.sqrt(step));
            double alpha = Math.max(eps[1], p.norm(2).item() / Math.sqrt(p.numel())) * rho;
            if (weightDecay != 0) {
                p.mul_(1 - lr * weightDecay);
            }
            Tensor varEstimate;
            if (grad.dim() > 1) {
                int n = grad.dim();
                Tensor rowVar = (Tensor) st.get("row_var");
                Tensor colVar = (Tensor) st.get("col_var");
                Tensor rowMean = grad.norm(2, new long[] {n - 1}, true);
                rowVar.lerp_(rowMean.mul_(rowMean).div_(grad.size(n - 1)), oneMinusBeta2);
                Tensor colMean = grad.norm(2, new long[] {n - 2}, true);
                colVar.lerp_(colMean.mul_(colMean).div_(grad.size(n - 2)), oneMinusBeta2);
                varEstimate = rowVar.matmul(colVar).div_(rowVar.mean(n - 2, true).clampMin(eps1));
            } else {
                Tensor variance = (Tensor) st.get("variance");
                variance.lerp_(grad.mul(grad), oneMinusBeta2);
                varEstimate = variance.clone();
            }
            Tensor clamped = varEstimate.clamp_(eps1 * eps1, Double.POSITIVE_INFINITY);
            Tensor update = NativeInterop.call("rsqrt", () -> NativeInterop.handle(clamped).rsqrt(), clamped).mul_(grad);
            double denom = Math.max(1.0, update.norm(2).item() / (Math.sqrt(update.numel()) * d));
            p.add_(update, -alpha / denom);
        }
    }

    /** The factored second moments {@code row_var}/{@code col_var} have reduced shapes ({@code variance} is shaped like its parameter only when unfactored). */
    @Override
    protected boolean stateShapedLikeParam(String key) {
        return !key.equals("step") && !key.equals("row_var") && !key.equals("col_var") && !key.equals("variance");
    }
}
