package dev.trainkit.optim;

import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * LAMB, layer-wise adaptive moments (You et al. 2019, "Large Batch Optimization for Deep
 * Learning"), as timm's {@code timm.optim.Lamb} (the NVIDIA FusedLAMB behaviour,
 * {@code _single_tensor_lamb}): Adam moments, the gradients first divided by
 * {@code max(1, global_norm / max_grad_norm)} over all groups, and each parameter's update scaled
 * by the trust ratio {@code |w| / |update|} when it has weight decay (or {@code always_adapt}).
 * Not in torch.optim.
 *
 * <pre>{@code
 * Optimizer opt = new Lamb(model.parameters(), Map.of("lr", 2e-3, "weight_decay", 0.02));
 * // timm: timm.optim.Lamb(model.parameters(), lr=2e-3, weight_decay=0.02)
 * }</pre>
 *
 * <p>Options (timm's defaults): {@code lr=1e-3, bias_correction=true, betas=(0.9, 0.999),
 * eps=1e-6, weight_decay=0.01, grad_averaging=true, max_grad_norm=1.0} ({@code null} in the
 * options map: no clipping; in a spec string {@code None} means the default, as every spec
 * argument),
 * {@code trust_clip=false} (LAMBC), {@code always_adapt=false, caution=false,
 * decoupled_decay=false, corrected_weight_decay=false} ({@code lr**2 / max_lr} with the
 * constructor's lr as max_lr). As timm, the step count is per group (its {@code "step"} option,
 * added by the first step); per-parameter state: {@code exp_avg}, {@code exp_avg_sq}.
 */
public class Lamb extends Optimizer {
    /** timm's {@code Lamb(params, lr=1e-3, bias_correction=True, betas=(0.9, 0.999), eps=1e-6, weight_decay=0.01, grad_averaging=True, max_grad_norm=1.0, trust_clip=False, always_adapt=False, caution=False, decoupled_decay=False, corrected_weight_decay=False, foreach=None)}. */
    public static final Registration<OptimizerFactory> REGISTRATION = new Registration<>(
            Signature.of("Lamb").param("lr", 1e-3).param("bias_correction", true)
                    .param("betas", OptimizerOptions.tuple(0.9, 0.999)).param("eps", 1e-6).param("weight_decay", 0.01)
                    .param("grad_averaging", true).param("max_grad_norm", 1.0).param("trust_clip", false)
                    .param("always_adapt", false).param("caution", false).param("decoupled_decay", false)
                    .param("corrected_weight_decay", false).param("foreach", null).build(),
            "layer-wise adaptive moments for large batches (timm's Lamb)",
            OptimizerFactory.of(Lamb::check, Lamb::new));

    /** timm's {@code max_lr_snapshot}: the constructor's lr, for corrected weight decay. */
    private final double maxLr;
    /** During {@link #step()}: {@code max(1, global grad norm / max_grad_norm)}, or null (no clipping). */
    private Tensor clip;

    /** Lamb over {@code params} with keyword options. */
    public Lamb(Collection<? extends Tensor> params, Map<String, ?> kwargs) {
        this(singleGroup("Lamb", params), kwargs);
    }

    /** Lamb over several parameter groups; {@code kwargs} are the defaults of every group. */
    public Lamb(List<ParamGroupSpec> groups, Map<String, ?> kwargs) {
        super(REGISTRATION, groups, kwargs);
        maxLr = (Double) defaults().get("lr");
        if ((Boolean) defaults().get("corrected_weight_decay") && maxLr <= 0) {
            throw new IllegalArgumentException("Lamb: corrected weight decay requires a positive max lr, got " + maxLr
                    + "; construct the optimizer with the peak lr");
        }
    }

