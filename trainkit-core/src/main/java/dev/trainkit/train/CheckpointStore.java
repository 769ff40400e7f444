package dev.trainkit.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes checkpoint trees: nested maps and lists whose leaves are tensors, strings,
 * numbers, booleans or null (the shape of a Lightning {@code .ckpt}: {@code state_dict},
 * {@code optimizer_states}, {@code lr_schedulers}, counters). Implementations write atomically
 * and never execute code when loading.
 *
 * <pre>{@code
 * CheckpointStore store = new ZipCheckpointStore();
 * store.save(Map.of("state_dict", model.stateDict(), "epoch", 3), Path.of("last.ckpt"));  // torch.save(...)
 * Map<String, Object> ckpt = store.load(Path.of("last.ckpt"));                            // torch.load(...)
 * }</pre>
 *
 * <p>This is the seam for a {@code .pth} store over {@code dev.trainkit.io.PthWriter}/{@code PthReader}.
 */
public interface CheckpointStore {

    /** Writes {@code checkpoint} to {@code file} atomically. */
    void save(Map<String, ?> checkpoint, Path file) throws IOException;

    /** Reads a checkpoint written by {@link #save}; tensors are created outside any scope (GC-owned). */
    Map<String, Object> load(Path file) throws IOException;

    /** The file name extension, e.g. {@code .ckpt}. */
    String extension();
}
