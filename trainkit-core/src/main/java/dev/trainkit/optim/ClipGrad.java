package dev.trainkit.optim;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Gradient clipping, as {@code torch.nn.utils.clip_grad_norm_} and {@code clip_grad_value_}.
 * It lives in {@code optim} (not {@code nn.utils}) because it is used between
 * {@code backward()} and {@link Optimizer#step()} and works on any tensors, not only modules.
 *
 * <pre>{@code
 * loss.backward();
 * double norm = ClipGrad.clipGradNorm_(model.parameters(), 1.0);  // clip_grad_norm_(model.parameters(), 1.0)
 * ClipGrad.clipGradValue_(model.parameters(), 0.5);               // clip_grad_value_(model.parameters(), 0.5)
 * optimizer.step();
 * }</pre>
 *
 * <p>Gradients are modified in place; parameters without a gradient are skipped. As PyTorch 2.x,
 * the gradients are grouped by dtype and device ({@link GradGroups}; the per-tensor norms are
 * combined in that order) and {@code foreach} picks the implementation, not the numbers:
 * {@code false} works tensor by tensor; {@code true} or {@code null} (the default, as PyTorch on
 * the CPU) scales or clamps a group with one op when its gradients are views of one flat buffer.
 */
public final class ClipGrad {
    private ClipGrad() {
    }

    /** {@link #clipGradNorm_(Collection, double, double, boolean)} with the 2-norm, no error if non-finite. */
    public static double clipGradNorm_(Collection<? extends Tensor> params, double maxNorm) {
        return clipGradNorm_(params, maxNorm, 2.0, false);
    }

    /** {@link #clipGradNorm_(Collection, double, double, boolean, Boolean)} with {@code foreach=None}. */
    public static double clipGradNorm_(Collection<? extends Tensor> params, double maxNorm, double normType,
            boolean errorIfNonfinite) {
        return clipGradNorm_(params, maxNorm, normType, errorIfNonfinite, null);
    }

    /**
     * Scales all gradients together so that their total {@code normType}-norm (as if
     * concatenated into one vector) is at most {@code maxNorm}, with PyTorch's formula:
     * {@code clip_coef = min(max_norm / (total_norm + 1e-6), 1)}, each gradient multiplied by it
     * ({@code clip_grad_norm_(parameters, max_norm, norm_type, error_if_nonfinite, foreach)}).
     *
     * @param normType the p of the p-norm; {@link Double#POSITIVE_INFINITY} for the max-norm
     * @param errorIfNonfinite throw if the total norm is NaN or infinite (PyTorch's
     *     {@code error_if_nonfinite}); otherwise the gradients are scaled by the non-finite norm
     * @param foreach {@code false}: per tensor; {@code true} or {@code null}: grouped by dtype and
     *     device (see the class doc); the numbers are the same
     * @return the total norm of the gradients before clipping (0 if none has a gradient); PyTorch
     *     returns it as a tensor
     * @throws IllegalArgumentException if {@code maxNorm} is negative or NaN, {@code normType} is
     *     NaN, or the norm is non-finite and {@code errorIfNonfinite} (gradients unchanged)
     */
    public static double clipGradNorm_(Collection<? extends Tensor> params, double maxNorm, double normType,
            boolean errorIfNonfinite, Boolean foreach) {
        if (!(maxNorm >= 0)) {
            throw new IllegalArgumentException("clipGradNorm_: max_norm must be >= 0, got " + maxNorm);
        }
        if (Double.isNaN(normType)) {
            throw new IllegalArgumentException("clipGradNorm_: norm_type must be a number or Infinity, got NaN");
        }
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            // grouped by dtype and device in both paths, as PyTorch 2.x: the norms are summed in that order
            List<GradGroups> groups = GradGroups.of(params, foreach);
            List<Tensor> norms = new ArrayList<>();
            for (GradGroups g : groups) {
                norms.addAll(g.norms(normType));
            }
            if (norms.isEmpty()) {
                return 0.0;
            }
            Tensor total = totalNorm(norms, normType);
            double totalNorm = total.item();
            if (errorIfNonfinite && !Double.isFinite(totalNorm)) {
                throw new IllegalArgumentException("clipGradNorm_: the total norm of order " + normType
                        + " for gradients from `parameters` is non-finite (" + totalNorm + "), so it cannot be"
                        + " clipped. To disable this error and scale the gradients by the non-finite norm anyway,"
                        + " set errorIfNonfinite=false");
            }
            // Python's `max_norm / tensor` is `tensor.reciprocal() * max_norm`; 1/x is that reciprocal
            Tensor denom = total.add(1e-6);
            Tensor clipCoef = Torch.onesLike(denom).div(denom).mul(maxNorm);
            // multiplied even when clamped to 1, as PyTorch does (no data-dependent branch)
            Tensor clamped = clipCoef.clampMax(1.0);
            for (GradGroups g : groups) {
                g.mul_(clamped.to(g.device()));
            }
            return totalNorm;
        }
    }

    /** PyTorch's total: the norm of the stacked per-tensor norms (their maximum for the max-norm). */
    private static Tensor totalNorm(List<Tensor> norms, double normType) {
        if (normType == Double.POSITIVE_INFINITY) {
            return norms.size() == 1 ? norms.get(0) : Torch.stack(norms, 0).max();
        }
        return Torch.stack(norms, 0).norm(normType);
    }

    /** {@link #clipGradValue_(Collection, double, Boolean)} with {@code foreach=None}. */
    public static void clipGradValue_(Collection<? extends Tensor> params, double clipValue) {
        clipGradValue_(params, clipValue, null);
    }

    /**
     * Clamps every gradient element to {@code [-clipValue, clipValue]} in place
     * ({@code clip_grad_value_(parameters, clip_value, foreach)}).
     *
     * @param foreach {@code false}: per tensor; {@code true} or {@code null}: grouped (one clamp per
     *     group whose gradients share a flat buffer); the numbers are the same
     * @throws IllegalArgumentException if {@code clipValue} is negative or NaN (PyTorch does not
     *     check; a negative value would set every element to {@code -|clipValue|})
     */
    public static void clipGradValue_(Collection<? extends Tensor> params, double clipValue, Boolean foreach) {
        if (!(clipValue >= 0)) {
            throw new IllegalArgumentException("clipGradValue_: clip_value must be >= 0, got " + clipValue);
        }
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            for (GradGroups g : GradGroups.of(params, foreach)) {
                g.clamp_(-clipValue, clipValue);
            }
        }
    }
}
