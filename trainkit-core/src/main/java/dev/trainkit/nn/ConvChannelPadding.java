package dev.trainkit.nn;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A guard against a libtorch defect seen on some x86 CPUs (an AMD EPYC with AVX-512, oneDNN 3.7):
 * oneDNN's float32 convolution kernels give wrong values (or NaN) for kernels larger than 1×1
 * when the channel count they sum over is not a multiple of 16: the forward convolution when
 * its input channels are above 16 and not a multiple of 16 (24, 40, 72, ...), and the
 * backward-data kernel, which computes a convolution's input gradient and a transposed
 * convolution's output, when its output channels are not a multiple of 16 (1, 8, 20, ...).
 * Weight gradients are right; float64 does not use these kernels.
 *
 * <p>At the first convolution that could meet the defect, a probe runs these kernels on small
 * problems in float32 and float64 (on its own thread, so neither autocast nor the caller's grad
 * mode nor the global random generator is touched). Where float32 is wrong, {@link F} pads the
 * summed-over channels with zeros to the next multiple of 16 (zero input channels with zero
 * weights, zero filters cut off the output): the zero channels add exact zeros, so values and
 * gradients are the convolution's. Where the probe finds the kernels right, nothing changes.
 * The system property {@code trainkit.conv.channelPadding} = {@code auto} (default) |
 * {@code on} | {@code off} overrides the probe.
 */
final class ConvChannelPadding {
    /** The system property that overrides the probe. */
    static final String PROPERTY = "trainkit.conv.channelPadding";
    private static final long BLOCK = 16;
    private static final Logger LOG = LoggerFactory.getLogger(ConvChannelPadding.class);
    private static volatile Boolean active;

    private ConvChannelPadding() {
    }

    /** Whether convolutions are padded on this machine (the probe runs on the first call). */
    static boolean active() {
        Boolean a = active;
        if (a == null) {
            synchronized (ConvChannelPadding.class) {
                if (active == null) {
                    active = decide(System.getProperty(PROPERTY, "auto"));
                }
                a = active;
            }
        }
        return a;
    }

    static boolean decide(String mode) {
        switch (mode.toLowerCase(Locale.ROOT)) {
            case "on":
                return true;
            case "off":
                return false;
            case "auto":
                boolean broken = probeFindsDefect();
                if (broken) {
                    LOG.warn("libtorch's float32 convolution backward-data kernel (oneDNN) gives wrong results on this"
                            + " CPU when the summed-over channels are not a multiple of 16; TrainKit pads those"
                            + " convolutions' channels with zeros to a multiple of 16 (exact; -D{}=off disables)",
                            PROPERTY);
                }
                return broken;
            default:
                throw new IllegalArgumentException(PROPERTY + ": expected auto, on or off, got '" + mode + "'");
        }
    }

