package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Torch;
import dev.trainkit.train.Callback;
import dev.trainkit.train.FitResult;
import dev.trainkit.vision.models.ModelSpecs;
import dev.trainkit.train.TrainContext;
import dev.trainkit.train.Trainer;
import dev.trainkit.vision.models.SavedModel;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A signal mid-epoch stops at the step boundary with a resumable checkpoint; resuming ends bitwise equal. */
class SignalStopTest {

    private static Module model() {
        Torch.manualSeed(3);
        return ModelSpecs.create("mlp(hidden=[16])", new long[] {3, 8, 8}, 3);
    }

    private static FitResult fit(Module m, DataSource data, Path runDir, Path resume, Callback... callbacks) {
        var b = Trainer.builder().loss("CrossEntropyLoss()").optimizer("SGD(lr=0.1, momentum=0.9)").maxEpochs(2)
                .progress(false).runDir(runDir).seed(0L);
        for (Callback c : callbacks) {
            b.callback(c);
        }
        try (DataLoader<?, Batch> train = data.trainLoader(4, 0, 0); DataLoader<?, Batch> val = data.valLoader(4, 0)) {
            return b.build().fit(m, train, val, resume);
        }
    }

    @Test
    void aSignalMidEpochWritesAResumableCheckpoint(@TempDir Path dir) throws Exception {
        DataSource data = DataSource.open("imagefolder:" + RunFolders.imageFolder(dir.resolve("data"), 6), null, null);
        Module full = model();
        fit(full, data, dir.resolve("full"), null);

        Path run = dir.resolve("stopped");
        StringWriter err = new StringWriter();
        Module stopped = model();
        FitResult r;
        try (SignalStop stop = SignalStop.install(run, new PrintWriter(err, true))) {
            Callback signalAtStep2 = new Callback() {
                @Override
                public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
                    if (step == 2) {
                        stop.simulate("TERM");
                    }
                }
            };
            r = fit(stopped, data, run, null, signalAtStep2, stop);
            assertEquals("SIGTERM", stop.signal());
            assertEquals(143, stop.exitCode());
        }
        assertEquals("interrupted by SIGTERM", r.stopReason());
        assertEquals(2, r.globalStep(), "the step in progress finished, no further one");
        assertTrue(err.toString().contains("SIGTERM received"), err.toString());
        assertTrue(Files.exists(run.resolve("checkpoints/last.ckpt")) && Files.exists(run.resolve("report.md")));
        try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }
        Module resumed = model();
        FitResult done = fit(resumed, data, run, run.resolve("checkpoints/last.ckpt"));
        assertEquals(10, done.globalStep());
        Map<String, dev.trainkit.tensor.Tensor> a = full.stateDict();
        Map<String, dev.trainkit.tensor.Tensor> b = resumed.stateDict();
        for (String k : a.keySet()) {
            assertTrue(a.get(k).equal(b.get(k)), k + " differs after the resume");
        }
    }

    @Test
    void deleteTempFilesRemovesOnlyTheAtomicWritersLeftovers(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("checkpoints"));
        Files.writeString(dir.resolve("checkpoints/.last.ckpt.123.tmp"), "x");
        Files.writeString(dir.resolve(".model.pth.9.tmp"), "x");
        Files.writeString(dir.resolve(SavedModel.WEIGHTS_FILE), "keep");
        SignalStop.deleteTempFiles(dir);
        assertTrue(Files.exists(dir.resolve(SavedModel.WEIGHTS_FILE)));
        try (Stream<Path> s = Files.walk(dir)) {
            assertEquals(0, s.filter(p -> p.getFileName().toString().endsWith(".tmp")).count());
        }
    }
}
