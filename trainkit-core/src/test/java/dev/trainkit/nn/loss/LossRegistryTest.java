package dev.trainkit.nn.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.spec.Registration;
import org.junit.jupiter.api.Test;

/** The losses in the one registry shape: signatures with PyTorch's defaults, stated once. */
class LossRegistryTest {
    @Test
    void everyLossDeclaresItsSignatureAndADescription() {
        assertEquals(Losses.names(), Losses.registry().names());
        for (Registration<LossFactory> r : Losses.registry().registrations()) {
            assertFalse(r.description().isBlank(), r.name());
        }
        assertEquals("CrossEntropyLoss(weight=None, size_average=None, ignore_index=-100, reduce=None, "
                + "reduction='mean', label_smoothing=0.0)", CrossEntropyLoss.REGISTRATION.signature().toString());
        assertEquals(java.util.List.of("full", "eps", "reduction"), GaussianNLLLoss.REGISTRATION.signature().keywordOnly());
        assertTrue(LovaszLoss.REGISTRATION.signature().parameters().contains("mode"));
        assertFalse(LovaszLoss.REGISTRATION.signature().parameters().contains("smooth"));
    }

    @Test
    void signatureDefaultsAreTheDefaultsOfTheBuiltLoss() {
        CrossEntropyLoss ce = (CrossEntropyLoss) Losses.create("CrossEntropyLoss()");
        assertEquals(-100, ce.ignoreIndex());
        assertEquals(0.0, ce.labelSmoothing());
        assertEquals(Reduction.MEAN, ce.reduction());
        DiceLoss dice = (DiceLoss) Losses.create("DiceLoss()");
        assertEquals(Mode.BINARY, dice.mode());
        assertEquals(1.0, dice.smooth());
        assertTrue(dice.fromLogits());
        assertEquals(null, dice.ignoreIndex());
    }
}
