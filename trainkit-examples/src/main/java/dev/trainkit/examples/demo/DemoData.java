package dev.trainkit.examples.demo;

import dev.trainkit.data.TensorDataset;
import dev.trainkit.nn.F;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.datasets.FashionMNIST;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's in-memory data: Fashion-MNIST images of some classes, preprocessed in bulk with a
 * few tensor ops over all images at once (uint8 → float /255, bilinear resize 28 → 32,
 * normalisation with the Fashion-MNIST mean and std, grayscale repeated to 3 channels), as a
 * {@link TensorDataset} of {@code [3, 32, 32]} float inputs and labels {@code class - first}.
 *
 * <p>Doing it per item through transforms cost ~8.7 ms per image; in bulk it is ~1 ms for all
 * of them.
 */
final class DemoData {
    /** Input side length ResNet-18 sees. */
    static final long SIZE = 32;
    /** Fashion-MNIST pixel mean and std in [0, 1]. */
    static final double MEAN = 0.2860;
    static final double STD = 0.3530;

    private DemoData() {
    }

    /**
     * The images of classes {@code first .. first+count-1} of {@code src}, at most {@code perClass}
     * of each (the first ones in file order), relabelled to {@code 0 .. count-1}.
     */
    static TensorDataset classes(FashionMNIST src, int first, int count, int perClass) {
        List<Integer> idx = new ArrayList<>();
        int[] taken = new int[count];
        for (int i = 0; i < src.size(); i++) {
            long c = src.target(i) - first;
            if (c >= 0 && c < count && taken[(int) c] < perClass) {
                taken[(int) c]++;
                idx.add(i);
            }
        }
        int n = idx.size();
        byte[] px = new byte[n * 28 * 28];
        long[] labels = new long[n];
        for (int k = 0; k < n; k++) {
            System.arraycopy(src.pixels(idx.get(k)), 0, px, k * 28 * 28, 28 * 28);
            labels[k] = src.target(idx.get(k)) - first;
        }
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            return new TensorDataset(preprocess(Torch.fromBytes(px, DType.UINT8, n, 1, 28, 28)),
                    Torch.tensor(labels, n));
        }
    }

    /** uint8 {@code [N, 1, H, W]} → normalised float {@code [N, 3, 32, 32]}, in one pass over the batch. */
    static Tensor preprocess(Tensor uint8) {
        Tensor x = uint8.to(DType.FLOAT32).div(255.0);
        x = F.interpolate(x, new long[] {SIZE, SIZE}, "bilinear", false);
        x = x.sub(MEAN).div(STD);
        return x.expand(x.size(0), 3, SIZE, SIZE).contiguous();
    }
}
