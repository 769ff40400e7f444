package dev.trainkit.cli;

import dev.trainkit.optim.lr.TorchvisionWarmup;
import dev.trainkit.optim.swa.ExponentialMovingAverage;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.train.EmaConfig;
import dev.trainkit.train.ModelEmaCallback;
import dev.trainkit.train.StochasticWeightAveraging;
import dev.trainkit.train.TrainerBuilder;
import dev.trainkit.vision.models.ModelSpecs;
import dev.trainkit.vision.transforms.MixupCutmix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * The training side of torchvision's classification recipe on {@code trainkit train}: the flags
 * of {@code references/classification/train.py} ({@code --mixup-alpha}, {@code --cutmix-alpha},
 * {@code --label-smoothing}, {@code --model-ema*}, {@code --lr-warmup-*}, {@code --sync-bn}) and
 * the SWA extension ({@code --swa-lrs}, {@code --swa-epoch-start}), checked before any data or
 * worker and applied to the trainer's builder. The weight-decay groups
 * ({@code --norm-weight-decay}, {@code --bias-weight-decay}, {@code --transformer-embedding-decay})
 * are built with the optimizer in {@link TrainSetup}.
 */
final class TrainRecipe {
    private TrainRecipe() {
    }

    /** Every recipe flag's value and combination, without data or natives. */
    static void check(TrainOptions o) {
        nonNegative("--mixup-alpha", o.mixupAlpha);
        nonNegative("--cutmix-alpha", o.cutmixAlpha);
        if (o.labelSmoothing != null && !(o.labelSmoothing >= 0 && o.labelSmoothing < 1)) {
            throw new IllegalArgumentException("--label-smoothing: expected a value in [0, 1), got " + o.labelSmoothing);
        }
        boolean ema = Boolean.TRUE.equals(o.modelEma);
        if (!ema && (o.modelEmaSteps != null || o.modelEmaDecay != null)) {
            throw new IllegalArgumentException("--model-ema-steps and --model-ema-decay set up --model-ema; add --model-ema");
        }
        if (o.modelEmaSteps != null && o.modelEmaSteps < 1) {
            throw new IllegalArgumentException("--model-ema-steps: expected at least 1 optimizer step, got "
                    + o.modelEmaSteps);
        }
        if (o.modelEmaDecay != null && !(o.modelEmaDecay > 0 && o.modelEmaDecay < 1)) {
            throw new IllegalArgumentException("--model-ema-decay: expected a value in (0, 1), got " + o.modelEmaDecay);
        }
        if (ema && o.ema != null) {
            throw new IllegalArgumentException("--ema " + o.ema + " and --model-ema both keep an EMA of the weights; give one "
                    + "(--ema: timm's, validated in place of the weights; --model-ema: torchvision's, validated beside them)");
        }
        if (o.lrWarmupEpochs != null && o.lrWarmupEpochs < 0) {
            throw new IllegalArgumentException("--lr-warmup-epochs: expected a non-negative number of epochs, got "
                    + o.lrWarmupEpochs);
        }
        if (o.lrWarmupMethod != null && !o.lrWarmupMethod.equals("linear") && !o.lrWarmupMethod.equals("constant")) {
            throw new IllegalArgumentException("--lr-warmup-method: Invalid warmup lr method '" + o.lrWarmupMethod
                    + "'. Only linear and constant are supported.");
        }
        if (warmupEpochs(o) > 0) {
            if (o.scheduler == null) {
                throw new IllegalArgumentException("--lr-warmup-epochs " + o.lrWarmupEpochs + " precedes the main "
                        + "scheduler, as train.py's SequentialLR: give it with --scheduler, e.g. "
                        + "'CosineAnnealingLR(T_max=EPOCHS-" + o.lrWarmupEpochs + ")' or 'StepLR(step_size=30, gamma=0.1)'");
            }
            if (o.schedulerInterval != null && !o.schedulerInterval.equals("epoch")) {
                throw new IllegalArgumentException("--lr-warmup-epochs: train.py's warmup steps once per epoch; drop "
                        + "--scheduler-interval " + o.schedulerInterval);
            }
            schedulerSpec(o); // the main scheduler's name and a metric-driven one are refused here
        } else if (o.lrWarmupMethod != null || o.lrWarmupDecay != null) {
            throw new IllegalArgumentException("--lr-warmup-method and --lr-warmup-decay shape the warmup of "
                    + "--lr-warmup-epochs N (N > 0); add it");
        }
        if (Boolean.TRUE.equals(o.syncBn) && (o.nproc == null || o.nproc < 2)) {
            throw new IllegalArgumentException("--sync-bn synchronizes BatchNorm statistics across processes: it needs "
                    + "--nproc N with N > 1 (got " + (o.nproc == null ? "no --nproc" : "--nproc " + o.nproc) + ")");
        }
        if (o.swaLrs == null && o.swaEpochStart != null) {
            throw new IllegalArgumentException("--swa-epoch-start sets up stochastic weight averaging; add --swa-lrs LR");
        }
        if (o.swaLrs != null) {
            if (!(o.swaLrs > 0) || o.swaLrs.isInfinite()) {
                throw new IllegalArgumentException("--swa-lrs: expected a positive learning rate, got " + o.swaLrs);
            }
            if (Boolean.TRUE.equals(o.restoreBest)) {
                throw new IllegalArgumentException("--swa-lrs ends with the averaged weights, --restore-best with the "
                        + "best epoch's: give one");
            }
            swa(o, () -> null);
        }
    }

