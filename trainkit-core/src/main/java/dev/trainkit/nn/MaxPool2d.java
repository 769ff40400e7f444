package dev.trainkit.nn;

import dev.trainkit.tensor.Tensor;

/**
 * 2-D max pooling over (N, C, H, W) or (C, H, W) input, as {@code torch.nn.MaxPool2d(kernel_size,
 * stride=None, padding=0, dilation=1, ceil_mode=False)}; stride defaults to the kernel size.
 *
 * <pre>{@code
 * MaxPool2d pool = new MaxPool2d(3, 2, 1);           // nn.MaxPool2d(3, stride=2, padding=1)
 * Tensor y = pool.forward(Torch.randn(1, 64, 112, 112));   // [1, 64, 56, 56]
 * }</pre>
 */
public class MaxPool2d extends Module {
    private final long[] kernelSize;
    private final long[] stride;
    private final long[] padding;
    private final long[] dilation;
    private final boolean ceilMode;
    /** The arguments as given, for the repr. */
    private final long[][] given;

    /** {@code MaxPool2d(kernel_size)}: stride = kernel size. */
    public MaxPool2d(long kernelSize) {
        this(kernelSize, kernelSize, 0);
    }

    /** {@code MaxPool2d(kernel_size, stride, padding)}. */
    public MaxPool2d(long kernelSize, long stride, long padding) {
        this(new long[] {kernelSize}, new long[] {stride}, new long[] {padding}, new long[] {1}, false);
    }

    /** All arguments; {@code stride == null} means the kernel size; arrays hold 1 or 2 values. */
    public MaxPool2d(long[] kernelSize, long[] stride, long[] padding, long[] dilation, boolean ceilMode) {
        this.kernelSize = LayerChecks.tuple("MaxPool2d", "kernel_size", kernelSize, 2, 1);
        this.stride = stride == null ? this.kernelSize : LayerChecks.tuple("MaxPool2d", "stride", stride, 2, 1);
        this.padding = LayerChecks.tuple("MaxPool2d", "padding", padding, 2, 0);
        this.dilation = LayerChecks.tuple("MaxPool2d", "dilation", dilation, 2, 1);
        for (int i = 0; i < 2; i++) {
            if (this.padding[i] > this.kernelSize[i] / 2) {
                throw new IllegalArgumentException("MaxPool2d: padding should be at most half of kernel size, got"
                        + " padding=" + PyRepr.tuple(this.padding) + ", kernel_size=" + PyRepr.tuple(this.kernelSize));
            }
        }
        this.ceilMode = ceilMode;
        this.given = new long[][] {kernelSize.clone(), (stride == null ? kernelSize : stride).clone(),
            padding.clone(), dilation.clone()};
    }

    /** The stride (height, width), as {@code MaxPool2d.stride} (the kernel size when none was given). */
    public long[] stride() {
        return stride.clone();
    }

    @Override
    public Tensor forward(Tensor input) {
        LayerChecks.rank("MaxPool2d", input, "(N, C, H, W) or (C, H, W)", 3, 4);
        return F.maxPool2d(input, kernelSize, stride, padding, dilation, ceilMode);
    }

    @Override
    protected String extraRepr() {
        return "kernel_size=" + PyRepr.given(given[0]) + ", stride=" + PyRepr.given(given[1]) + ", padding="
                + PyRepr.given(given[2]) + ", dilation=" + PyRepr.given(given[3]) + ", ceil_mode="
                + PyRepr.bool(ceilMode);
    }
}
