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
 * oneDNN's float32 convolution backward-data kernel, which computes a convolution's input
 * gradient and a transposed convolution's output, returns wrong values or NaN when the channel
 * count it sums over (a convolution's output channels, a transposed convolution's input
 * channels) is not a multiple of 16 and the kernel is larger than 1×1. Forward convolutions and
 * weight gradients are right.
 *
 * <p>At the first convolution that could meet the defect, a probe runs that kernel on two small
 * problems in float32 and float64 (on its own thread, so neither autocast nor the caller's grad
 * mode nor the global random generator is touched). Where float32 is wrong, {@link F} pads the
 * summed-over channels with zeros to the next multiple of 16 and cuts the result back: the
 * zero channels add exact zeros, so values and gradients are the convolution's. Where the probe
 * finds the kernel right, nothing changes. The system property
 * {@code trainkit.conv.channelPadding} = {@code auto} (default) | {@code on} | {@code off}
 * overrides the probe.
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
     * Runs the backward-data kernel on two problems known to meet the defect (8 and 17 output
     * channels, 3×3) in float32 and float64, on a fresh thread; true when float32 is off by more
     * than 1e-3 of the largest value.
     */
    static boolean probeFindsDefect() {
        AtomicBoolean broken = new AtomicBoolean();
        AtomicReference<RuntimeException> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try (TensorScope scope = TensorScope.open()) {
                broken.set(probe(8, 8, 8) || probe(15, 17, 9));
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
        double[][] grads = new double[2][];
        int i = 0;
        for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
            Tensor xi = x.to(dt).detach().requiresGrad_(true);
            Tensor y = rawConv2d(xi, w.to(dt));
            y.mul(g.to(dt)).sum().backward();
            grads[i++] = xi.grad().to(DType.FLOAT64).toDoubleArray();
        }
        double worst = 0;
        double scale = 0;
        for (int k = 0; k < grads[0].length; k++) {
            double d = Math.abs(grads[0][k] - grads[1][k]);
            worst = Double.isNaN(d) ? Double.POSITIVE_INFINITY : Math.max(worst, d);
            scale = Math.max(scale, Math.abs(grads[1][k]));
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

    /**
     * Whether a convolution whose backward-data kernel sums over {@code channels} with a kernel of
     * {@code kernelNumel} elements needs the padding for {@code input}.
     */
    private static boolean needed(Tensor input, long channels, long kernelNumel, long groups) {
        if (groups != 1 || channels % BLOCK == 0 || kernelNumel <= 1 || input.device().isCuda()) {
            return false;
        }
        DType dt = input.dtype();
        return (dt == DType.FLOAT32 || dt == DType.BFLOAT16) && active();
    }

    /**
     * A convolution ({@code conv(input, weight, bias)}) whose input gradient is right: when the
     * input needs a gradient and the defect applies, the output channels are padded to a multiple
     * of 16 with zero filters and cut back.
     */
    static Tensor convolution(Tensor input, Tensor weight, Tensor bias, long groups, Conv conv) {
        long out = weight.size(0);
        boolean inputGradient = input.requiresGrad() && NoGrad.isGradEnabled();
        if (!inputGradient || !needed(input, out, weight.numel() / (out * weight.size(1)), groups)) {
            return conv.apply(input, weight, bias);
        }
        long pad = BLOCK - out % BLOCK;
        long[] wShape = weight.shape().clone();
        wShape[0] = pad;
        Tensor w = Torch.cat(List.of(weight, Torch.zeros(weight.dtype(), wShape)), 0);
        Tensor b = bias == null ? null : Torch.cat(List.of(bias, Torch.zeros(bias.dtype(), pad)), 0);
        int channelDim = input.dim() == weight.dim() ? 1 : 0;
        return conv.apply(input, w, b).narrow(channelDim, 0, out);
    }

    /**
     * A transposed convolution whose output is right: when the defect applies, the input channels
     * are padded to a multiple of 16 with zero channels and zero weight rows.
     */
    static Tensor transposed(Tensor input, Tensor weight, Tensor bias, long groups, Conv conv) {
        long in = weight.size(0);
        if (!needed(input, in, weight.numel() / (in * weight.size(1)), groups)) {
            return conv.apply(input, weight, bias);
        }
        long pad = BLOCK - in % BLOCK;
        long[] wShape = weight.shape().clone();
        wShape[0] = pad;
        int channelDim = input.dim() == weight.dim() ? 1 : 0;
        long[] xShape = input.shape().clone();
        xShape[channelDim] = pad;
        Tensor x = Torch.cat(List.of(input, Torch.zeros(input.dtype(), xShape)), channelDim);
        Tensor w = Torch.cat(List.of(weight, Torch.zeros(weight.dtype(), wShape)), 0);
        return conv.apply(x, w, bias);
    }

    /** A convolution call of {@link F}. */
    @FunctionalInterface
    interface Conv {
        Tensor apply(Tensor input, Tensor weight, Tensor bias);
    }

    /** For tests: forgets the probe's verdict. */
    static void reset() {
        active = null;
    }
}
