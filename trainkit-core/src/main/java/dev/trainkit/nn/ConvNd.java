package dev.trainkit.nn;

import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;

/**
 * What {@link Conv1d}, {@link Conv2d} and {@link ConvTranspose2d} share, as PyTorch's
 * {@code _ConvNd}: arguments, the {@code weight}/{@code bias} parameters with PyTorch's shapes
 * and initialisation (kaiming_uniform with a=√5, bias U(±1/√fan_in)), and the repr.
 *
 * <pre>{@code
 * for (Module m : model.modules()) {
 *     if (m instanceof ConvNd conv) Init.kaimingNormal_(conv.weight, 0, "fan_out", "relu");
 * }
 * }</pre>
 */
public abstract class ConvNd extends Module {
    /** The valid {@code padding_mode}s. */
    public static final List<String> PADDING_MODES = List.of("zeros", "reflect", "replicate", "circular");

    final String name;
    final long inChannels;
    final long outChannels;
    final long[] kernelSize;
    final long[] stride;
    final long[] padding;
    final String paddingString;
    final long[] dilation;
    final long[] outputPadding;
    final long groups;
    final String paddingMode;
    /** Weight: [out, in/groups, *kernel], or [in, out/groups, *kernel] when transposed. */
    public final Parameter weight;
    /** Bias [out_channels], or {@code null}. */
    public final Parameter bias;

