package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * 2-D convolution over (N, C, H, W) or unbatched input, as {@code torch.nn.Conv2d(in_channels,
 * out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 * padding_mode='zeros')}; {@code padding} may also be "same" or "valid". Parameters
 * {@code weight} [out, in/groups, *kernel] and {@code bias} [out], initialised as PyTorch.
 *
 * <pre>{@code
 * Conv2d conv = new Conv2d(3, 64, 3, 1, 1);            // nn.Conv2d(3, 64, 3, padding=1)
 * Conv2d same = new Conv2d(64, 64, new long[] {3}, new long[] {1}, "same", new long[] {2}, 1, true, "reflect");
 * // nn.Conv2d(64, 64, 3, padding="same", dilation=2, padding_mode="reflect")
 * }</pre>
 */
public class Conv2d extends ConvNd {

    /** {@code Conv2d(in, out, kernel_size)}. */
    public Conv2d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** {@code Conv2d(in, out, kernel_size, stride, padding)}. */
    public Conv2d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding},
                new long[] {1}, 1, true, "zeros");
    }

    /**
     * All arguments with numeric padding; each array holds one value for every dim or one per dim
     * (as PyTorch's int-or-tuple). {@code paddingMode}: zeros, reflect, replicate or circular.
     */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding,
            long[] dilation, long groups, boolean bias, String paddingMode) {
        super("Conv2d", 2, inChannels, outChannels, kernelSize, stride, padding, null, dilation, false,
                new long[] {0}, groups, bias, paddingMode);
    }

    /** All arguments with string padding, "same" (stride 1 only) or "valid". */
    public Conv2d(long inChannels, long outChannels, long[] kernelSize, long[] stride, String padding,
            long[] dilation, long groups, boolean bias, String paddingMode) {
        super("Conv2d", 2, inChannels, outChannels, kernelSize, stride, null, padding, dilation, false,
                new long[] {0}, groups, bias, paddingMode);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input, "(N, C, H, W)");
        if (!paddingMode.equals("zeros")) {
            // PyTorch pads explicitly in the requested mode, then convolves without padding.
            Tensor padded = F.pad(input, reversedPaddingRepeatedTwice(), paddingMode, 0);
            return F.conv2d(padded, weight, bias, stride, new long[2], dilation, groups);
        }
        if (paddingString != null) {
            return F.conv2d(input, weight, bias, stride, paddingString, dilation, groups);
        }
        return F.conv2d(input, weight, bias, stride, padding, dilation, groups);
    }
}
