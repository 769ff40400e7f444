package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Convolutions whose summed-over channel count is not a multiple of 16 (where some CPUs' oneDNN
 * backward-data kernel is wrong) against the same convolution in float64, which does not use
 * that kernel: input gradients of {@link F#conv1d}/{@link F#conv2d} and the output of
 * {@link F#convTranspose2d}, through whatever {@link ConvChannelPadding} decided on this machine.
 */
class ConvChannelPaddingTest {

    @ParameterizedTest(name = "conv2d {0}->{1} k{2} groups {3}")
    @CsvSource({"8,8,3,1", "15,17,3,1", "16,24,3,1", "16,1,3,1", "3,4,3,1", "64,10,1,1", "32,32,3,2", "16,16,3,1",
        "24,64,3,1", "40,16,5,1", "20,20,3,1", "100,64,3,1", "72,72,3,72"})
    void conv2dInputGradientMatchesFloat64(int in, int out, int k, int groups) {
        try (TensorScope s = TensorScope.open()) {
            Torch.manualSeed(3);
            Tensor x = Torch.randn(2, in, 9, 9);
            Tensor w = Torch.randn(out, in / groups, k, k);
            Tensor b = Torch.randn(out);
            Tensor g = Torch.randn(2, out, 9, 9);
            double[][] r = new double[2][];
            double[][] y = new double[2][];
            int i = 0;
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor xi = x.to(dt).detach().requiresGrad_(true);
                Tensor yi = F.conv2d(xi, w.to(dt), b.to(dt), new long[] {1, 1}, new long[] {k / 2, k / 2},
                        new long[] {1, 1}, groups);
                assertEquals(out, yi.size(1), "output channels");
                yi.mul(g.to(dt)).sum().backward();
                y[i] = yi.detach().to(DType.FLOAT64).toDoubleArray();
                r[i++] = xi.grad().to(DType.FLOAT64).toDoubleArray();
            }
            assertClose(y[1], y[0], "output");
            assertClose(r[1], r[0], "input gradient");
        }
    }

    @ParameterizedTest(name = "conv1d {0}->{1}")
    @CsvSource({"16,8", "16,12", "16,16"})
    void conv1dInputGradientMatchesFloat64(int in, int out) {
        try (TensorScope s = TensorScope.open()) {
            Torch.manualSeed(4);
            Tensor x = Torch.randn(2, in, 20);
            Tensor w = Torch.randn(out, in, 3);
            Tensor g = Torch.randn(2, out, 18);
            double[][] r = new double[2][];
            int i = 0;
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor xi = x.to(dt).detach().requiresGrad_(true);
                F.conv1d(xi, w.to(dt), null, new long[] {1}, new long[] {0}, new long[] {1}, 1).mul(g.to(dt)).sum()
                        .backward();
                r[i++] = xi.grad().to(DType.FLOAT64).toDoubleArray();
            }
            assertClose(r[1], r[0], "input gradient");
        }
    }

    @ParameterizedTest(name = "conv_transpose2d {0}->{1} k{2} s{3}")
    @CsvSource({"8,16,3,1", "20,16,3,1", "3,5,3,1", "4,8,2,2", "32,32,2,2"})
    void convTranspose2dMatchesFloat64(int in, int out, int k, int stride) {
        try (TensorScope s = TensorScope.open()) {
            Torch.manualSeed(5);
            Tensor x = Torch.randn(2, in, 7, 7);
            Tensor w = Torch.randn(in, out, k, k);
            Tensor b = Torch.randn(out);
            double[][] r = new double[2][];
            int i = 0;
            for (DType dt : new DType[] {DType.FLOAT32, DType.FLOAT64}) {
                Tensor y = F.convTranspose2d(x.to(dt), w.to(dt), b.to(dt), new long[] {stride, stride},
                        new long[] {0, 0}, new long[] {0, 0}, 1, new long[] {1, 1});
                assertEquals(out, y.size(1), "output channels");
                r[i++] = y.to(DType.FLOAT64).toDoubleArray();
            }
            assertClose(r[1], r[0], "output");
        }
    }

    @Test
    void modesAndBadValue() {
        assertTrue(ConvChannelPadding.decide("on"));
        assertFalse(ConvChannelPadding.decide("OFF"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ConvChannelPadding.decide("maybe"));
        assertTrue(e.getMessage().contains("trainkit.conv.channelPadding"), e.getMessage());
        assertTrue(e.getMessage().contains("'maybe'"), e.getMessage());
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        double scale = 0;
        for (double v : expected) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int k = 0; k < expected.length; k++) {
            double d = Math.abs(expected[k] - actual[k]);
            assertTrue(d <= 1e-4 * scale + 1e-5, what + " element " + k + ": float64 " + expected[k] + ", float32 "
                    + actual[k]);
        }
    }
}
