package dev.trainkit.train;

import dev.trainkit.metrics.TopKAccuracy;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.data.TensorDataset;
import dev.trainkit.dist.DistributedSampler;
import dev.trainkit.dist.DistributedTraining;
import dev.trainkit.dist.ProcessGroup;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Npy;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A worker JVM for {@link DistributedFitTest}: {@code OUT_DIR} trains a tiny MLP on blobs with
 * {@code Trainer.fit} as one rank of the job ({@link TrainerBuilder#distributed}), per-rank batch
 * {@link #B}, gradient accumulation 2, SGD with momentum; the run directory it gives the trainer
 * is {@code OUT_DIR/rank-R} (only rank 0's may appear), and it saves its final weights as
 * {@code final-R.npy} and its metrics as {@code metrics-R.json}. Then a second job in
 * {@code 16-mixed} with a frozen first layer ({@link #mixedBuilder}), saved as {@code mixed-R.npy}.
 */
public final class DistributedFitWorker {
    static final int N = 96;
    static final int B = 4;
    static final int EPOCHS = 2;

    private DistributedFitWorker() {
    }

    static Module model() {
        Torch.manualSeed(11);
        return new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
    }

    static TrainerBuilder builder() {
        return Trainer.builder().loss("CrossEntropyLoss()").optimizer("SGD(lr=0.05, momentum=0.9)")
                .accumulateGradBatches(2).maxEpochs(EPOCHS).metrics(() -> new TopKAccuracy(1)).progress(false)
                .seed(5L);
    }

    /** The second job: 16-mixed, AdamW with weight decay, the first Linear frozen. */
    static TrainerBuilder mixedBuilder() {
        return builder().precision("16-mixed").optimizer("AdamW(lr=0.01, weight_decay=0.1)").freeze(List.of("0.*"));
    }

    static DataLoader<Sample, Batch> loader(TensorDataset ds, int batch, int world, int rank, boolean shuffle) {
        return DataLoader.of(ds).batchSize(batch)
                .sampler(new DistributedSampler(ds.size(), world, rank, shuffle, 3, false)).build();
    }

    static Tensor flat(Module m) {
        List<Tensor> parts = new ArrayList<>();
        for (Parameter p : m.parameters()) {
            parts.add(p.detach().reshape(-1));
        }
        return Torch.cat(parts, 0);
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        DistributedTraining.runWorker((ProcessGroup pg) -> {
            Module model = model();
            if (pg.rank() != 0) {
                // a different init on other ranks: the DDP broadcast must make it rank 0's
                Torch.manualSeed(99);
                model = new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
            }
            try (DataLoader<Sample, Batch> train = loader(Synthetic.blobs(N, 1), B, pg.worldSize(), pg.rank(), true);
                    DataLoader<Sample, Batch> val = loader(Synthetic.blobs(N, 2), B, pg.worldSize(), pg.rank(), false)) {
                FitResult r = builder().distributed(pg).runDir(dir.resolve("rank-" + pg.rank())).build()
                        .fit(model, train, val);
                Npy.save(dir.resolve("final-" + pg.rank() + ".npy"), flat(model));
                new ObjectMapper().writeValue(dir.resolve("metrics-" + pg.rank() + ".json").toFile(), r.metrics());
                DistributedTraining.printMain(pg, "fit done: " + r.metrics());
                // 16-mixed (GradScaler-scaled losses through DDP) with a frozen first layer and weight decay
                Module mixed = pg.rank() == 0 ? model() : new Sequential(new Linear(2, 16), new ReLU(), new Linear(16, 3));
                mixedBuilder().distributed(pg).build().fit(mixed, train, val);
                Npy.save(dir.resolve("mixed-" + pg.rank() + ".npy"), flat(mixed));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @SuppressWarnings("unchecked")
    static Map<String, Double> readMetrics(Path file) throws IOException {
        return new ObjectMapper().readValue(file.toFile(), Map.class);
    }
}
