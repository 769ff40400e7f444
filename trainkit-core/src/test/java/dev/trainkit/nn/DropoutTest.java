package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

/**
 * Dropout's random behaviour, which no golden can pin down: the fraction of zeros is p (within
 * sampling error), survivors are scaled by 1/(1−p), p=0 and eval mode are the identity, and
 * Dropout2d drops whole channels.
 */
class DropoutTest {

    @Test
    void trainModeZeroesAboutPAndScalesSurvivors() {
        Torch.manualSeed(3);
        double p = 0.3;
        Tensor x = Torch.ones(200, 500);
        Tensor y = new Dropout(p).forward(x);
        double n = x.numel();
        double zeros = y.eq(0).to(dev.trainkit.tensor.DType.FLOAT32).sum().item();
        // 5 standard deviations of a binomial(n, p) proportion.
        assertEquals(p, zeros / n, 5 * Math.sqrt(p * (1 - p) / n));
        double survivorValue = y.max().item();
        assertEquals(1 / (1 - p), survivorValue, 1e-6);
        assertEquals(1 / (1 - p), y.sum().item() / (n - zeros), 1e-4);
    }

    @Test
    void zeroProbabilityAndEvalAreIdentity() {
        Tensor x = Torch.randn(4, 6);
        assertTrue(new Dropout(0.0).forward(x).equal(x));
        Dropout d = new Dropout(0.9);
        d.eval();
        assertTrue(d.forward(x).equal(x));
        Dropout2d d2 = new Dropout2d(0.9);
        d2.eval();
        Tensor img = Torch.randn(2, 3, 4, 4);
        assertTrue(d2.forward(img).equal(img));
        assertSame(img, new Identity().forward(img));
    }

    @Test
    void dropout2dDropsWholeChannels() {
        Torch.manualSeed(5);
        double p = 0.5;
        Tensor y = new Dropout2d(p).forward(Torch.ones(64, 32, 3, 3));
        Tensor perChannelMax = y.flatten(2, 3).max(2, false);
        Tensor perChannelMin = y.flatten(2, 3).min(2, false);
        assertTrue(perChannelMax.equal(perChannelMin), "a channel was partly dropped");
        double dropped = perChannelMax.eq(0).to(dev.trainkit.tensor.DType.FLOAT32).mean().item();
        assertEquals(p, dropped, 5 * Math.sqrt(p * (1 - p) / (64 * 32)));
        assertEquals(1 / (1 - p), y.max().item(), 1e-6);
    }

    @Test
    void gradientFlowsOnlyThroughSurvivors() {
        Torch.manualSeed(11);
        Tensor x = Torch.ones(1000).requiresGrad_(true);
        Tensor y = new Dropout(0.25).forward(x);
        y.sum().backward();
        assertTrue(x.grad().equal(y.detach()), "d(sum y)/dx must equal the dropout mask scaled by 1/(1-p)");
    }
}
