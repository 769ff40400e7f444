package dev.trainkit.optim.swa;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A running average of a model's weights (stochastic weight averaging, or an exponential moving
 * average with an {@link AveragingFunction}). It is a module: {@link #forward(Tensor)} runs the
 * averaged copy, and its state dict has PyTorch's keys ({@code module.<name>} and
 * {@code n_averaged}), so a checkpoint loads into {@code torch.optim.swa_utils.AveragedModel}.
 *
 * <p>Java has no {@code deepcopy} of a module: pass a second instance of the same architecture
 * (built by the same factory), which becomes the averaged copy; the model's state is copied
 * into it (strictly) at construction.
 *
 * <pre>{@code
 * AveragedModel swa = new AveragedModel(model, buildModel());   // AveragedModel(model)
 * for (int epoch = 0; epoch < epochs; epoch++) {
 *     trainOneEpoch(model);
 *     if (epoch >= swaStart) { swa.updateParameters(model); swaScheduler.step(); }
 * }
 * SwaUtils.updateBn(trainLoader, Batch::inputs, swa);           // recompute BatchNorm statistics
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code torch.optim.swa_utils.AveragedModel(model, avg_fn=None, use_buffers=False)}
 * (1.13): the first update copies, later ones apply {@code avg_fn} (default: the equal average
 * {@code avg + (value - avg) / (n + 1)}); without {@code use_buffers} only parameters are
 * averaged and the buffers keep the values of construction.
 */
public class AveragedModel extends Module {
    private final Module module;
    private final Tensor nAveraged;
    private AveragingFunction avgFn = AveragedModel::equalAverage;
    private boolean useBuffers;

    /**
     * Averages {@code model}'s parameters with equal weights into {@code copy}.
     *
     * @param model the trained model
     * @param copy  a distinct module of the same architecture; receives {@code model}'s state
     * @throws IllegalArgumentException when {@code copy} is {@code model} or does not take its state dict strictly
     */
    public AveragedModel(Module model, Module copy) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(copy, "copy");
        if (copy == model) {
            throw new IllegalArgumentException("copy: expected a second instance of the model's architecture "
                    + "(Java has no deepcopy), got the model itself");
        }
        try (NoGrad ng = NoGrad.enter()) {
            copy.loadStateDict(model.stateDict(), true);
        }
        copy.train(model.isTraining());
        this.module = registerModule("module", copy);
        this.nAveraged = registerBuffer("n_averaged", Torch.scalar(0, DType.INT64));
    }

    /** PyTorch's default {@code avg_fn}: the equal average of every model folded in. */
    static Tensor equalAverage(Tensor averaged, Tensor value, Tensor numAveraged) {
        return averaged.add(value.sub(averaged).div(numAveraged.add(Torch.scalar(1, DType.INT64))));
    }

    /** Replaces the averaging ({@code avg_fn}); returns this. */
    public AveragedModel avgFn(AveragingFunction avgFn) {
        this.avgFn = Objects.requireNonNull(avgFn, "avgFn");
        return this;
    }

    /**
     * Whether buffers (BatchNorm's running statistics and counter) are averaged too
     * ({@code use_buffers}, default false); returns this.
     */
    public AveragedModel useBuffers(boolean useBuffers) {
        this.useBuffers = useBuffers;
        return this;
    }

    /** Whether buffers are averaged. */
    public boolean useBuffers() {
        return useBuffers;
    }

    /** The averaged copy ({@code .module}). */
    public Module module() {
        return module;
    }

    /** The number of models averaged so far (live int64 scalar, {@code n_averaged}). */
    public Tensor nAveraged() {
        return nAveraged;
    }

    /** Runs the averaged copy. */
    @Override
    public Tensor forward(Tensor input) {
        return module.forward(input);
    }

    /**
     * Folds {@code model}'s current weights into the average ({@code update_parameters}): the
     * first call copies them, later calls apply the averaging function; then {@code n_averaged}
     * grows by one.
     *
     * @throws IllegalArgumentException when {@code model} has another number of tensors or shapes
     */
    public void updateParameters(Module model) {
        List<Tensor> mine = tensors(module);
        List<Tensor> theirs = tensors(model);
        if (mine.size() != theirs.size()) {
            throw new IllegalArgumentException("model: expected " + mine.size() + (useBuffers ? " parameters and buffers"
                    : " parameters") + " as the averaged model, got " + theirs.size());
        }
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            boolean first = nAveraged.itemLong() == 0;
            for (int i = 0; i < mine.size(); i++) {
                Tensor avg = mine.get(i);
                Tensor value = theirs.get(i).detach().to(avg.device());
                if (!java.util.Arrays.equals(avg.shape(), value.shape())) {
                    throw new IllegalArgumentException("model: tensor " + i + " has shape "
                            + java.util.Arrays.toString(value.shape()) + ", the averaged one "
                            + java.util.Arrays.toString(avg.shape()));
                }
                avg.copy_(first ? value : avgFn.apply(avg.detach(), value, nAveraged));
            }
            nAveraged.add_(Torch.scalar(1, DType.INT64));
        }
    }

    /** PyTorch's order: parameters, then (with use_buffers) buffers. */
    private List<Tensor> tensors(Module m) {
        List<Tensor> out = new ArrayList<>(m.parameters());
        if (useBuffers) {
            out.addAll(m.buffers());
        }
        return out;
    }
}