    /** timm's checks (lr, eps and weight_decay >= 0; max_grad_norm None or a number). */
    static void check(String where, Map<String, Object> o) {
        OptimizerOptions.nonNegative(where, o, "eps", "epsilon value");
        OptimizerOptions.nonNegative(where, o, "weight_decay", "weight_decay value");
        Object m = o.get("max_grad_norm");
        if (m != null && !(m instanceof Double)) {
            throw new IllegalArgumentException(where + ": option 'max_grad_norm' expected None or a number, got " + m);
        }
    }

    @Override
    public void step() {
        // the clipping factor is global: computed over every group's gradients before any update
        Object maxNorm = defaults().get("max_grad_norm");
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            refuseSparseGrads();
            clip = maxNorm instanceof Double mn ? clipFactor(mn) : null;
            for (ParamGroup<Tensor> g : paramGroups()) {
                stepGroup(g);
            }
        } finally {
            clip = null;
        }
    }

    private Tensor clipFactor(double maxGradNorm) {
        List<Tensor> norms = new ArrayList<>();
        for (ParamGroup<Tensor> g : paramGroups()) {
            for (Tensor p : g.params()) {
                if (p.grad() != null) {
                    norms.add(p.grad().norm(2));
                }
            }
        }
        return norms.isEmpty() ? null : Torch.stack(norms, 0).norm(2).div(maxGradNorm).clampMin(1.0);
    }

    @Override
    protected void stepGroup(ParamGroup<Tensor> g) {
        double lr = g.lr();
        double[] betas = g.getDoubles("betas");
        double beta1 = betas[0];
        double beta2 = betas[1];
        double beta3 = flag(g, "grad_averaging") ? 1 - beta1 : 1.0;
        double eps = g.getDouble("eps");
        double weightDecay = g.getDouble("weight_decay");
        boolean decoupled = flag(g, "decoupled_decay");
        boolean alwaysAdapt = flag(g, "always_adapt");
        boolean trustClip = flag(g, "trust_clip");
        boolean caution = flag(g, "caution");
        double step = (g.get("step") instanceof Double s ? s : 0.0) + 1;
        g.set("step", step); // timm counts per group, even when no parameter has a gradient
        double bc1 = flag(g, "bias_correction") ? 1 - Math.pow(beta1, step) : 1.0;
        double bc2 = flag(g, "bias_correction") ? 1 - Math.pow(beta2, step) : 1.0;
        for (Tensor p : g.params()) {
            Tensor grad = p.grad();
            if (grad == null) {
                continue;
            }
            if (clip != null) {
                grad = grad.div(clip);
            }
            Map<String, Object> st = state(p);
            Tensor expAvg = (Tensor) st.computeIfAbsent("exp_avg", k -> keep(Torch.zerosLike(p)));
            Tensor expAvgSq = (Tensor) st.computeIfAbsent("exp_avg_sq", k -> keep(Torch.zerosLike(p)));
            if (beta3 == 1 - beta1) {
                expAvg.lerp_(grad, beta3);
            } else {
                expAvg.mul_(beta1).add_(grad, beta3);
            }
            expAvgSq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);
            Tensor denom = expAvgSq.sqrt().div(Math.sqrt(bc2)).add_(eps);
            Tensor update = expAvg.div(bc1).div_(denom);
            if (caution) {
                update = Lion.caution(update, grad);
            }
            if (weightDecay != 0) {
                if (decoupled) {
                    double scale = flag(g, "corrected_weight_decay") ? lr * lr / maxLr : lr;
                    p.add_(p, -scale * weightDecay);
                } else {
                    update.add_(p, weightDecay);
                }
            }
            if (weightDecay != 0 || alwaysAdapt) {
                Tensor wNorm = p.norm(2);
                Tensor uNorm = update.norm(2);
                double ratio = wNorm.item() > 0 && uNorm.item() > 0 ? wNorm.div(uNorm).item() : 1.0;
                update.mul_(trustClip ? Math.min(ratio, 1.0) : ratio);
            }
            p.add_(update, -lr);
        }
    }
}
