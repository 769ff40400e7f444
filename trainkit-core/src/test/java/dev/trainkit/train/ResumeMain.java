package dev.trainkit.train;

import dev.trainkit.vision.models.ModelSpecs;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Child-process training run for {@link ResumeKillTest}: {@code ResumeMain RUN_DIR full|hang-after=N|resume}.
 * Writes the final weights' raw bytes to RUN_DIR/final.bin. With {@code hang-after=N} it prints
 * {@code STEP n} after each step and blocks after step N, waiting to be killed.
 */
public final class ResumeMain {
    private ResumeMain() {
    }

    static Trainer trainer(Path dir, Callback extra) {
        TrainerBuilder b = Trainer.builder().maxEpochs(3).loss("CrossEntropyLoss(label_smoothing=0.1)")
                .optimizer("AdamW(lr=0.01, weight_decay=0.01)")
                .scheduler("StepLR(step_size=4, gamma=0.7)", Interval.STEP)
                .scheduler("ReduceLROnPlateau(patience=0, factor=0.9)", Interval.EPOCH, "val_loss")
                .ema(0.9).accumulateGradBatches(2).gradientClipVal(1.0)
                .callback(new EarlyStopping("val_loss", "min", 5, 0.0))
                .checkpointEveryNSteps(3).runDir(dir).seed(11L).progress(false);
        if (extra != null) {
            b.callback(extra);
        }
        return b.build();
    }

    static Module model() {
        Torch.manualSeed(5);
        return ModelSpecs.create("mlp(hidden=[32, 16], dropout=0.2)", new long[] {2}, 3);
    }

    static byte[] weights(Module m) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (Map.Entry<String, Tensor> e : m.stateDict().entrySet()) {
            out.writeBytes(Torch.toBytes(e.getValue()));
        }
        return out.toByteArray();
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String mode = args[1];
        Module model = model();
        Callback hang = null;
        if (mode.startsWith("hang-after=")) {
            long n = Long.parseLong(mode.substring("hang-after=".length()));
            hang = new Callback() {
                @Override
                public void onTrainBatchEnd(TrainContext ctx, long step, double loss) {
                    System.out.println("STEP " + step);
                    System.out.flush();
                    if (step == n) {
                        try {
                            Thread.sleep(600_000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
            };
        }
        Path ckpt = mode.equals("resume") ? dir.resolve("checkpoints/last.ckpt") : null;
        trainer(dir, hang).fit(model, Synthetic.loader(Synthetic.blobs(60, 1), 5, true),
                Synthetic.loader(Synthetic.blobs(30, 2), 10, false), ckpt);
        Files.write(dir.resolve("final.bin"), weights(model));
        System.out.println("DONE");
    }
}
