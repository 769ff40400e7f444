package dev.trainkit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.dist.DistributedLauncher;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Trainer.fit} as two ranks of a job (two worker JVMs) against one process with twice the batch. */
@Tag("slow")
class DistributedFitTest {
    static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    @Test
    void twoRanksEqualOneProcessWithDoubleBatchAndOnlyRankZeroWrites(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new DistributedLauncher(2).timeout(Duration.ofSeconds(30)).jvmOptions(JVM)
                .env("OMP_NUM_THREADS", "1").output(new PrintStream(bytes, true, StandardCharsets.UTF_8))
                .run(DistributedFitWorker.class.getName(), List.of(dir.toString()));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, out);

        // the reference: one process, the same global order (world size 1), batch 2B
        Module ref = DistributedFitWorker.model();
        Tensor init = DistributedFitWorker.flat(ref);
        Map<String, Double> refMetrics;
        try (DataLoader<Sample, Batch> train = DistributedFitWorker.loader(Synthetic.blobs(DistributedFitWorker.N, 1),
                2 * DistributedFitWorker.B, 1, 0, true);
                DataLoader<Sample, Batch> val = DistributedFitWorker.loader(Synthetic.blobs(DistributedFitWorker.N, 2),
                        2 * DistributedFitWorker.B, 1, 0, false)) {
            refMetrics = DistributedFitWorker.builder().build().fit(ref, train, val).metrics();
        }
        Tensor expected = DistributedFitWorker.flat(ref);
        assertTrue(expected.sub(init).abs().max().item() > 1e-2, "training did not move the weights");
        for (int r = 0; r < 2; r++) {
            double diff = Npy.load(dir.resolve("final-" + r + ".npy")).sub(expected).abs().max().item();
            assertTrue(diff <= 1e-5, "rank " + r + " differs from the one-process run by " + diff + "\n" + out);
        }
        // validation metrics are reduced over ranks: each saw half the validation set
        Map<String, Double> m = DistributedFitWorker.readMetrics(dir.resolve("metrics-1.json"));
        for (String k : List.of("train_loss", "val_loss", "val_acc")) {
            assertEquals(refMetrics.get(k), m.get(k), 1e-5, k + ": " + m + " vs " + refMetrics);
        }
        assertEquals(m, DistributedFitWorker.readMetrics(dir.resolve("metrics-0.json")));

        // rank 0 alone wrote its run directory; rank 1 was given one too and wrote nothing
        Path run0 = dir.resolve("rank-0");
        for (String f : List.of("config.json", "metrics.csv", "metrics.jsonl", "report.md", "checkpoints/last.ckpt")) {
            assertTrue(Files.exists(run0.resolve(f)), f + " missing; " + out);
        }
        assertFalse(Files.exists(dir.resolve("rank-1")), "rank 1 wrote a run directory");
        assertTrue(out.contains("[rank 0] fit done") && !out.contains("[rank 1] fit done"), out);

        // the checkpoint holds the unwrapped model (no module. prefix) and the world size
        Map<String, Object> ckpt = new ZipCheckpointStore().load(run0.resolve("checkpoints/last.ckpt"));
        @SuppressWarnings("unchecked")
        Map<String, Object> sd = (Map<String, Object>) ckpt.get("state_dict");
        assertEquals(ref.stateDict().keySet(), sd.keySet());
        assertEquals(2, ((Number) ckpt.get("world_size")).intValue());
        // 16-mixed: the GradScaler-scaled loss goes through DDP; the frozen layer stays rank 0's init
        Module mixedRef = DistributedFitWorker.model();
        try (DataLoader<Sample, Batch> train = DistributedFitWorker.loader(Synthetic.blobs(DistributedFitWorker.N, 1),
                2 * DistributedFitWorker.B, 1, 0, true)) {
            DistributedFitWorker.mixedBuilder().build().fit(mixedRef, train, null);
        }
        Tensor mixedExpected = DistributedFitWorker.flat(mixedRef);
        long frozen = 2 * 16 + 16; // 0.weight [16, 2] and 0.bias [16] come first in the flat vector
        for (int r = 0; r < 2; r++) {
            Tensor w = Npy.load(dir.resolve("mixed-" + r + ".npy"));
            assertTrue(w.narrow(0, 0, frozen).equal(init.narrow(0, 0, frozen)), "rank " + r + ": a frozen weight moved");
            assertTrue(!w.narrow(0, frozen, w.size(0) - frozen).equal(init.narrow(0, frozen, w.size(0) - frozen)),
                    "rank " + r + ": the trainable layer did not move");
            // fp16 autocast rounds per op, and a batch of 4 on two ranks is not bit-identical to one of 8
            double diff = w.sub(mixedExpected).abs().max().item();
            assertTrue(diff <= 1e-3, "16-mixed: rank " + r + " differs from the one-process run by " + diff);
        }
        String config = Files.readString(run0.resolve("config.json"));
        assertTrue(config.contains("\"world_size\" : 2"), config);
    }

    /** A mid-epoch checkpoint is tied to its world size (batch_in_epoch counts per-rank batches). */
    @Test
    void midEpochCheckpointOfAnotherWorldSizeIsRefused(@TempDir Path dir) throws Exception {
        try (DataLoader<Sample, Batch> train = DistributedFitWorker.loader(Synthetic.blobs(DistributedFitWorker.N, 1),
                8, 1, 0, true)) {
            DistributedFitWorker.builder().maxSteps(1).checkpointEveryNSteps(1).runDir(dir).build()
                    .fit(DistributedFitWorker.model(), train, null);
            Path ckpt = dir.resolve("checkpoints/last.ckpt");
            ZipCheckpointStore store = new ZipCheckpointStore();
            Map<String, Object> c = store.load(ckpt);
            assertTrue(((Number) c.get("batch_in_epoch")).intValue() > 0, "not a mid-epoch checkpoint: " + c.keySet());
            c.put("world_size", 2); // as if two ranks had written it
            store.save(c, ckpt);
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> DistributedFitWorker.builder().build().fit(DistributedFitWorker.model(), train, null, ckpt));
            assertTrue(e.getMessage().contains("written mid-epoch by 2 process(es)")
                    && e.getMessage().contains("--nproc 2"), e.getMessage());
        }
    }
}
