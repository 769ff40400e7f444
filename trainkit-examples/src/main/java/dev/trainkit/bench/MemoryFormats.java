package dev.trainkit.bench;

import dev.trainkit.nn.Module;
import dev.trainkit.train.RngState;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import dev.trainkit.nn.Parameter;
import dev.trainkit.tensor.NativeInterop;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import org.bytedeco.pytorch.global.torch;

/**
 * The channels_last (NHWC) memory format for convolution nets, PyTorch's main CPU speed-up for
 * them: oneDNN convolutions run on NHWC without reordering their input and output every call.
 *
 * <pre>{@code
 * MemoryFormats.toChannelsLast(model);        // model.to(memory_format=torch.channels_last)
 * Tensor x = MemoryFormats.channelsLast(batch); // x.contiguous(memory_format=torch.channels_last)
 * }</pre>
 *
 * <p>On some CPUs libtorch's channels_last convolutions are wrong or kill the process. On an AMD
 * EPYC with AVX-512 in a virtual machine (oneDNN 3.x in libtorch 2.10, PyTorch 1.13 right on the
 * same machine), the 1×1 NHWC forward kernel gave wrong values for 138 of 720 shapes
 * ({@code tools/bench/channels_last_scan.sh}: most with 512 or more output channels, stride 2 or
 * batch 32; ResNet-18's {@code layer4.0.downsample} is one) and died of a division by zero
 * (SIGFPE, which takes the JVM with it) in 85 more, while planning the kernel's blocking; the
 * strided NHWC backward-data kernel died the same way in a ResNet-50 training step. NCHW
 * convolutions are right there. {@link #reliable()} checks ResNet-18's forward once (wrong, but
 * not fatal, on that machine); the benchmarks fall back to NCHW where it fails. Training
 * ({@code Trainer}, {@code trainkit train}) runs NCHW.
 */
public final class MemoryFormats {
    /** The largest difference from NCHW, relative to the largest output, that counts as the same result. */
    static final double TOLERANCE = 1e-4;
    private static volatile Double probeDifference;

    private MemoryFormats() {
    }

    /**
     * Whether channels_last gives this CPU the same outputs as NCHW: ResNet-18 in eval mode on
     * two 3×32×32 images, its largest difference from NCHW within {@link #TOLERANCE} of its
     * largest output. Computed once; the global random state is restored afterwards.
     */
    public static boolean reliable() {
        return probeDifference() <= TOLERANCE;
    }

    /** The probe of {@link #reliable()}: max |NCHW − channels_last| / max |NCHW|. */
    static double probeDifference() {
        Double d = probeDifference;
        if (d == null) {
            synchronized (MemoryFormats.class) {
                if (probeDifference == null) {
                    probeDifference = measure();
                }
                d = probeDifference;
            }
        }
        return d;
    }

    private static double measure() {
        Tensor saved = RngState.get();
        try (TensorScope scope = TensorScope.open(); NoGrad ng = NoGrad.enter()) {
            Torch.manualSeed(0);
            Module a = Models.create("resnet18(num_classes=10)").eval();
            Torch.manualSeed(0);
            Module b = toChannelsLast(Models.create("resnet18(num_classes=10)")).eval();
            Tensor x = Torch.randn(2, 3, 32, 32);
            Tensor ya = a.forward(x);
            double diff = ya.sub(b.forward(channelsLast(x))).abs().max().item();
            return diff / ya.abs().max().item();
        } finally {
            RngState.set(saved);
        }
    }

    /** {@code t} in channels_last if it is 4-D, else {@code t} itself. */
    public static Tensor channelsLast(Tensor t) {
        if (t.dim() != 4) {
            return t;
        }
        return NativeInterop.call("contiguous(memory_format=channels_last)",
                () -> NativeInterop.handle(t).contiguous(torch.MemoryFormat.ChannelsLast), t);
    }

    /** Whether {@code t} is laid out as channels_last ({@code t.is_contiguous(memory_format=channels_last)}). */
    public static boolean isChannelsLast(Tensor t) {
        return t.dim() == 4 && NativeInterop.handle(t).is_contiguous(torch.MemoryFormat.ChannelsLast);
    }

    /**
     * Converts the 4-D parameters and buffers of {@code model} to channels_last in place, as
     * {@code model.to(memory_format=torch.channels_last)}; other tensors are left alone.
     *
     * @return {@code model}
     */
    public static Module toChannelsLast(Module model) {
        try (NoGrad ng = NoGrad.enter()) {
            for (Parameter p : model.parameters()) {
                if (p.dim() == 4) {
                    p.setData_(channelsLast(p));
                }
            }
            for (Tensor b : model.buffers()) {
                if (b.dim() == 4) {
                    b.setData_(channelsLast(b));
                }
            }
        }
        return model;
    }
}
