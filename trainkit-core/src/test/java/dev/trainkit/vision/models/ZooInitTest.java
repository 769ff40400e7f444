package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The initialisation loops of torchvision's constructors (read from torchvision 0.14's model
 * sources): sample statistics of the re-initialised weights within sampling tolerance.
 */
class ZooInitTest {

    private static double std(Tensor t) {
        double[] v = t.toDoubleArray();
        double mean = 0;
        for (double x : v) {
            mean += x;
        }
        mean /= v.length;
        double s = 0;
        for (double x : v) {
            s += (x - mean) * (x - mean);
        }
        return Math.sqrt(s / (v.length - 1));
    }

    private static double maxAbs(Tensor t) {
        return t.abs().max().item();
    }

    private static void assertNear(double expected, double actual, double rel, String what) {
        assertTrue(Math.abs(actual - expected) <= rel * expected, what + ": expected ~" + expected + ", got " + actual);
    }

    @Test
    void resnetKaimingFanOutBatchNormOnesAndZeroInitResidual() {
        Map<String, Tensor> s = Models.create("resnet50(zero_init_residual=True)").stateDict();
        // kaiming_normal_(mode="fan_out", nonlinearity="relu"): std = sqrt(2 / (out * kh * kw))
        assertNear(Math.sqrt(2.0 / (256 * 9)), std(s.get("layer3.0.conv2.weight")), 0.03, "layer3.0.conv2");
        assertEquals(1.0, s.get("bn1.weight").min().item());
        assertEquals(0.0, maxAbs(s.get("bn1.bias")));
        assertEquals(0.0, maxAbs(s.get("layer1.0.bn3.weight")));
        assertEquals(1.0, s.get("layer1.0.bn2.weight").min().item());
        // fc keeps nn.Linear's default U(±1/sqrt(in_features))
        assertTrue(maxAbs(s.get("fc.weight")) <= 1 / Math.sqrt(2048));
    }

    @Test
    void vggLinearNormalAndConvBiasZero() {
        Module m = Models.create("vgg11");
        Map<String, Tensor> s = m.stateDict();
        assertNear(0.01, std(s.get("classifier.3.weight")), 0.02, "classifier.3");
        assertEquals(0.0, maxAbs(s.get("classifier.0.bias")));
        assertEquals(0.0, maxAbs(s.get("features.0.bias")));
    }

    @Test
    void squeezenetFinalConvMobileAndMnasnetHeads() {
        Map<String, Tensor> sq = Models.create("squeezenet1_1").stateDict();
        assertNear(0.01, std(sq.get("classifier.1.weight")), 0.05, "final_conv");
        // kaiming_uniform_ (a=0, fan_in): bound = sqrt(6 / fan_in)
        assertTrue(maxAbs(sq.get("features.0.weight")) <= Math.sqrt(6.0 / 27));
        assertNear(Math.sqrt(6.0 / 27) / Math.sqrt(3), std(sq.get("features.0.weight")), 0.15, "features.0");
        Map<String, Tensor> mn = Models.create("mnasnet1_0").stateDict();
        // kaiming_uniform_(mode="fan_out", nonlinearity="sigmoid"): bound = sqrt(3 / fan_out)
        assertTrue(maxAbs(mn.get("classifier.1.weight")) <= Math.sqrt(3.0 / 1000));
        assertNear(Math.sqrt(1.0 / 1000), std(mn.get("classifier.1.weight")), 0.02, "mnasnet classifier");
        Map<String, Tensor> v3 = Models.create("mobilenet_v3_small").stateDict();
        assertNear(0.01, std(v3.get("classifier.0.weight")), 0.02, "mobilenet_v3 classifier.0");
    }

    @Test
    void googlenetTruncatedNormal() {
        Map<String, Tensor> s = Models.create("googlenet").stateDict();
        assertNear(0.01, std(s.get("inception4e.branch2.1.conv.weight")), 0.03, "trunc_normal std 0.01");
        assertNear(0.01, std(s.get("fc.weight")), 0.03, "fc");
        assertEquals(1.0, s.get("conv1.bn.weight").min().item());
    }

    @Test
    void convnextTruncatedNormalZeroBiasesAndLayerScale() {
        Map<String, Tensor> s = Models.create("convnext_tiny").stateDict();
        // trunc_normal_(std=0.02) on Conv2d and Linear weights (bounds ±2 are 100 std away)
        assertNear(0.02, std(s.get("features.5.4.block.3.weight")), 0.02, "features.5.4.block.3 (Linear)");
        assertNear(0.02, std(s.get("features.0.0.weight")), 0.05, "stem conv");
        assertNear(0.02, std(s.get("features.4.1.weight")), 0.02, "downsampling conv");
        assertNear(0.02, std(s.get("classifier.2.weight")), 0.02, "head");
        assertEquals(0.0, maxAbs(s.get("features.1.0.block.0.bias")));
        assertEquals(0.0, maxAbs(s.get("classifier.2.bias")));
        // LayerNorm(2d) keeps ones/zeros; layer_scale = 1e-6
        assertEquals(1.0, s.get("features.0.1.weight").min().item());
        assertEquals(0.0, maxAbs(s.get("classifier.0.bias")));
        assertEquals((double) (float) 1e-6, s.get("features.7.2.layer_scale").max().item());
    }
}
