package dev.trainkit.bench;

import dev.trainkit.nn.Module;
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
 */
public final class MemoryFormats {
    private MemoryFormats() {
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
