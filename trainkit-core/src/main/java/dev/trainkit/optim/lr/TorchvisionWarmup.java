package dev.trainkit.optim.lr;

import dev.trainkit.spec.SpecParser;

import java.util.Locale;

/**
 * torchvision's classification reference ({@code references/classification/train.py}) scheduler
 * flags as TrainKit scheduler specs: {@code --lr-warmup-epochs W --lr-warmup-method
 * linear|constant --lr-warmup-decay D} wrap the main scheduler in
 * {@code SequentialLR([LinearLR(start_factor=D, total_iters=W) or ConstantLR(factor=D,
 * total_iters=W), main], milestones=[W])}, exactly as the script builds it; {@code --lr-scheduler
 * steplr|cosineannealinglr|exponentiallr} picks the main scheduler. The schedulers are stepped
 * once per epoch.
 *
 * <pre>{@code
 * String main = TorchvisionWarmup.mainSpec("cosineannealinglr", 600, 5, 30, 0.1);   // CosineAnnealingLR(T_max=595)
 * String spec = TorchvisionWarmup.wrap(main, 5, "linear", 0.01);
 * // SequentialLR(schedulers=[LinearLR(start_factor=0.01, total_iters=5), CosineAnnealingLR(T_max=595)], milestones=[5])
 * LRScheduler s = Schedulers.create(spec, optimizer);
 * }</pre>
 *
 * <p>PyTorch equivalent: the scheduler block of torchvision's {@code train.py}
 * ({@code --lr-scheduler cosineannealinglr --lr-warmup-epochs 5 --lr-warmup-method linear}).
 * For a warmup in front of {@code ReduceLROnPlateau}, which {@code SequentialLR} refuses, use
 * {@link WarmupLR}.
 */
public final class TorchvisionWarmup {
    /** The reference script's default {@code --lr-warmup-method}. */
    public static final String DEFAULT_METHOD = "constant";
    /** The reference script's default {@code --lr-warmup-decay}. */
    public static final double DEFAULT_DECAY = WarmupLR.DEFAULT_WARMUP_DECAY;

    private TorchvisionWarmup() {
    }

    /**
     * The main scheduler of the reference script's {@code --lr-scheduler} (case-insensitive):
     * {@code StepLR(step_size=lrStepSize, gamma=lrGamma)},
     * {@code CosineAnnealingLR(T_max=epochs - lrWarmupEpochs)} or {@code ExponentialLR(gamma=lrGamma)}.
     *
     * @throws IllegalArgumentException for another name, naming the three
     */
    public static String mainSpec(String lrScheduler, int epochs, int lrWarmupEpochs, int lrStepSize, double lrGamma) {
        String name = lrScheduler == null ? "null" : lrScheduler.toLowerCase(Locale.ROOT);
        return switch (name) {
            case "steplr" -> "StepLR(step_size=" + lrStepSize + ", gamma=" + lrGamma + ")";
            case "cosineannealinglr" -> "CosineAnnealingLR(T_max=" + (epochs - lrWarmupEpochs) + ")";
            case "exponentiallr" -> "ExponentialLR(gamma=" + lrGamma + ")";
            default -> throw new IllegalArgumentException("--lr-scheduler: expected steplr, cosineannealinglr or "
                    + "exponentiallr (as torchvision's train.py), got '" + lrScheduler + "'");
        };
    }

    /**
     * {@code mainSpec} behind the reference script's warmup; {@code mainSpec} itself when
     * {@code lrWarmupEpochs == 0}.
     *
     * @param mainSpec       the main scheduler's spec (validated here)
     * @param lrWarmupEpochs {@code --lr-warmup-epochs}, at least 0
     * @param lrWarmupMethod {@code --lr-warmup-method}: {@code linear} or {@code constant}
     * @param lrWarmupDecay  {@code --lr-warmup-decay}: the warmup's start factor (linear) or factor (constant)
     * @throws IllegalArgumentException for a negative epoch count, an unknown method, or a main
     *                                  scheduler that needs a metric (use {@link WarmupLR})
     */
    public static String wrap(String mainSpec, int lrWarmupEpochs, String lrWarmupMethod, double lrWarmupDecay) {
        if (lrWarmupEpochs < 0) {
            throw new IllegalArgumentException("--lr-warmup-epochs: expected a non-negative number of epochs, got "
                    + lrWarmupEpochs);
        }
        SchedulerTraits traits = Schedulers.traits(mainSpec);
        if (lrWarmupEpochs == 0) {
            return mainSpec;
        }
        if (traits.needsMetric()) {
            throw new IllegalArgumentException("--lr-warmup-epochs: torchvision's SequentialLR warmup cannot wrap "
                    + SpecParser.parse(mainSpec).name() + "; use WarmupLR(scheduler=" + mainSpec + ", warmup_t="
                    + lrWarmupEpochs + ", warmup_lr_init=...)");
        }
        String warmup = switch (lrWarmupMethod == null ? "null" : lrWarmupMethod) {
            case "linear" -> "LinearLR(start_factor=" + lrWarmupDecay + ", total_iters=" + lrWarmupEpochs + ")";
            case "constant" -> "ConstantLR(factor=" + lrWarmupDecay + ", total_iters=" + lrWarmupEpochs + ")";
            default -> throw new IllegalArgumentException("--lr-warmup-method: Invalid warmup lr method '" + lrWarmupMethod
                    + "'. Only linear and constant are supported.");
        };
        return "SequentialLR(schedulers=[" + warmup + ", " + mainSpec + "], milestones=[" + lrWarmupEpochs + "])";
    }
}
