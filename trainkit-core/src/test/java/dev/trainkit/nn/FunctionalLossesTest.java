package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

/** F's functional losses compute what the definitions say, with PyTorch's default reductions. */
class FunctionalLossesTest {
    private static final Tensor X;
    private static final Tensor Y;
    private static final Tensor T;

    static {
        Torch.manualSeed(3);
        X = Torch.randn(4, 3);
        Y = Torch.randn(4, 3);
        T = Torch.tensor(new long[] {0, 2, 1, 2}, 4);
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogSoftmaxOfTheTarget() {
        Tensor logp = X.logSoftmax(1);
        double expected = 0;
        for (int i = 0; i < 4; i++) {
            expected -= logp.get(i, T.get(i).toLongArray()[0]).item();
        }
        assertEquals(expected / 4, F.crossEntropy(X, T).item(), 1e-6);
        assertEquals(F.nllLoss(logp, T).item(), F.crossEntropy(X, T).item(), 1e-6);
        // label smoothing 0.2 mixes in the uniform distribution: (1-0.2)*ce + 0.2*mean(-logp)
        double smooth = 0.8 * expected / 4 + 0.2 * logp.neg().mean().item();
        assertEquals(smooth, F.crossEntropy(X, T, 0.2).item(), 1e-6);
    }

    @Test
    void regressionLossesFollowTheirFormulas() {
        Tensor d = X.sub(Y);
        assertEquals(d.pow(2).mean().item(), F.mseLoss(X, Y).item(), 1e-6);
        assertEquals(d.abs().mean().item(), F.l1Loss(X, Y).item(), 1e-6);
        // beta larger than every |d|: smooth L1 is 0.5 d^2 / beta everywhere, Huber 0.5 d^2
        double big = d.abs().max().item() + 1;
        assertEquals(d.pow(2).mul(0.5 / big).mean().item(), F.smoothL1Loss(X, Y, big).item(), 1e-6);
        assertEquals(d.pow(2).mul(0.5).mean().item(), F.huberLoss(X, Y, big).item(), 1e-6);
    }

    @Test
    void binaryAndKlLossesAgreeWithEachOther() {
        Tensor target = Torch.rand(4, 3);
        assertEquals(F.binaryCrossEntropy(X.sigmoid(), target).item(),
                F.binaryCrossEntropyWithLogits(X, target).item(), 1e-5);
        Tensor p = Y.softmax(1);
        Tensor logq = X.logSoftmax(1);
        double kl = p.mul(p.log().sub(logq)).sum().item() / 4;
        assertEquals(kl, F.klDiv(logq, p, "batchmean").item(), 1e-6);
        assertThrows(IllegalArgumentException.class, () -> F.klDiv(logq, p, "avg"));
    }

    @Test
    void singleDimReductionsDropTheDimensionAsPyTorchDoes() {
        assertArrayEquals(new long[] {4}, X.sum(1).shape());
        assertArrayEquals(X.sum(1, false).toFloatArray(), X.sum(1).toFloatArray());
        assertArrayEquals(X.mean(0, false).toFloatArray(), X.mean(0).toFloatArray());
        assertArrayEquals(X.argmax(1, false).toLongArray(), X.argmax(1).toLongArray());
        assertArrayEquals(X.argmin(1, false).toLongArray(), X.argmin(1).toLongArray());
        assertArrayEquals(X.max(1, false).toFloatArray(), X.max(1).toFloatArray());
        assertArrayEquals(X.min(0, false).toFloatArray(), X.min(0).toFloatArray());
        assertEquals(X.flatten().argmin(0).item(), X.argmin().item());
    }
}
