package dev.trainkit.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

/** {@link Losses#create(String)} on the shared spec grammar: positional arguments in PyTorch's order, and errors. */
class LossSpecTest {
    private static SpecException specError(String spec, String... fragments) {
        SpecException e = assertThrows(SpecException.class, () -> Losses.create(spec));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' lacks '" + f + "'");
        }
        return e;
    }

    @Test
    void crossEntropyPositionalArgumentsFollowPyTorchsOrder() {
        // nn.CrossEntropyLoss(weight, size_average, ignore_index, reduce, reduction, label_smoothing)
        CrossEntropyLoss ce = (CrossEntropyLoss) Losses.create("CrossEntropyLoss([0.5, 2.0, 1.0], None, 1, None, 'sum', 0.1)");
        assertArrayEquals(new float[] {0.5f, 2.0f, 1.0f}, ce.weight().toFloatArray());
        assertEquals(DType.FLOAT32, ce.weight().dtype());
        assertEquals(1, ce.ignoreIndex());
        assertEquals(Reduction.SUM, ce.reduction());
        assertEquals(0.1, ce.labelSmoothing());

        Torch.manualSeed(3);
        Tensor x = Torch.randn(4, 3);
        Tensor t = Torch.tensor(new long[] {0, 1, 2, 0}, 4);
        Loss byKeyword = Losses.create("CrossEntropyLoss(weight=[0.5, 2.0, 1.0], ignore_index=1, reduction='sum', "
                + "label_smoothing=0.1)");
        assertEquals(byKeyword.apply(x, t).item(), ce.apply(x, t).item(), 0.0);
    }

    @Test
    void positionalArgumentsOfOtherTorchLosses() {
        assertEquals(Reduction.NONE, Losses.create("HuberLoss('none', 0.5)").reduction()); // HuberLoss(reduction, delta)
        assertEquals(Reduction.SUM, Losses.create("MSELoss(None, None, 'sum')").reduction());
        assertEquals(Reduction.SUM, Losses.create("CTCLoss(3, 'sum', True)").reduction()); // blank, reduction, zero_infinity
        MultiMarginLoss mm = (MultiMarginLoss) Losses.create("MultiMarginLoss(2, 0.5, (1.0, 3.0))"); // p, margin, weight
        assertArrayEquals(new float[] {1f, 3f}, mm.weight().toFloatArray());
        BCEWithLogitsLoss bce = (BCEWithLogitsLoss) Losses.create("BCEWithLogitsLoss(None, None, None, 'mean', [3.0])");
        assertNull(bce.weight());
        Tensor x = Torch.tensor(new float[] {0.3f, -1.2f}, 2);
        Tensor y = Torch.tensor(new float[] {1f, 0f}, 2);
        assertEquals(Losses.create("BCEWithLogitsLoss(pos_weight=[3.0])").apply(x, y).item(), bce.apply(x, y).item(), 0.0);
    }

    @Test
    void deprecatedParametersMustBeNone() {
        specError("CrossEntropyLoss(None, True)", "'size_average' is deprecated", "reduction=");
        specError("MSELoss(reduce=False)", "'reduce' is deprecated");
    }

    @Test
    void lossesWithoutAPositionalSignatureRefusePositionalArguments() {
        specError("GaussianNLLLoss(True)", "GaussianNLLLoss: takes no positional arguments", "full, eps, reduction");
        specError("DiceLoss('multiclass')", "DiceLoss: takes no positional arguments", "mode");
        assertEquals(Mode.MULTICLASS, ((DiceLoss) Losses.create("DiceLoss(mode='multiclass')")).mode());
    }

    @Test
    void tooManyPositionalArgumentsNameTheSignature() {
        specError("HuberLoss('mean', 1.0, 2)", "at most 2 positional arguments [reduction, delta], got 3");
    }

    @Test
    void errorsNameTheValidChoices() {
        specError("HuberLos(delta=1)", "unknown loss 'HuberLos' (did you mean 'HuberLoss'?)", "valid losses: [L1Loss");
        specError("CrossEntropyLoss(label_smothing=0.1)", "unknown keyword 'label_smothing'",
                "did you mean 'label_smoothing'", "[ignore_index, label_smoothing, reduction, weight]");
        specError("CrossEntropyLoss(weight=['a'])", "argument 'weight'", "list of numbers");
        specError("CrossEntropyLoss(ignore_index=1.5)", "argument 'ignore_index'", "an integer");
        specError("CrossEntropyLoss(ignore_index=1, 2)", "positional argument follows keyword argument");
        specError("CrossEntropyLoss([1.0], weight=[1.0])", "multiple values for argument 'weight'");
    }
}
