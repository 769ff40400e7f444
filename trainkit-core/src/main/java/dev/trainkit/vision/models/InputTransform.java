package dev.trainkit.vision.models;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * GoogLeNet's and Inception v3's {@code transform_input}: re-normalises an ImageNet-normalised
 * input to the (x − 0.5)/0.5 scaling that Google's original weights expect.
 */
final class InputTransform {
    private static final double[] MEAN = {0.485, 0.456, 0.406};
    private static final double[] STD = {0.229, 0.224, 0.225};

    private InputTransform() {
    }

    static Tensor apply(Tensor x) {
        if (x.dim() != 4 || x.size(1) != 3) {
            throw new IllegalArgumentException("transform_input: expected an (N, 3, H, W) input, got " + x.describe());
        }
        Tensor[] ch = new Tensor[3];
        for (int c = 0; c < 3; c++) {
            ch[c] = x.narrow(1, c, 1).mul(STD[c] / 0.5).add((MEAN[c] - 0.5) / 0.5);
        }
        return Torch.cat(List.of(ch), 1);
    }
}
