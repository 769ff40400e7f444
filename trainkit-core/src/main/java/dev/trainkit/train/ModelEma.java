package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An exponential moving average of a model's weights: after every optimizer step each
 * floating-point state entry becomes {@code ema = decay * ema + (1 - decay) * value}; integer
 * entries (BatchNorm's {@code num_batches_tracked}) are copied. timm's {@code ModelEmaV2}, or
 * {@code torch.optim.swa_utils.AveragedModel} with an EMA {@code avg_fn} and buffers included.
 * It counts its updates ({@link #numAveraged()}, {@code n_averaged}): with {@code copyFirst}
 * (torchvision's reference EMA, an {@code AveragedModel}) an update while the count is 0 copies
 * the weights instead of averaging, and {@link #resetAveraged()} sets the count back to 0.
 *
 * <pre>{@code
 * ModelEma ema = new ModelEma(model, 0.999);
 * ... optimizer.step(); ema.update(model);
 * try (var swapped = ema.swapInto(model)) { evaluate(model); }   // weights restored afterwards
 * }</pre>
 */
public final class ModelEma {
    private final double decay;
    private final boolean copyFirst;
    private final Map<String, Tensor> shadow = new LinkedHashMap<>();
    private long numAveraged;

    /** Starts the average at the model's current weights; every update averages (timm's {@code ModelEmaV2}). */
    public ModelEma(Module model, double decay) {
        this(model, decay, false);
    }

    /**
     * Starts the average at the model's current weights.
     *
     * @param copyFirst whether an update while {@link #numAveraged()} is 0 copies the weights
     *     ({@code AveragedModel}'s first {@code update_parameters}) instead of averaging
     */
    public ModelEma(Module model, double decay, boolean copyFirst) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("ModelEma: decay must be in (0, 1), got " + decay);
        }
        this.decay = decay;
        this.copyFirst = copyFirst;
        try (NoGrad ng = NoGrad.enter()) {
            model.stateDict().forEach((k, v) -> shadow.put(k, TensorScope.escape(v.detach().clone())));
        }
    }

    /** The decay. */
    public double decay() {
        return decay;
    }

    /** The averaged state, by name (live tensors). */
    public Map<String, Tensor> stateDict() {
        return shadow;
    }

    /** Whether an update while {@link #numAveraged()} is 0 copies the weights. */
    public boolean copyFirst() {
        return copyFirst;
    }

    /** Updates since construction or the last {@link #resetAveraged()} ({@code n_averaged}). */
    public long numAveraged() {
        return numAveraged;
    }

    /** Sets {@link #numAveraged()} to 0 ({@code n_averaged.fill_(0)}): with copyFirst the next update copies. */
    public void resetAveraged() {
        numAveraged = 0;
    }

    /** Folds the model's current weights into the average with {@link #decay()}. */
    public void update(Module model) {
        update(model, decay);
    }

    /**
     * Folds the model's current weights into the average with this update's {@code decay} (e.g.
     * a warm-up decay); a decay of 0, or the first update with copyFirst, copies them.
     *
     * @throws IllegalArgumentException for a decay outside [0, 1)
     */
    public void update(Module model, double decay) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("ModelEma.update: decay must be in [0, 1), got " + decay);
        }
        boolean copy = decay == 0 || copyFirst && numAveraged == 0;
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            model.stateDict().forEach((k, v) -> {
                Tensor s = shadow.get(k);
                if (s == null) {
                    throw new IllegalStateException("ModelEma: the model gained state entry '" + k
                            + "' after the EMA was created");
                }
                if (v.dtype().isFloatingPoint() && !copy) {
                    s.mul_(decay).add_(v.detach(), 1 - decay);
                } else {
                    s.copy_(v);
                }
            });
        }
        numAveraged++;
    }

    /** Sets the update count (a checkpoint's {@code n_averaged}). */
    void numAveraged(long n) {
        numAveraged = n;
    }

    /** Replaces the average (e.g. from a checkpoint). */
    public void load(Map<String, ?> state) {
        try (NoGrad ng = NoGrad.enter()) {
            shadow.forEach((k, s) -> {
                Object v = state.get(k);
                if (!(v instanceof Tensor t)) {
                    throw new IllegalArgumentException("ModelEma.load: missing tensor '" + k + "'");
                }
                s.copy_(t);
            });
        }
    }

    /** Copies the averaged weights into {@code model} until the returned handle is closed. */
    public Swap swapInto(Module model) {
        Map<String, Tensor> backup = new LinkedHashMap<>();
        try (NoGrad ng = NoGrad.enter()) {
            model.stateDict().forEach((k, v) -> {
                backup.put(k, TensorScope.escape(v.detach().clone()));
                v.copy_(shadow.get(k));
            });
        }
        return () -> {
            try (NoGrad ng = NoGrad.enter()) {
                model.stateDict().forEach((k, v) -> v.copy_(backup.get(k)));
            }
        };
    }

    /** Restores the model's own weights when closed. */
    public interface Swap extends AutoCloseable {
        @Override
        void close();
    }
}