    private static void nonNegative(String flag, Double v) {
        if (v != null && (!(v >= 0) || v.isInfinite())) {
            throw new IllegalArgumentException(flag + ": expected a value >= 0 (0 turns it off), got " + v);
        }
    }

    private static int warmupEpochs(TrainOptions o) {
        return o.lrWarmupEpochs == null ? 0 : o.lrWarmupEpochs;
    }

    /** {@code --loss} (default CrossEntropyLoss()) with {@code --label-smoothing} added. */
    static String lossSpec(TrainOptions o) {
        String spec = o.loss == null ? "CrossEntropyLoss()" : o.loss;
        if (o.labelSmoothing == null) {
            return spec;
        }
        SpecCall call = SpecParser.parse(spec);
        if (!call.name().equals("CrossEntropyLoss") || call.kwargs().containsKey("label_smoothing")) {
            throw new IllegalArgumentException("--label-smoothing sets CrossEntropyLoss(label_smoothing=...); --loss "
                    + spec + (call.name().equals("CrossEntropyLoss") ? " sets it already" : " is another loss"));
        }
        LinkedHashMap<String, Object> kwargs = new LinkedHashMap<>(call.kwargs());
        kwargs.put("label_smoothing", o.labelSmoothing);
        return new SpecCall(call.name(), call.args(), kwargs).toString();
    }

    /** {@code --scheduler} behind train.py's warmup ({@code SequentialLR}) when {@code --lr-warmup-epochs} > 0. */
    static String schedulerSpec(TrainOptions o) {
        if (warmupEpochs(o) == 0) {
            return o.scheduler;
        }
        return TorchvisionWarmup.wrap(o.scheduler, warmupEpochs(o),
                o.lrWarmupMethod == null ? TorchvisionWarmup.DEFAULT_METHOD : o.lrWarmupMethod,
                o.lrWarmupDecay == null ? TorchvisionWarmup.DEFAULT_DECAY : o.lrWarmupDecay);
    }

    /** Applies the recipe flags that need the data, the model or the world size. */
    static void configure(TrainerBuilder b, TrainSetup s, int world, String monitor) {
        TrainOptions o = s.o();
        MixupCutmix mix = MixupCutmix.of(s.data().numClasses, o.mixupAlpha == null ? 0 : o.mixupAlpha,
                o.cutmixAlpha == null ? 0 : o.cutmixAlpha);
        b.batchTransform(mix).trainAccuracy(true);
        boolean ema = Boolean.TRUE.equals(o.modelEma);
        if (ema) {
            b.modelEma(EmaConfig.torchvision(
                    o.modelEmaDecay == null ? ExponentialMovingAverage.DEFAULT_DECAY : o.modelEmaDecay,
                    o.modelEmaSteps == null ? ExponentialMovingAverage.DEFAULT_STEPS : o.modelEmaSteps,
                    warmupEpochs(o)));
        }
        if (Boolean.TRUE.equals(o.syncBn)) {
            b.syncBatchNorm(true);
        }
        if (o.swaLrs != null) {
            b.callback(swa(o, () -> ModelSpecs.create(o.model, s.data().sampleShape(), s.data().numClasses)));
        }
        if (o.saveTopK != null || o.earlyStopping != null || o.monitor != null) {
            List<String> known = new ArrayList<>(List.of("train_loss", "train_acc", "val_loss", "val_acc"));
            if (s.data().numClasses > 5) {
                known.add("val_acc_top5");
            }
            if (ema) {
                for (String k : List.copyOf(known)) {
                    if (k.startsWith("val_")) {
                        known.add(ModelEmaCallback.METRIC_PREFIX + k.substring("val_".length()));
                    }
                }
            }
            if (!known.contains(monitor)) {
                throw new IllegalArgumentException("--monitor " + monitor + ": not a metric of this run"
                        + (monitor.startsWith("ema_") && !ema ? " (ema_val_* needs --model-ema)" : "")
                        + "; --save-top-k, --early-stopping and metric-driven schedulers need one of " + known);
            }
        }
    }

    /** The SWA callback of {@code --swa-lrs} and {@code --swa-epoch-start} (an integer epoch, or a fraction with a dot). */
    private static StochasticWeightAveraging swa(TrainOptions o, java.util.function.Supplier<dev.trainkit.nn.Module> copy) {
        StochasticWeightAveraging swa = new StochasticWeightAveraging(copy, o.swaLrs);
        if (o.swaEpochStart != null) {
            String t = o.swaEpochStart.trim();
            try {
                if (t.contains(".") || t.toLowerCase(Locale.ROOT).contains("e")) {
                    swa.swaEpochStart(Double.parseDouble(t));
                } else {
                    swa.swaEpochStart(Integer.parseInt(t));
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--swa-epoch-start: expected an epoch (1-based integer) or a fraction "
                        + "of --epochs such as 0.8, got '" + o.swaEpochStart + "'");
            }
        }
        return swa;
    }
}
