package dev.trainkit.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TorchException;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs fail with a message naming what was expected and what came, before libtorch sees them. */
class LossBadInputTest {

    static void fails(Executable call, String... fragments) {
        Exception e = assertThrows(IllegalArgumentException.class, call);
        assertFalse(e instanceof TorchException, "caught by TrainKit's own checks, not libtorch: " + e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' should contain '" + f + "'");
        }
    }

    @Test
    void shapeMismatchNamesBothShapes() {
        fails(() -> new MSELoss().forward(Torch.zeros(2, 3), Torch.zeros(3, 2)),
                "MSELoss", "input has shape [2, 3]", "target has shape [3, 2]");
        fails(() -> new BCEWithLogitsLoss().forward(Torch.zeros(4), Torch.zeros(4, 1)), "[4]", "[4, 1]");
        fails(() -> new CrossEntropyLoss().forward(Torch.zeros(4, 5), Torch.tensor(new long[] {0, 1, 2}, 3)),
                "target has shape [3]", "needs a target of shape [4]");
        fails(() -> new DiceLoss(Mode.MULTICLASS).forward(Torch.zeros(2, 3, 4, 4), Torch.zeros(DType.INT64, 2, 4, 5)),
                "target has shape [2, 4, 5]", "[2, 4, 4]");
        fails(() -> new GaussianNLLLoss().forward(Torch.zeros(3, 4), Torch.zeros(3, 4), Torch.ones(2)),
                "var has shape [2]", "input has shape [3, 4]");
    }

    @Test
    void classIndexOutOfRangeSaysWhichAndC() {
        Tensor logits = Torch.zeros(4, 5);
        fails(() -> new CrossEntropyLoss().forward(logits, Torch.tensor(new long[] {0, 7, 1, 2}, 4)),
                "class index 7", "C=5");
        fails(() -> new NLLLoss().forward(logits, Torch.tensor(new long[] {0, -3, 1, 2}, 4)), "class index -3", "C=5");
        fails(() -> new DiceLoss(Mode.MULTICLASS).ignoreIndex(255L).forward(Torch.zeros(1, 3, 2, 2),
                Torch.tensor(new long[] {0, 255, 3, 1}, 1, 2, 2)), "class index 3", "C=3", "ignore_index=255");
        fails(() -> new MultiMarginLoss().forward(logits, Torch.tensor(new long[] {0, 5, 1, 2}, 4)), "class index 5");
        // ignored targets are not out of range
        new CrossEntropyLoss().ignoreIndex(9).forward(logits, Torch.tensor(new long[] {0, 9, 1, 2}, 4));
    }

    @Test
    void floatTargetsWhereIndicesAreRequired() {
        fails(() -> new NLLLoss().forward(Torch.zeros(4, 5), Torch.zeros(4)), "target must be int64 class indices",
                "floating-point float32[4]");
        fails(() -> new CrossEntropyLoss().forward(Torch.zeros(4, 5), Torch.zeros(4)), "int64 class indices");
        fails(() -> new FocalLoss(Mode.MULTICLASS).forward(Torch.zeros(1, 3, 2), Torch.zeros(1, 2)),
                "int64 class indices");
    }

    @Test
    void focalLossHasNoSmoothAndWeightsOnlyMulticlass() {
        fails(() -> new FocalLoss().smooth(0.5), "FocalLoss has no smooth term", "smooth=0.5");
        fails(() -> Losses.create("FocalLoss(smooth=0.5)"), "smooth");
        fails(() -> new FocalLoss(Mode.BINARY).weight(Torch.ones(1)).forward(Torch.zeros(1, 1, 2), Torch.zeros(1, 1, 2)),
                "weight applies to mode='multiclass' only", "mode='binary'");
        Tensor l = new FocalLoss(Mode.MULTICLASS).weight(Torch.ones(3)).forward(Torch.zeros(1, 3, 2),
                Torch.zeros(DType.INT64, 1, 2));
        assertEquals(Math.log(3) * Math.pow(2.0 / 3, 2), l.item(), 1e-6);
    }

    @Test
    void wrongDtypes() {
        fails(() -> new CrossEntropyLoss().forward(Torch.zeros(4, 5), Torch.tensor(new int[] {0, 1, 2, 3}, 4)),
                "int64 class indices, got int32[4]", "to(DType.INT64)");
        fails(() -> new MSELoss().forward(Torch.zeros(DType.INT64, 3), Torch.zeros(3)),
                "input must be a floating-point tensor, got int64[3]");
        fails(() -> new CrossEntropyLoss().weight(Torch.tensor(new long[] {1, 2}, 2)), "weight must be a floating-point");
    }

    @Test
    void bceValuesOutsideUnitInterval() {
        fails(() -> new BCELoss().forward(Torch.full(new long[] {3}, 0.5), Torch.tensor(new float[] {0, 1, 2}, 3)),
                "BCELoss", "target values must be in [0, 1], found 2");
        fails(() -> new BCEWithLogitsLoss().forward(Torch.zeros(2), Torch.tensor(new float[] {-1, 1}, 2)),
                "found -1");
        fails(() -> new BCELoss().forward(Torch.tensor(new float[] {1.5f, 0}, 2), Torch.zeros(2)),
                "input (probabilities) values must be in [0, 1], found 1.5");
        fails(() -> new DiceLoss().forward(Torch.zeros(2), Torch.tensor(new float[] {3, 1}, 2)), "found 3");
    }

    @Test
    void emptyInputs() {
        fails(() -> new MSELoss().forward(Torch.zeros(0, 3), Torch.zeros(0, 3)), "input must not be empty",
                "float32[0, 3]");
        fails(() -> new CrossEntropyLoss().forward(Torch.zeros(0, 5), Torch.zeros(DType.INT64, 0)),
                "must not be empty");
        fails(() -> new DiceLoss().forward(Torch.zeros(0), Torch.zeros(0)), "must not be empty");
    }

    @Test
    void specErrorsListValidNames() {
        fails(() -> Losses.create("CrossEntropyLos()"), "unknown loss 'CrossEntropyLos'",
                "did you mean 'CrossEntropyLoss'");
        fails(() -> Losses.create("DiceLoss(mode='multi')"), "mode", "[binary, multiclass, multilabel]");
        fails(() -> Losses.create("HuberLoss(beta=1)"), "unknown keyword 'beta'", "[delta, reduction]");
        fails(() -> Losses.create("MSELoss(reduction='avg')"), "[none, mean, sum]");
        fails(() -> new CTCLoss().forward(Torch.zeros(5, 1, 3).logSoftmax(2), Torch.tensor(new long[] {1, 4}, 1, 2),
                new long[] {5}, new long[] {2}), "class index 4", "C=3");
    }

    @Test
    void multiInputLossesPointToTheirSignature() {
        Exception e = assertThrows(UnsupportedOperationException.class,
                () -> new TripletMarginLoss().apply(Torch.zeros(2), Torch.zeros(2)));
        assertTrue(e.getMessage().contains("forward(anchor, positive, negative)"));
    }
}
