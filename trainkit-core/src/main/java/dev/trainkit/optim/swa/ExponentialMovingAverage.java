package dev.trainkit.optim.swa;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;

/**
 * torchvision's classification reference EMA: an {@link AveragedModel} over parameters and
 * buffers with {@code avg = decay * avg + (1 - decay) * value}, plus the reference script's
 * rules: the decay adjusted for batch size, world size and update interval
 * ({@link #referenceDecay}), updates every {@code --model-ema-steps} batches, and copying
 * instead of averaging during the lr warmup epochs ({@link #referenceUpdate}).
 *
 * <pre>{@code
 * double decay = ExponentialMovingAverage.referenceDecay(0.99998, 1, 32, 32, 600);   // the script's defaults
 * ExponentialMovingAverage ema = new ExponentialMovingAverage(model, buildModel(), decay);
 * for (int i = 0; i < batches; i++) { step(); ema.referenceUpdate(model, i, epoch, 32, lrWarmupEpochs); }
 * evaluate(ema);   // the averaged copy
 * }</pre>
 *
 * <p>PyTorch equivalent: torchvision {@code references/classification/utils.py}
 * {@code ExponentialMovingAverage(model, decay, device)} and {@code train.py}'s
 * {@code --model-ema --model-ema-steps --model-ema-decay}.
 */
public class ExponentialMovingAverage extends AveragedModel {
    /** torchvision's default {@code --model-ema-decay}. */
    public static final double DEFAULT_DECAY = 0.99998;
    /** torchvision's default {@code --model-ema-steps}. */
    public static final int DEFAULT_STEPS = 32;

    private final double decay;

    /**
     * An EMA of {@code model} kept in {@code copy} (a second instance of the same architecture).
     *
     * @throws IllegalArgumentException for a decay outside [0, 1]
     */
    public ExponentialMovingAverage(Module model, Module copy, double decay) {
        super(model, copy);
        if (!(decay >= 0 && decay <= 1)) {
            throw new IllegalArgumentException("decay: expected a value in [0, 1], got " + decay);
        }
        this.decay = decay;
        avgFn((avg, value, n) -> avg.mul(decay).add(value.mul(1 - decay)));
        useBuffers(true);
    }

    /** The decay. */
    public double decay() {
        return decay;
    }

    /**
     * The reference script's decay: {@code adjust = worldSize * batchSize * modelEmaSteps / epochs},
     * {@code alpha = min(1, (1 - modelEmaDecay) * adjust)}, decay {@code 1 - alpha}, so that the
     * average spans about the same share of training whatever these settings.
     *
     * @throws IllegalArgumentException for non-positive counts or a decay outside [0, 1]
     */
    public static double referenceDecay(double modelEmaDecay, int worldSize, int batchSize, int modelEmaSteps, int epochs) {
        if (!(modelEmaDecay >= 0 && modelEmaDecay <= 1)) {
            throw new IllegalArgumentException("--model-ema-decay: expected a value in [0, 1], got " + modelEmaDecay);
        }
        positive("--world-size", worldSize);
        positive("--batch-size", batchSize);
        positive("--model-ema-steps", modelEmaSteps);
        positive("--epochs", epochs);
        double adjust = (double) ((long) worldSize * batchSize * modelEmaSteps) / epochs;
        double alpha = 1.0 - modelEmaDecay;
        alpha = Math.min(1.0, alpha * adjust);
        return 1.0 - alpha;
    }

    private static void positive(String flag, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(flag + ": expected a positive integer, got " + v);
        }
    }

    /**
     * The reference script's per-batch rule, after the optimizer step of batch {@code batchIndex}
     * (0-based within the epoch): every {@code modelEmaSteps} batches the EMA is updated, and
     * during the lr warmup ({@code epoch < lrWarmupEpochs}) {@code n_averaged} is reset to 0 so
     * the next update copies the weights again.
     *
     * @return whether the EMA was updated
     */
    public boolean referenceUpdate(Module model, int batchIndex, int epoch, int modelEmaSteps, int lrWarmupEpochs) {
        positive("--model-ema-steps", modelEmaSteps);
        if (batchIndex % modelEmaSteps != 0) {
            return false;
        }
        updateParameters(model);
        if (epoch < lrWarmupEpochs) {
            try (NoGrad ng = NoGrad.enter()) {
                nAveraged().fill_(0);
            }
        }
        return true;
    }
}
