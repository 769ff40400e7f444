package dev.trainkit.train;

import dev.trainkit.optim.swa.ExponentialMovingAverage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How {@link ModelEmaCallback} keeps its exponential moving average of the weights: the decay,
 * how often it updates, whether the first update copies, how the decay warms up, and what
 * validation reports. Immutable; the {@code with*} methods return changed copies.
 *
 * <pre>{@code
 * EmaConfig.of(0.999);                              // timm ModelEmaV2: every step; val_* measure the EMA
 * EmaConfig.torchvision(0.99998, 32, 5);            // train.py --model-ema --model-ema-steps 32 --lr-warmup-epochs 5
 * EmaConfig.of(0.9999).withWarmup(1.0, 2.0 / 3);    // timm ModelEmaV3(use_warmup=True)
 * }</pre>
 *
 * <p>Validation: with {@link #separateValidation()} (the torchvision preset) {@code val_*} measure
 * the trained weights and {@code ema_val_*} the average, as the reference script evaluates both;
 * without it (the {@link #of} preset) the average is swapped in for validation and {@code val_*}
 * (and checkpoints ranked by them) measure the average. Either way the run directory gets
 * {@code model_ema.pth} with the averaged weights beside the trained ones.
 */
public final class EmaConfig {
    private final double decay;
    private final int everyNSteps;
    private final int resetEpochs;
    private final boolean copyFirst;
    private final boolean separateValidation;
    private final boolean adjustDecay;
    private final boolean warmup;
    private final double warmupGamma;
    private final double warmupPower;
    private final double minDecay;

    private EmaConfig(double decay, int everyNSteps, int resetEpochs, boolean copyFirst, boolean separateValidation,
            boolean adjustDecay, boolean warmup, double warmupGamma, double warmupPower, double minDecay) {
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("ema decay: expected a value in (0, 1), got " + decay);
        }
        if (everyNSteps < 1) {
            throw new IllegalArgumentException("ema every_n_steps (--model-ema-steps): expected at least 1, got "
                    + everyNSteps);
        }
        if (resetEpochs < 0) {
            throw new IllegalArgumentException("ema reset epochs (--lr-warmup-epochs): expected >= 0, got " + resetEpochs);
        }
        if (!(warmupGamma > 0) || !(warmupPower > 0)) {
            throw new IllegalArgumentException("ema warmup: expected warmup_gamma > 0 and warmup_power > 0, got "
                    + warmupGamma + ", " + warmupPower);
        }
        if (!(minDecay >= 0 && minDecay <= decay)) {
            throw new IllegalArgumentException("ema min_decay: expected a value in [0, decay=" + decay + "], got "
                    + minDecay);
        }
        this.decay = decay;
        this.everyNSteps = everyNSteps;
        this.resetEpochs = resetEpochs;
        this.copyFirst = copyFirst;
        this.separateValidation = separateValidation;
        this.adjustDecay = adjustDecay;
        this.warmup = warmup;
        this.warmupGamma = warmupGamma;
        this.warmupPower = warmupPower;
        this.minDecay = minDecay;
    }

    /**
     * timm's {@code ModelEmaV2(decay)}: updated after every optimizer step, averaging from the
     * start; validation runs with the average swapped in ({@code val_*} measure it).
     */
    public static EmaConfig of(double decay) {
        return new EmaConfig(decay, 1, 0, false, false, false, false, 1.0, 2.0 / 3, 0.0);
    }

    /**
     * torchvision's reference EMA ({@code train.py --model-ema}): the decay adjusted when fit
     * starts as the script does ({@link ExponentialMovingAverage#referenceDecay}, with the world
     * size, the training loader's batch size and the trainer's epochs), updated every
     * {@code modelEmaSteps} optimizer steps of an epoch (steps 0, N, 2N, ...), the first update
     * copying, and during the first {@code lrWarmupEpochs} epochs every update copying
     * ({@code n_averaged} reset); {@code val_*} measure the trained weights and {@code ema_val_*}
     * the average.
     *
     * @param modelEmaDecay {@code --model-ema-decay} (default 0.99998), before adjustment
     * @param modelEmaSteps {@code --model-ema-steps} (default 32)
     * @param lrWarmupEpochs {@code --lr-warmup-epochs} (default 0)
     */
    public static EmaConfig torchvision(double modelEmaDecay, int modelEmaSteps, int lrWarmupEpochs) {
        if (!(modelEmaDecay > 0 && modelEmaDecay < 1)) {
            throw new IllegalArgumentException("--model-ema-decay: expected a value in (0, 1), got " + modelEmaDecay);
        }
        if (modelEmaSteps < 1) {
            throw new IllegalArgumentException("--model-ema-steps: expected at least 1, got " + modelEmaSteps);
        }
        return new EmaConfig(modelEmaDecay, modelEmaSteps, lrWarmupEpochs, true, true, true, false, 1.0, 2.0 / 3, 0.0);
    }

    /** torchvision's preset with the script's defaults (decay 0.99998, every 32 steps, no warmup). */
    public static EmaConfig torchvision() {
        return torchvision(ExponentialMovingAverage.DEFAULT_DECAY, ExponentialMovingAverage.DEFAULT_STEPS, 0);
    }

    /**
     * timm's {@code ModelEmaV3(use_warmup=True, warmup_gamma, warmup_power)}: the decay of the
     * update after global step {@code s} is {@code min(decay, 1 - (1 + (s - 1) / gamma)^-power)}
     * (at least {@link #withMinDecay min_decay}), 0 (a copy) at step 1. timm's defaults are
     * {@code gamma = 1}, {@code power = 2/3}.
     */
    public EmaConfig withWarmup(double gamma, double power) {
        return new EmaConfig(decay, everyNSteps, resetEpochs, copyFirst, separateValidation, adjustDecay, true, gamma,
                power, minDecay);
    }

    /** The lower bound of the warm-up decay ({@code min_decay}, default 0). */
    public EmaConfig withMinDecay(double min) {
        return new EmaConfig(decay, everyNSteps, resetEpochs, copyFirst, separateValidation, adjustDecay, warmup,
                warmupGamma, warmupPower, min);
    }

    /** Updates every {@code n} optimizer steps of an epoch (steps 0, n, 2n, ... of each epoch). */
    public EmaConfig withEveryNSteps(int n) {
        return new EmaConfig(decay, n, resetEpochs, copyFirst, separateValidation, adjustDecay, warmup, warmupGamma,
                warmupPower, minDecay);
    }

    /** Whether validation reports {@code ema_val_*} beside the trained weights' {@code val_*} (else swaps the average in). */
    public EmaConfig withSeparateValidation(boolean on) {
        return new EmaConfig(decay, everyNSteps, resetEpochs, copyFirst, on, adjustDecay, warmup, warmupGamma,
                warmupPower, minDecay);
    }

    /** The configured decay (before torchvision's adjustment, when {@link #adjustDecay()}). */
    public double decay() {
        return decay;
    }

    /** Optimizer steps between updates. */
    public int everyNSteps() {
        return everyNSteps;
    }

    /** Epochs during which every update copies the weights (torchvision's lr warmup epochs). */
    public int resetEpochs() {
        return resetEpochs;
    }

    /** Whether the first update copies the weights ({@code AveragedModel}). */
    public boolean copyFirst() {
        return copyFirst;
    }

    /** Whether validation reports {@code ema_val_*} beside {@code val_*}. */
    public boolean separateValidation() {
        return separateValidation;
    }

    /** Whether the decay is adjusted for world size, batch size, update interval and epochs when fit starts. */
    public boolean adjustDecay() {
        return adjustDecay;
    }

    /** Whether the decay warms up as timm's {@code ModelEmaV3(use_warmup=True)}. */
    public boolean warmup() {
        return warmup;
    }

    /**
     * The decay the run uses: {@link #decay()}, or with {@link #adjustDecay()} torchvision's
     * {@code 1 - min(1, (1 - decay) * worldSize * batchSize * everyNSteps / epochs)}.
     */
    public double runDecay(int worldSize, int batchSize, int epochs) {
        return adjustDecay ? ExponentialMovingAverage.referenceDecay(decay, worldSize, batchSize, everyNSteps, epochs)
                : decay;
    }

    /**
     * The decay of the update after global step {@code step} (1-based): {@code runDecay} without
     * warm-up; with it, timm V3's {@code max(min_decay, min(runDecay, 1 - (1 + t / gamma)^-power))}
     * for {@code t = step - 1 > 0}, and 0 (a copy) for {@code t <= 0}.
     */
    public double stepDecay(double runDecay, long step) {
        if (!warmup) {
            return runDecay;
        }
        long t = Math.max(0, step - 1);
        if (t <= 0) {
            return 0.0;
        }
        double d = 1 - Math.pow(1 + t / warmupGamma, -warmupPower);
        return Math.max(Math.min(d, runDecay), minDecay);
    }

    /** The settings as plain data (config.json). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("decay", decay);
        m.put("every_n_steps", everyNSteps);
        m.put("reset_epochs", resetEpochs);
        m.put("copy_first", copyFirst);
        m.put("validation", separateValidation ? "separate (val_* trained weights, ema_val_* average)"
                : "swapped (val_* measure the average)");
        m.put("adjust_decay", adjustDecay);
        if (warmup) {
            m.put("warmup_gamma", warmupGamma);
            m.put("warmup_power", warmupPower);
            m.put("min_decay", minDecay);
        }
        return m;
    }

    @Override
    public String toString() {
        return "EmaConfig" + toMap();
    }
}
