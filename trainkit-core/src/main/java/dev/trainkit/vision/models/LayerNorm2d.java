package dev.trainkit.vision.models;

import dev.trainkit.nn.F;
import dev.trainkit.nn.LayerNorm;
import dev.trainkit.tensor.Tensor;

/**
 * Layer normalisation over the channels of an NCHW tensor, as torchvision's
 * {@code convnext.LayerNorm2d(nn.LayerNorm)}: permute to NHWC, {@code F.layer_norm} over C,
 * permute back. Same parameters as {@code LayerNorm(C)} ({@code weight}, {@code bias}), so it
 * counts as a norm layer for no-weight-decay groups.
 *
 * <pre>{@code
 * LayerNorm2d ln = new LayerNorm2d(96, 1e-6);   // LayerNorm2d(96, eps=1e-6)
 * Tensor y = ln.forward(Torch.randn(2, 96, 56, 56));
 * }</pre>
 */
public class LayerNorm2d extends LayerNorm {

    /** Normalises {@code channels} channels with {@code eps} (ConvNeXt uses 1e-6). */
    public LayerNorm2d(long channels, double eps) {
        super(new long[] {channels}, eps, true, true);
    }

    @Override
    public Tensor forward(Tensor input) {
        long c = normalizedShape()[0];
        if (input.dim() != 4 || input.size(1) != c) {
            throw new IllegalArgumentException("LayerNorm2d.forward: expected an (N, C, H, W) input with C="
                    + c + ", got " + input.describe());
        }
        Tensor x = input.permute(0, 2, 3, 1);
        x = F.layerNorm(x, normalizedShape(), weight, bias, eps());
        return x.permute(0, 3, 1, 2);
    }
}