    ConvNd(String name, int n, long inChannels, long outChannels, long[] kernelSize, long[] stride,
            long[] padding, String paddingString, long[] dilation, boolean transposed, long[] outputPadding,
            long groups, boolean bias, String paddingMode) {
        this.name = name;
        this.inChannels = LayerChecks.positive(name, "in_channels", inChannels);
        this.outChannels = LayerChecks.positive(name, "out_channels", outChannels);
        this.groups = LayerChecks.positive(name, "groups", groups);
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": in_channels must be divisible by groups, got in_channels="
                    + inChannels + ", groups=" + groups);
        }
        if (outChannels % groups != 0) {
            throw new IllegalArgumentException(name + ": out_channels must be divisible by groups, got out_channels="
                    + outChannels + ", groups=" + groups);
        }
        this.kernelSize = LayerChecks.tuple(name, "kernel_size", kernelSize, n, 1);
        this.stride = LayerChecks.tuple(name, "stride", stride, n, 1);
        this.dilation = LayerChecks.tuple(name, "dilation", dilation, n, 1);
        this.outputPadding = LayerChecks.tuple(name, "output_padding", outputPadding, n, 0);
        this.paddingMode = LayerChecks.oneOf(name, "padding_mode", paddingMode, PADDING_MODES);
        if (paddingString != null) {
            LayerChecks.oneOf(name, "padding", paddingString, List.of("same", "valid"));
            if (paddingString.equals("same")) {
                for (long s : this.stride) {
                    if (s != 1) {
                        throw new IllegalArgumentException(name + ": padding='same' is not supported for strided"
                                + " convolutions, got stride=" + PyRepr.tuple(this.stride));
                    }
                }
            }
            this.padding = samePadding(paddingString);
        } else {
            this.padding = LayerChecks.tuple(name, "padding", padding, n, 0);
        }
        this.paddingString = paddingString;
        for (int i = 0; i < n; i++) {
            if (this.outputPadding[i] >= Math.max(this.stride[i], this.dilation[i])) {
                throw new IllegalArgumentException(name + ": output_padding must be smaller than either stride or"
                        + " dilation, got output_padding=" + PyRepr.tuple(this.outputPadding) + ", stride="
                        + PyRepr.tuple(this.stride) + ", dilation=" + PyRepr.tuple(this.dilation));
            }
        }
        long[] shape = new long[n + 2];
        shape[0] = transposed ? inChannels : outChannels;
        shape[1] = transposed ? outChannels / groups : inChannels / groups;
        System.arraycopy(this.kernelSize, 0, shape, 2, n);
        try (NoGrad ng = NoGrad.enter()) {
            Tensor w = Torch.zeros(shape);
            Init.kaimingUniform_(w, Math.sqrt(5), "fan_in", "leaky_relu");
            this.weight = registerParameter("weight", w);
            Tensor b = null;
            if (bias) {
                long fanIn = Init.calculateFanInAndFanOut(w)[0];
                double bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
                b = Init.uniform_(Torch.zeros(outChannels), -bound, bound);
            }
            this.bias = registerParameter("bias", b);
        }
    }

    /** The numeric padding for "valid" (none) and "same" (left part of d·(k−1), as PyTorch). */
    private long[] samePadding(String mode) {
        long[] p = new long[kernelSize.length];
        if (mode.equals("same")) {
            for (int i = 0; i < p.length; i++) {
                p[i] = dilation[i] * (kernelSize[i] - 1) / 2;
            }
        }
        return p;
    }

    /**
     * F.pad's argument for non-zero padding modes: reversed per-dim (left, right), where "same"
     * puts the odd extra element on the right as PyTorch's {@code _reversed_padding_repeated_twice}.
     */
    long[] reversedPaddingRepeatedTwice() {
        int n = kernelSize.length;
        long[] out = new long[2 * n];
        for (int i = 0; i < n; i++) {
            long left = padding[i];
            long right = padding[i];
            if ("same".equals(paddingString)) {
                long total = dilation[i] * (kernelSize[i] - 1);
                left = total / 2;
                right = total - left;
            }
            out[2 * (n - 1 - i)] = left;
            out[2 * (n - 1 - i) + 1] = right;
        }
        return out;
    }

    /** LayerChecks rank (batched or not) and the channel dim; returns whether the input is batched. */
    void checkInput(Tensor input, String layout) {
        int n = kernelSize.length;
        LayerChecks.rank(name, input, layout, n + 1, n + 2);
        LayerChecks.channels(name, input, input.dim() - n - 1, "in_channels", inChannels);
        LayerChecks.floating(name, input);
    }

    /** {@code in_channels}. */
    public long inChannels() {
        return inChannels;
    }

    /** {@code out_channels}. */
    public long outChannels() {
        return outChannels;
    }

    /** {@code kernel_size}. */
    public long[] kernelSize() {
        return kernelSize.clone();
    }

    /** {@code stride}. */
    public long[] stride() {
        return stride.clone();
    }

    /** {@code padding} (numeric; for "same"/"valid" the equivalent symmetric amount). */
    public long[] padding() {
        return padding.clone();
    }

    /** {@code dilation}. */
    public long[] dilation() {
        return dilation.clone();
    }

    /** {@code groups}. */
    public long groups() {
        return groups;
    }

    /** {@code padding_mode}. */
    public String paddingMode() {
        return paddingMode;
    }

    @Override
    protected String extraRepr() {
        StringBuilder s = new StringBuilder().append(inChannels).append(", ").append(outChannels)
                .append(", kernel_size=").append(PyRepr.tuple(kernelSize)).append(", stride=")
                .append(PyRepr.tuple(stride));
        if (paddingString != null) {
            s.append(", padding=").append(paddingString);
        } else if (!allEqual(padding, 0)) {
            s.append(", padding=").append(PyRepr.tuple(padding));
        }
        if (!allEqual(dilation, 1)) {
            s.append(", dilation=").append(PyRepr.tuple(dilation));
        }
        if (!allEqual(outputPadding, 0)) {
            s.append(", output_padding=").append(PyRepr.tuple(outputPadding));
        }
        if (groups != 1) {
            s.append(", groups=").append(groups);
        }
        if (bias == null) {
            s.append(", bias=False");
        }
        if (!paddingMode.equals("zeros")) {
            s.append(", padding_mode=").append(paddingMode);
        }
        return s.toString();
    }

    private static boolean allEqual(long[] v, long x) {
        for (long e : v) {
            if (e != x) {
                return false;
            }
        }
        return true;
    }
}
