package dev.trainkit.cli;

import dev.trainkit.train.ZipCheckpointStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code trainkit train --resume CKPT} needs to know about a checkpoint before loading it:
 * the settings of the run that wrote it ({@code hyper_parameters.cli}, the resolved command-line
 * settings) and where it stopped. Only the checkpoint's JSON tree is read, not its tensors.
 *
 * @param settings the writing run's resolved settings by config key, or null when the checkpoint
 *     was not written by {@code trainkit train}
 * @param epoch the epoch the checkpoint continues (0-based)
 * @param batchInEpoch batches of that epoch already trained
 * @param globalStep optimizer steps done
 */
record CheckpointInfo(Map<?, ?> settings, int epoch, int batchInEpoch, long globalStep) {

    static CheckpointInfo read(Path ckpt) {
        if (!Files.isRegularFile(ckpt)) {
            throw new IllegalArgumentException("--resume: no such checkpoint: " + ckpt);
        }
        Map<String, Object> root;
        try {
            root = new ZipCheckpointStore().loadWithoutTensors(ckpt);
        } catch (IOException e) {
            throw new IllegalArgumentException("--resume " + ckpt + ": not a TrainKit training checkpoint ("
                    + e.getMessage() + "); was it written by trainkit train?", e);
        }
        if (!root.containsKey("global_step")) {
            throw new IllegalArgumentException("--resume " + ckpt + " is a weights file, not a training checkpoint; "
                    + "pass it as --weights instead");
        }
        Map<?, ?> settings = root.get("hyper_parameters") instanceof Map<?, ?> hp && hp.get("cli") instanceof Map<?, ?> c
                ? c : null;
        return new CheckpointInfo(settings, ((Number) root.get("epoch")).intValue(),
                ((Number) root.get("batch_in_epoch")).intValue(), ((Number) root.get("global_step")).longValue());
    }
}
