package dev.trainkit.train;

import dev.trainkit.io.PthWriter;
import dev.trainkit.util.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes checkpoints by a {@link CheckpointPolicy}: {@code checkpoints/last.ckpt} at epoch ends
 * and/or every N steps, and with {@code saveTopK > 0} the K best by a monitored metric as
 * {@code checkpoints/epoch=E-step=S.ckpt}, with {@code best.ckpt} (resumable) and
 * {@code best.pth} (the weights, readable by {@code torch.load}) always holding the best one
 * (with an EMA of the weights, {@code best_ema.pth} holds the average of that epoch).
 * When fit is interrupted ({@link Trainer#requestStop(String)}) it writes {@code last.ckpt} at the
 * step where training stopped. Every file is written atomically. The trainer runs it after all
 * other callbacks, so a checkpoint holds their updated state; one {@code ModelCheckpoint} is a
 * default callback of every trainer with a run directory (adding your own replaces it).
 *
 * <pre>{@code
 * Trainer.builder().runDir(dir).saveTopK(2, "val_acc", "max").restoreBest(true);
 * }</pre>
 *
 * <p>Lightning equivalent: {@code ModelCheckpoint(save_last=True, save_top_k=2, monitor="val_acc", mode="max")}.
 */
public final class ModelCheckpoint implements Callback {
    private final CheckpointPolicy policy;
    /** The kept top-k checkpoints, best first. */
    private final List<Ranked> kept = new ArrayList<>();
    private long lastSavedStep = -1;

    private record Ranked(double value, String file, int epoch, long step) {
    }

    /** Checkpoints by {@code policy}. */
    public ModelCheckpoint(CheckpointPolicy policy) {
        this.policy = java.util.Objects.requireNonNull(policy, "policy");
    }

    /** The policy. */
    public CheckpointPolicy policy() {
        return policy;
    }

    /** The best monitored value so far, or NaN. */
    public double bestValue() {
        return kept.isEmpty() ? Double.NaN : kept.get(0).value();
    }

    @Override
    public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
        if (policy.everyNSteps() > 0 && step % policy.everyNSteps() == 0) {
            saveLast(ctx);
        }
    }

    @Override
    public void onEpochEnd(TrainContext ctx, Map<String, Double> metrics) {
        if (policy.saveTopK() > 0) {
            Double v = metrics.get(policy.monitor());
            if (v == null) {
                throw new IllegalStateException("ModelCheckpoint: save_top_k monitors '" + policy.monitor()
                        + "', which is not among the epoch's metrics " + metrics.keySet()
                        + (policy.monitor().startsWith("val_") ? " (is there a validation loader?)" : ""));
            }
            rank(ctx, v);
        }
        if (policy.eachEpoch()) {
            saveLast(ctx); // after ranking, so that last.ckpt knows this epoch's rank too
        }
    }

    @Override
    public void onFitEnd(TrainContext ctx) {
        if (ctx.interrupted() && lastSavedStep != ctx.globalStep()) {
            saveLast(ctx);
        }
        if (policy.restoreBest() && !kept.isEmpty() && ctx.runDir() != null) {
            Path best = dir(ctx).resolve("best" + ctx.trainer().config().checkpointStore().extension());
            try {
                Map<String, Object> ckpt = ctx.trainer().config().checkpointStore().load(best);
                ctx.model().loadStateDict(CheckpointState.stateDict(ckpt, best.toString()), true);
            } catch (IOException e) {
                throw new UncheckedIOException("restoring the best weights from " + best + ": " + e.getMessage(), e);
            }
        }
    }

    private static Path dir(TrainContext ctx) {
        return ctx.runDir().resolve("checkpoints");
    }

    private void saveLast(TrainContext ctx) {
        if (ctx.runDir() == null) {
            return; // ranks other than 0, or no run directory
        }
        save(ctx, dir(ctx).resolve("last" + ctx.trainer().config().checkpointStore().extension()));
        lastSavedStep = ctx.globalStep();
    }

    private void save(TrainContext ctx, Path file) {
        try {
            ctx.saveCheckpoint(file);
        } catch (IOException e) {
            throw new UncheckedIOException("writing checkpoint " + file + ": " + e.getMessage(), e);
        }
    }

    private boolean better(double a, double b) {
        return policy.mode().equals("min") ? a < b : a > b;
    }

    private void rank(TrainContext ctx, double value) {
        if (ctx.runDir() == null || Double.isNaN(value)) {
            return;
        }
        int k = policy.saveTopK();
        if (kept.size() >= k && !better(value, kept.get(kept.size() - 1).value())) {
            return;
        }
        boolean isBest = kept.isEmpty() || better(value, kept.get(0).value());
        String ext = ctx.trainer().config().checkpointStore().extension();
        Path file = dir(ctx).resolve(String.format(Locale.ROOT, "epoch=%d-step=%d%s", ctx.epoch(), ctx.globalStep(), ext));
        try {
            if (k > 1) {
                save(ctx, file);
            }
            if (isBest) {
                Path bestCkpt = dir(ctx).resolve("best" + ext);
                if (k > 1) {
                    AtomicFiles.write(bestCkpt, Files.readAllBytes(file));
                } else {
                    save(ctx, bestCkpt);
                }
                PthWriter.save(new LinkedHashMap<>(ctx.model().stateDict()), dir(ctx).resolve("best.pth"));
                if (ctx.ema != null) { // the average beside the trained weights, as model_ema.pth beside model.pth
                    PthWriter.save(new LinkedHashMap<>(ctx.ema.stateDict()), dir(ctx).resolve("best_ema.pth"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing the best checkpoint: " + e.getMessage(), e);
        }
        kept.add(new Ranked(value, k > 1 ? file.toString() : null, ctx.epoch(), ctx.globalStep()));
        kept.sort(policy.mode().equals("min") ? Comparator.comparingDouble(Ranked::value)
                : Comparator.comparingDouble(Ranked::value).reversed());
        while (kept.size() > k) {
            Ranked dropped = kept.remove(kept.size() - 1);
            if (dropped.file() != null) {
                try {
                    Files.deleteIfExists(Path.of(dropped.file()));
                } catch (IOException e) {
                    throw new UncheckedIOException("removing " + dropped.file() + ": " + e.getMessage(), e);
                }
            }
        }
    }

    @Override
    public Map<String, Object> stateDict() {
        Map<String, Object> m = new LinkedHashMap<>();
        List<Object> rows = new ArrayList<>();
        for (Ranked r : kept) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("value", r.value());
            e.put("file", r.file());
            e.put("epoch", r.epoch());
            e.put("step", r.step());
            rows.add(e);
        }
        m.put("best_k", rows);
        return m;
    }

    @Override
    public void loadStateDict(Map<String, ?> state) {
        kept.clear();
        if (state.get("best_k") instanceof List<?> rows) {
            for (Object o : rows) {
                Map<String, ?> e = CheckpointState.map(o);
                kept.add(new Ranked(((Number) e.get("value")).doubleValue(), (String) e.get("file"),
                        ((Number) e.get("epoch")).intValue(), ((Number) e.get("step")).longValue()));
            }
        }
    }
}
