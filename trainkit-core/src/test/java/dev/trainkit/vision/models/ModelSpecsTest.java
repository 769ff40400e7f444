package dev.trainkit.vision.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Torch;
import org.junit.jupiter.api.Test;

class ModelRegistryTest {

    @Test
    void zooNamesTakeTheDataClassCountUnlessGiven() {
        Module m = ModelSpecs.create("resnet18", new long[] {3, 32, 32}, 5);
        assertArrayEquals(new long[] {5, 512}, m.stateDict().get("fc.weight").shape());
        Module explicit = ModelSpecs.create("resnet18(num_classes=7)", new long[] {3, 32, 32}, 5);
        assertArrayEquals(new long[] {7, 512}, explicit.stateDict().get("fc.weight").shape());
        long[] out = NoGrad.run(() -> m.eval().forward(Torch.randn(2, 3, 32, 32))).shape();
        assertArrayEquals(new long[] {2, 5}, out);
    }

    @Test
    void unknownNamesListBuiltInsAndZoo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpecs.create("resnet81", new long[] {3, 32, 32}, 5));
        assertTrue(e.getMessage().contains("resnet18") && e.getMessage().contains("mlp"), e.getMessage());
    }
}
