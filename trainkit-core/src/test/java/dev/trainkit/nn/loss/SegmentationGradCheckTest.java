package dev.trainkit.nn.loss;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Float64 finite-difference gradient checks (as torch.autograd.gradcheck) for each segmentation loss. */
class SegmentationGradCheckTest {

    static Tensor target(Mode mode) {
        Torch.manualSeed(7);
        return switch (mode) {
            case BINARY -> Torch.rand(2, 1, 3, 3).gt(0.5).to(DType.FLOAT64);
            case MULTILABEL -> Torch.rand(2, 3, 3, 3).gt(0.5).to(DType.FLOAT64);
            case MULTICLASS -> Torch.randint(0, 3, 2, 3, 3);
        };
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DiceLoss()", "DiceLoss(mode='multiclass', weight=[0.5, 2.0, 1.0])",
        "IoULoss(mode='multilabel')", "JaccardLoss(mode='multiclass', smooth=0.0)", "TverskyLoss(alpha=0.3, beta=0.7)",
        "FocalTverskyLoss(mode='multiclass')", "FocalTverskyLoss(mode='multilabel', gamma=1.5)", "DiceBCELoss()",
        "FocalLoss()", "FocalLoss(mode='multilabel')", "FocalLoss(mode='multiclass', weight=[1.0, 2.0, 0.5])",
        "LovaszLoss()", "LovaszLoss(mode='multiclass')", "SobolevLoss(grad_weight=0.5)"})
    void gradientMatchesFiniteDifferences(String spec) {
        Loss loss = Losses.create(spec);
        Mode mode = loss instanceof SegmentationLoss s ? s.mode() : Mode.MULTILABEL;
        Tensor t = target(mode);
        long c = mode == Mode.BINARY ? 1 : 3;
        Tensor x = Torch.randn(DType.FLOAT64, 2, c, 3, 3).mul(1.5);
        if (loss instanceof SobolevLoss) {
            t = Torch.randn(DType.FLOAT64, 2, c, 3, 3);
        }
        Tensor leaf = x.clone().requiresGrad_(true);
        loss.apply(leaf, t).backward();
        double[] analytic = leaf.grad().toDoubleArray();
        double[] base = x.toDoubleArray();
        double eps = 1e-6;
        Tensor target = t;
        for (int i = 0; i < base.length; i++) {
            double[] plus = base.clone();
            double[] minus = base.clone();
            plus[i] += eps;
            minus[i] -= eps;
            double numeric = NoGrad.run(() -> (loss.apply(Torch.tensor(plus, x.shape()), target).item()
                    - loss.apply(Torch.tensor(minus, x.shape()), target).item()) / (2 * eps));
            assertTrue(Math.abs(numeric - analytic[i]) <= 1e-6 + 1e-4 * Math.abs(numeric),
                    spec + " d/dx[" + i + "]: finite difference " + numeric + ", autograd " + analytic[i]);
        }
    }
}