    /**
     * Runs the kernels on three problems known to meet the defect (3×3 convolutions 8→8 and
     * 15→17 for the input gradient, 24→16 for the forward) in float32 and float64, on a fresh
     * thread; true when float32 is off by more than 1e-3 of the largest value.
     */
    static boolean probeFindsDefect() {
        AtomicBoolean broken = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (TensorScope scope = TensorScope.open()) {
                broken.set(probe(8, 8, 8) || probe(15, 17, 9) || probe(24, 16, 7));
            } catch (RuntimeException e) {
                failure.set(e);
            }
        }, "trainkit-conv-probe");
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true; // cannot tell: the padding is exact either way
        }
        if (failure.get() != null) {
            LOG.warn("convolution probe failed ({}); padding small convolutions to be safe", failure.get().toString());
            return true;
        }
        return broken.get();
    }

    private static boolean probe(long in, long out, long hw) {
        Tensor x = deterministic(2 * in * hw * hw, 0.37).reshape(2, in, hw, hw);
        Tensor w = deterministic(out * in * 9, 0.53).reshape(out, in, 3, 3);
        Tensor g = deterministic(2 * out * (hw - 2) * (hw - 2), 0.71).reshape(2, out, hw - 2, hw - 2);
        double[][] outputs = new double[2][];
        double[][] grads = new double[2][];
        int i = 0;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor xi = x.to(dt).detach().requiresGrad_(true);
            Tensor y = rawConv2d(xi, w.to(dt));
            y.mul(g.to(dt)).sum().backward();
            outputs[i] = y.detach().to(DType.FLOAT64).toDoubleArray();
            grads[i++] = xi.grad().to(DType.FLOAT64).toDoubleArray();
        }
        return differ(outputs) || differ(grads);
    }

    /** Whether float32 ({@code v[0]}) is off float64 ({@code v[1]}) by more than 1e-3 of its largest value. */
    private static boolean differ(double[][] v) {
        double worst = 0;
        double scale = 0;
        for (int k = 0; k < v[0].length; k++) {
            double d = Math.abs(v[0][k] - v[1][k]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
            scale = Math.max(scale, Math.abs(v[1][k]));
        }
        return worst > 1e-3 * scale;
    }

    private static Tensor rawConv2d(Tensor x, Tensor w) {
        return F.conv2dUnguarded(x, w, null, new long[] {1, 1}, new long[] {0, 0}, new long[] {1, 1}, 1);
    }

    /** {@code sin(0, s, 2s, ...)}: values in [-1, 1] that need no random generator. */
    private static Tensor deterministic(long n, double step) {
        return Torch.arange(0.0, n * step, step).narrow(0, 0, n).sin().to(DType.FLOAT64);
    }

    /** Whether {@code input} goes to the kernels the defect is in (float32 or bfloat16 on the CPU) on an affected machine. */
    private static boolean affected(Tensor input) {
        DType dt = input.dtype();
        return !input.device().isCuda() && (dt == DType.FLOAT32 || dt == DType.BFLOAT16) && active();
    }

    /**
     * A convolution ({@code conv(input, weight, bias)}) whose output and input gradient are
     * right: on an affected machine, input channels above 16 and not a multiple of 16 get zero
     * channels (with zero weights) up to a multiple of 16, and, when the input needs a gradient,
     * output channels not a multiple of 16 get zero filters, cut off the result.
     */
    static Tensor convolution(Tensor input, Tensor weight, Tensor bias, long groups, Conv conv) {
        long out = weight.size(0);
        long in = weight.size(1);
        boolean spatial = groups == 1 && weight.numel() / (out * in) > 1;
        boolean padIn = spatial && in > BLOCK && in % BLOCK != 0;
        boolean padOut = spatial && out % BLOCK != 0 && input.requiresGrad() && NoGrad.isGradEnabled();
        if (!(padIn || padOut) || !affected(input)) {
            return conv.apply(input, weight, bias);
        }
        int channelDim = input.dim() == weight.dim() ? 1 : 0;
        Tensor x = input;
        Tensor w = weight;
        Tensor b = bias;
        if (padIn) {
            x = zeroPadded(x, channelDim, BLOCK - in % BLOCK);
            w = zeroPadded(w, 1, BLOCK - in % BLOCK);
        }
        if (padOut) {
            w = zeroPadded(w, 0, BLOCK - out % BLOCK);
            b = b == null ? null : zeroPadded(b, 0, BLOCK - out % BLOCK);
        }
        Tensor y = conv.apply(x, w, b);
        return padOut ? y.narrow(channelDim, 0, out) : y;
    }

    /** {@code t} with {@code n} zero slices appended along {@code dim}. */
    private static Tensor zeroPadded(Tensor t, int dim, long n) {
        long[] shape = t.shape().clone();
        shape[dim] = n;
        return Torch.cat(List.of(t, Torch.zeros(t.dtype(), shape)), dim);
    }

    /**
     * A transposed convolution whose output is right: when the defect applies, the input channels
     * are padded to a multiple of 16 with zero channels and zero weight rows.
     */
    static Tensor transposed(Tensor input, Tensor weight, Tensor bias, long groups, Conv conv) {
        long in = weight.size(0);
        boolean spatial = groups == 1 && weight.numel() / (in * weight.size(1)) > 1;
        if (!spatial || in % BLOCK == 0 || !affected(input)) {
            return conv.apply(input, weight, bias);
        }
        int channelDim = input.dim() == weight.dim() ? 1 : 0;
        return conv.apply(zeroPadded(input, channelDim, BLOCK - in % BLOCK), zeroPadded(weight, 0, BLOCK - in % BLOCK),
                bias);
    }

    /** A convolution call of {@link F}. */
    @FunctionalInterface
    interface Conv {
        Tensor apply(Tensor input, Tensor weight, Tensor bias);
    }
}
