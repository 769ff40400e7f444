package dev.trainkit.train;

import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.data.Sample;
import dev.trainkit.data.TensorDataset;
import dev.trainkit.tensor.Torch;
import java.util.Random;

/** Tiny synthetic problems for trainer tests. */
final class Synthetic {
    private Synthetic() {
    }

    /** Three Gaussian blobs in 2-D (centres (-2,0), (2,0), (0,2.5), sd 0.6), n samples. */
    static TensorDataset blobs(int n, long seed) {
        Random r = new Random(seed);
        float[] x = new float[n * 2];
        long[] y = new long[n];
        double[][] centres = {{-2, 0}, {2, 0}, {0, 2.5}};
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            y[i] = c;
            x[2 * i] = (float) (centres[c][0] + 0.6 * r.nextGaussian());
            x[2 * i + 1] = (float) (centres[c][1] + 0.6 * r.nextGaussian());
        }
        return new TensorDataset(Torch.tensor(x, n, 2), Torch.tensor(y, n));
    }

    static DataLoader<Sample, Batch> loader(TensorDataset ds, int batch, boolean shuffle) {
        return DataLoader.of(ds).batchSize(batch).shuffle(shuffle).seed(7).build();
    }
}
