package dev.trainkit.vision.models;

import dev.trainkit.nn.BatchNorm2d;
import dev.trainkit.nn.Conv2d;

/** Short factories for the layers torchvision's model code creates over and over. */
final class Layers {
    private Layers() {
    }

    /** {@code nn.Conv2d(in, out, k, stride, padding, dilation=1, groups, bias)}, square kernel. */
    static Conv2d conv(long in, long out, long k, long stride, long padding, long groups, boolean bias) {
        return new Conv2d(in, out, new long[] {k}, new long[] {stride}, new long[] {padding}, new long[] {1}, groups,
                bias, "zeros");
    }

    /** A convolution with a (kh, kw) kernel and (ph, pw) padding, stride 1, no bias. */
    static Conv2d convRect(long in, long out, long kh, long kw, long ph, long pw) {
        return new Conv2d(in, out, new long[] {kh, kw}, new long[] {1}, new long[] {ph, pw}, new long[] {1}, 1,
                false, "zeros");
    }

    /** {@code nn.Conv2d(..., dilation=d)}. */
    static Conv2d convDilated(long in, long out, long k, long stride, long padding, long dilation, long groups,
            boolean bias) {
        return new Conv2d(in, out, new long[] {k}, new long[] {stride}, new long[] {padding}, new long[] {dilation},
                groups, bias, "zeros");
    }

    /** {@code nn.BatchNorm2d(n)}. */
    static BatchNorm2d bn(long n) {
        return new BatchNorm2d(n);
    }

    /** {@code nn.BatchNorm2d(n, eps=eps, momentum=momentum)}. */
    static BatchNorm2d bn(long n, double eps, double momentum) {
        return new BatchNorm2d(n, eps, momentum, true, true);
    }
}
