package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;
import java.util.Arrays;

/**
 * Transposed 2-D convolution ("deconvolution") over (N, C, H, W) or unbatched input, as
 * {@code torch.nn.ConvTranspose2d(in_channels, out_channels, kernel_size, stride=1, padding=0,
 * output_padding=0, groups=1, bias=True, dilation=1, padding_mode='zeros')}. Parameters
 * {@code weight} [in, out/groups, kH, kW] and {@code bias} [out], initialised as PyTorch. Only
 * the "zeros" padding mode exists, as in PyTorch.
 *
 * <pre>{@code
 * ConvTranspose2d up = new ConvTranspose2d(16, 8, 3, 2, 1);    // nn.ConvTranspose2d(16, 8, 3, stride=2, padding=1)
 * Tensor y = up.forward(x, new long[] {2 * h, 2 * w});        // up(x, output_size=[2h, 2w])
 * }</pre>
 */
public class ConvTranspose2d extends ConvNd {

    /** {@code ConvTranspose2d(in, out, kernel_size)}. */
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** {@code ConvTranspose2d(in, out, kernel_size, stride, padding)}. */
    public ConvTranspose2d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding},
                new long[] {0}, 1, true, new long[] {1}, "zeros");
    }

    /** All arguments, in PyTorch's order; each array holds one value or one per dim. */
    public ConvTranspose2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding,
            long[] outputPadding, long groups, boolean bias, long[] dilation, String paddingMode) {
        super("ConvTranspose2d", 2, inChannels, outChannels, kernelSize, stride, padding, null, dilation, true,
                outputPadding, groups, bias, checkMode(paddingMode));
    }

    private static String checkMode(String paddingMode) {
        LayerChecks.oneOf("ConvTranspose2d", "padding_mode", paddingMode, ConvNd.PADDING_MODES);
        if (!paddingMode.equals("zeros")) {
            throw new IllegalArgumentException("ConvTranspose2d: only 'zeros' padding mode is supported, got '"
                    + paddingMode + "'");
        }
        return paddingMode;
    }

    @Override
    public Tensor forward(Tensor input) {
        return forward(input, null);
    }

    /**
     * Applies the layer choosing {@code output_padding} so the output has spatial size
     * {@code outputSize} (H, W) (or with leading N, C), as {@code forward(input, output_size)}.
     */
    public Tensor forward(Tensor input, long[] outputSize) {
        checkInput(input, "(N, C, H, W)");
        long[] op = outputSize == null ? outputPadding : outputPaddingFor(input, outputSize);
        return F.convTranspose2d(input, weight, bias, stride, padding, op, groups, dilation);
    }

    private long[] outputPaddingFor(Tensor input, long[] outputSize) {
        int nonSpatial = input.dim() == 4 ? 2 : 1;
        long[] size = outputSize;
        if (size.length == nonSpatial + 2) {
            size = Arrays.copyOfRange(size, nonSpatial, size.length);
        }
        if (size.length != 2) {
            throw new IllegalArgumentException("ConvTranspose2d.forward: output_size must have 2 or "
                    + (nonSpatial + 2) + " elements, got " + Arrays.toString(outputSize));
        }
        long[] min = new long[2];
        long[] max = new long[2];
        long[] res = new long[2];
        for (int d = 0; d < 2; d++) {
            min[d] = (input.size(d + nonSpatial) - 1) * stride[d] - 2 * padding[d] + dilation[d] * (kernelSize[d] - 1) + 1;
            max[d] = min[d] + stride[d] - 1;
        }
        for (int d = 0; d < 2; d++) {
            if (size[d] < min[d] || size[d] > max[d]) {
                throw new IllegalArgumentException("ConvTranspose2d.forward: requested an output size of "
                        + Arrays.toString(size) + ", but valid sizes range from " + Arrays.toString(min) + " to "
                        + Arrays.toString(max) + " (for an input of " + input.describe() + ")");
            }
            res[d] = size[d] - min[d];
        }
        return res;
    }
}
