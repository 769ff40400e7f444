package dev.trainkit.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * When the built-in {@link ModelCheckpoint} writes checkpoints: {@code last.ckpt} at every
 * epoch end and/or every N optimizer steps, and the {@code saveTopK} best by a monitored
 * metric ({@code best.ckpt} to resume, {@code best.pth} the weights). Lightning's
 * {@code ModelCheckpoint(save_last=True, every_n_train_steps=N, save_top_k=K, monitor=..., mode=...)}.
 *
 * <pre>{@code
 * Trainer.builder().runDir(dir).checkpointing(CheckpointPolicy.lastEachEpoch().withTopK(3, "val_acc", "max"));
 * }</pre>
 *
 * @param enabled       false: no built-in checkpointing at all ({@code enable_checkpointing=False})
 * @param eachEpoch     write {@code last.ckpt} at the end of every epoch
 * @param everyNSteps   also write it every this many optimizer steps (0: off)
 * @param saveTopK      keep this many best checkpoints by {@code monitor} (0: none)
 * @param monitor       the metric ranking them ({@code val_loss}, {@code val_acc}, ...), null without top-k
 * @param mode          {@code min} or {@code max}
 * @param restoreBest   load the best weights into the model when fit ends
 */
public record CheckpointPolicy(boolean enabled, boolean eachEpoch, int everyNSteps, int saveTopK, String monitor,
        String mode, boolean restoreBest) {
    /** Checks the values. */
    public CheckpointPolicy {
        if (everyNSteps < 0) {
            throw new IllegalArgumentException("checkpointEveryNSteps: expected >= 0, got " + everyNSteps);
        }
        if (saveTopK < 0) {
            throw new IllegalArgumentException("saveTopK: expected >= 0, got " + saveTopK);
        }
        if (saveTopK > 0 && (monitor == null || monitor.isBlank())) {
            throw new IllegalArgumentException("saveTopK=" + saveTopK + " needs a monitored metric, e.g. val_loss"
                    + " (--monitor)");
        }
        if (!Set.of("min", "max").contains(mode)) {
            throw new IllegalArgumentException("checkpoint mode: expected 'min' or 'max', got '" + mode + "'");
        }
        if (restoreBest && saveTopK == 0) {
            throw new IllegalArgumentException("restoreBest needs saveTopK >= 1 and a monitored metric");
        }
    }

    /** The default: {@code last.ckpt} at every epoch end. */
    public static CheckpointPolicy lastEachEpoch() {
        return new CheckpointPolicy(true, true, 0, 0, null, "min", false);
    }

    /** No built-in checkpoints. */
    public static CheckpointPolicy disabled() {
        return new CheckpointPolicy(false, false, 0, 0, null, "min", false);
    }

    /** This policy writing {@code last.ckpt} every {@code n} steps too. */
    public CheckpointPolicy withEveryNSteps(int n) {
        return new CheckpointPolicy(true, eachEpoch, n, saveTopK, monitor, mode, restoreBest);
    }

    /** This policy with or without {@code last.ckpt} at epoch ends. */
    public CheckpointPolicy withEachEpoch(boolean on) {
        return new CheckpointPolicy(enabled, on, everyNSteps, saveTopK, monitor, mode, restoreBest);
    }

    /** This policy keeping the {@code k} best checkpoints by {@code monitor} ({@code min} or {@code max}). */
    public CheckpointPolicy withTopK(int k, String monitor, String mode) {
        return new CheckpointPolicy(true, eachEpoch, everyNSteps, k, monitor, mode, restoreBest);
    }

    /** This policy loading the best weights into the model at the end of fit. */
    public CheckpointPolicy withRestoreBest(boolean on) {
        return new CheckpointPolicy(enabled, eachEpoch, everyNSteps, saveTopK, monitor, mode, on);
    }

    boolean needsRunDir() {
        return enabled && (everyNSteps > 0 || saveTopK > 0);
    }

    String whatNeedsRunDir() {
        return everyNSteps > 0 ? "checkpointEveryNSteps" : "saveTopK";
    }

    /** The entries of config.json. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("checkpointing", enabled);
        m.put("checkpoint_every_n_steps", everyNSteps);
        m.put("save_top_k", saveTopK);
        m.put("monitor", monitor);
        m.put("mode", mode);
        m.put("restore_best", restoreBest);
        return m;
    }
}
