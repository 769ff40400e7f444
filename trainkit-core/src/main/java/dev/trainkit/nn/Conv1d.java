package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * 1-D convolution over (N, C, L) or unbatched input, as {@code torch.nn.Conv1d(in_channels,
 * out_channels, kernel_size, stride=1, padding=0, dilation=1, groups=1, bias=True,
 * padding_mode='zeros')}; {@code padding} may also be "same" or "valid". Parameters
 * {@code weight} [out, in/groups, *kernel] and {@code bias} [out], initialised as PyTorch.
 *
 * <pre>{@code
 * Conv1d conv = new Conv1d(16, 33, 3, 2, 1);           // nn.Conv1d(16, 33, 3, stride=2, padding=1)
 * Tensor y = conv.forward(Torch.randn(20, 16, 50));   // [20, 33, 25]
 * }</pre>
 */
public class Conv1d extends ConvNd {

    /** {@code Conv1d(in, out, kernel_size)}. */
    public Conv1d(long inChannels, long outChannels, long kernelSize) {
        this(inChannels, outChannels, kernelSize, 1, 0);
    }

    /** {@code Conv1d(in, out, kernel_size, stride, padding)}. */
    public Conv1d(long inChannels, long outChannels, long kernelSize, long stride, long padding) {
        this(inChannels, outChannels, new long[] {kernelSize}, new long[] {stride}, new long[] {padding},
                new long[] {1}, 1, true, "zeros");
    }

    /**
     * All arguments with numeric padding; each array holds one value for every dim or one per dim
     * (as PyTorch's int-or-tuple). {@code paddingMode}: zeros, reflect, replicate or circular.
     */
    public Conv1d(long inChannels, long outChannels, long[] kernelSize, long[] stride, long[] padding,
            long[] dilation, long groups, boolean bias, String paddingMode) {
        super("Conv1d", 1, inChannels, outChannels, kernelSize, stride, padding, null, dilation, false,
                new long[] {0}, groups, bias, paddingMode);
    }

    /** All arguments with string padding, "same" (stride 1 only) or "valid". */
    public Conv1d(long inChannels, long outChannels, long[] kernelSize, long[] stride, String padding,
            long[] dilation, long groups, boolean bias, String paddingMode) {
        super("Conv1d", 1, inChannels, outChannels, kernelSize, stride, null, padding, dilation, false,
                new long[] {0}, groups, bias, paddingMode);
    }

    @Override
    public Tensor forward(Tensor input) {
        checkInput(input, "(N, C, L)");
        if (!paddingMode.equals("zeros")) {
            // PyTorch pads explicitly in the requested mode, then convolves without padding.
            Tensor padded = F.pad(input, reversedPaddingRepeatedTwice(), paddingMode, 0);
            return F.conv1d(padded, weight, bias, stride, new long[1], dilation, groups);
        }
        if (paddingString != null) {
            return F.conv1d(input, weight, bias, stride, paddingString, dilation, groups);
        }
        return F.conv1d(input, weight, bias, stride, padding, dilation, groups);
    }
}
