package dev.trainkit.vision.models;

import dev.trainkit.nn.Conv2d;
import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;

/**
 * Conv (no bias) + BatchNorm (eps 0.001) + ReLU, as torchvision's {@code BasicConv2d} in
 * GoogLeNet and Inception v3: children {@code conv} and {@code bn}.
 *
 * <pre>{@code
 * BasicConv2d c = BasicConv2d.of(3, 32, 3, 2, 0);   // BasicConv2d(3, 32, kernel_size=3, stride=2)
 * }</pre>
 */
public class BasicConv2d extends Module {
    /** Wraps a convolution built by the caller (its bias must be absent). */
    public BasicConv2d(Conv2d conv) {
        registerModule("conv", conv);
        registerModule("bn", Layers.bn(conv.outChannels(), 0.001, 0.1));
    }

    /** A square-kernel block. */
    public static BasicConv2d of(long in, long out, long kernel, long stride, long padding) {
        return new BasicConv2d(Layers.conv(in, out, kernel, stride, padding, 1, false));
    }

    /** A (kh, kw) kernel with (ph, pw) padding, stride 1. */
    public static BasicConv2d rect(long in, long out, long kh, long kw, long ph, long pw) {
        return new BasicConv2d(Layers.convRect(in, out, kh, kw, ph, pw));
    }

    @Override
    public Tensor forward(Tensor x) {
        return child("bn").forward(child("conv").forward(x)).relu_(); // F.relu(x, inplace=True), as torchvision
    }
}
