package dev.trainkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
        try (ZipFile zip = new ZipFile(ckpt.toFile())) {
            ZipEntry tree = zip.getEntry("checkpoint.json"); // ZipCheckpointStore's tree entry
            if (tree == null) {
                throw new IllegalArgumentException("--resume " + ckpt + ": not a TrainKit training checkpoint "
                        + "(no checkpoint.json inside); was it written by trainkit train?");
            }
            Map<?, ?> root;
            try (InputStream in = zip.getInputStream(tree)) {
                root = new ObjectMapper().readValue(in, Map.class);
            }
            if (!root.containsKey("global_step")) {
                throw new IllegalArgumentException("--resume " + ckpt + " is a weights file, not a training checkpoint; "
                        + "pass it as --weights instead");
            }
            Map<?, ?> settings = root.get("hyper_parameters") instanceof Map<?, ?> hp && hp.get("cli") instanceof Map<?, ?> c
                    ? c : null;
            return new CheckpointInfo(settings, ((Number) root.get("epoch")).intValue(),
                    ((Number) root.get("batch_in_epoch")).intValue(), ((Number) root.get("global_step")).longValue());
        } catch (IOException e) {
            throw new IllegalArgumentException("--resume " + ckpt + ": cannot read the checkpoint: " + e.getMessage(), e);
        }
    }
}
