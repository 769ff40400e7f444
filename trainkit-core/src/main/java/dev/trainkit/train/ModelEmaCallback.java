package dev.trainkit.train;

import dev.trainkit.io.PthWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keeps a {@link ModelEma} of the weights as an {@link EmaConfig} says: updated after optimizer
 * steps, validated (swapped in for {@code val_*}, or separately as {@code ema_val_*}), saved in
 * checkpoints as {@code ema_state_dict} with its update count and decay (so a resumed run averages
 * exactly as an uninterrupted one), and written as {@code model_ema.pth} in the run directory
 * when fit ends. The trainer adds it for {@code Trainer.builder().ema(decay)} or
 * {@code .modelEma(config)}.
 *
 * <pre>{@code
 * Trainer.builder().ema(0.999);                                    // timm ModelEmaV2, val_* with the EMA
 * Trainer.builder().modelEma(EmaConfig.torchvision(0.99998, 32, 5)); // train.py --model-ema: val_* and ema_val_*
 * }</pre>
 *
 * <p>PyTorch equivalent: timm's {@code ModelEmaV2}/{@code ModelEmaV3} updated after
 * {@code optimizer.step()}, or torchvision's reference {@code ExponentialMovingAverage} with the
 * {@code train.py} loop's {@code if i % model_ema_steps == 0: model_ema.update_parameters(model)}.
 */
public final class ModelEmaCallback implements Callback {
    /** The checkpoint entry holding the averaged weights. */
    public static final String CHECKPOINT_KEY = "ema_state_dict";
    /** The run directory's file with the averaged weights (beside {@code model.pth}, the trained ones). */
    public static final String WEIGHTS_FILE = "model_ema.pth";
    /** The prefix of the average's validation metrics with separate validation. */
    public static final String METRIC_PREFIX = "ema_val_";
    private final ModelEma ema;
    private final EmaConfig config;
    private double runDecay;
    private boolean restored;
    private ModelEma.Swap swapped;

    /** Tracks {@code ema} (started from the model being trained) after every step, validating with it swapped in. */
    public ModelEmaCallback(ModelEma ema) {
        this(ema, EmaConfig.of(ema.decay()));
    }

    /** Tracks {@code ema} as {@code config} says (its decay is the config's). */
    public ModelEmaCallback(ModelEma ema, EmaConfig config) {
        this.ema = Objects.requireNonNull(ema, "ema");
        this.config = Objects.requireNonNull(config, "config");
        this.runDecay = config.decay();
    }

    /** The average. */
    public ModelEma ema() {
        return ema;
    }

    /** The settings. */
    public EmaConfig config() {
        return config;
    }

    /** The decay of this run (after torchvision's adjustment, when configured), before any warm-up. */
    public double runDecay() {
        return runDecay;
    }

    @Override
    public void onFitStart(TrainContext ctx) {
        ctx.ema = ema;
        if (config.adjustDecay() && !restored) {
            runDecay = config.runDecay(ctx.worldSize, ctx.trainBatchSize, ctx.trainer().config().maxEpochs());
        }
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        int accumulate = ctx.trainer().accumulateGradBatches();
        long stepInEpoch = (ctx.batchInEpoch() - 1) / accumulate;
        if (stepInEpoch % config.everyNSteps() != 0) {
            return;
        }
        ema.update(ctx.model(), config.stepDecay(runDecay, step));
        if (ctx.epoch() < config.resetEpochs()) {
            ema.resetAveraged(); // torchvision: keep copying the weights during the lr warmup
        }
    }

    @Override
    public void onValidationStart(TrainContext ctx) {
        if (!config.separateValidation()) {
            swapped = ema.swapInto(ctx.model());
        }
    }

    @Override
    public void onValidationEnd(TrainContext ctx, Map<String, Double> metrics) {
        restore();
    }

    /** Runs {@code validation} with the averaged weights in the model, restoring the trained ones after. */
    <T> T withAverage(TrainContext ctx, java.util.function.Supplier<T> validation) {
        swapped = ema.swapInto(ctx.model());
        try {
            return validation.get();
        } finally {
            restore();
        }
    }

    @Override
    public void onException(TrainContext ctx, Throwable error) {
        restore(); // validation failed with the averaged weights in the model
    }

    private void restore() {
        if (swapped != null) {
            swapped.close();
            swapped = null;
        }
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (ctx.runDir() != null) {
            Path file = ctx.runDir().resolve(WEIGHTS_FILE);
            try {
                PthWriter.save(new LinkedHashMap<>(ema.stateDict()), file);
            } catch (IOException e) {
                throw new UncheckedIOException("writing " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void onSaveCheckpoint(TrainContext ctx, Map<String, Object> checkpoint) {
        checkpoint.put(CHECKPOINT_KEY, ema.stateDict());
    }

    @Override
    public void onLoadCheckpoint(TrainContext ctx, Map<String, ?> checkpoint) {
        Map<String, ?> state = CheckpointState.map(checkpoint.get(CHECKPOINT_KEY));
        if (state == null) {
            throw new IllegalArgumentException("resume: EMA absent from the checkpoint but enabled in the trainer");
        }
        ema.load(state);
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n_averaged", ema.numAveraged());
        m.put("run_decay", runDecay);
        return m;
    }

    @Override
    public void loadStateDict(Map<String, ?> state) {
        if (state.get("n_averaged") instanceof Number n) {
            ema.numAveraged(n.longValue());
        }
        if (state.get("run_decay") instanceof Number d) {
            runDecay = d.doubleValue();
            restored = true;
        }
    }
}
