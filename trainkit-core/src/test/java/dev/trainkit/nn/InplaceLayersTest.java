package dev.trainkit.nn;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.tensor.TorchException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The {@code inplace=True} layers refuse what PyTorch refuses, with the ATen op named. Their values,
 * gradients, reprs and returning the very input tensor are checked against PyTorch by
 * LayerParityTest ("*_inplace" cases).
 */
class InplaceLayersTest {

    static Stream<Arguments> layers() {
        return Stream.of(
                Arguments.of("hardtanh_", (Supplier<Module>) () -> new ReLU6(true)),
                Arguments.of("leaky_relu_", (Supplier<Module>) () -> new LeakyReLU(0.2, true)),
                Arguments.of("silu_", (Supplier<Module>) () -> new SiLU(true)),
                Arguments.of("hardswish_", (Supplier<Module>) () -> new Hardswish(true)),
                Arguments.of("hardsigmoid_", (Supplier<Module>) () -> new Hardsigmoid(true)),
                Arguments.of("dropout_", (Supplier<Module>) () -> new Dropout(0.3, true)),
                Arguments.of("feature_dropout_", (Supplier<Module>) () -> new Dropout2d(0.3, true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("layers")
    void onALeafThatRequiresGradFailsNamingTheOp(String op, Supplier<Module> layer) {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Torch.randn(2, 3, 4, 4).requiresGrad_(true);
            TorchException e = assertThrows(TorchException.class, () -> layer.get().forward(x));
            assertTrue(e.getMessage().contains(op), e.getMessage());
            assertTrue(e.getMessage().contains("leaf"), e.getMessage());
        }
    }

    @Test
    void overwritingATensorBackwardNeedsFailsAtBackwardAsInPyTorch() {
        try (TensorScope scope = TensorScope.open()) {
            Tensor x = Torch.randn(4, 5).requiresGrad_(true);
            Tensor e = x.exp(); // exp's backward reads its output
            new SiLU(true).forward(e);
            RuntimeException thrown = assertThrows(RuntimeException.class, () -> e.sum().backward());
            assertTrue(thrown.getMessage().contains("modified by an inplace operation"), thrown.getMessage());
        }
    }
}
