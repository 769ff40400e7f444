package dev.trainkit.vision.finetune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Flatten;
import dev.trainkit.nn.Linear;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.ReLU;
import dev.trainkit.nn.Sequential;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import dev.trainkit.vision.models.Models;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Fine-tuning loads: strict backbone, lenient head, {@code resetHead}. */
class BackboneWeightsTest {

    @Test
    void resnet34RefusesResnet18WeightsListingTheKeys() {
        Map<String, Tensor> r18 = Models.create("resnet18(num_classes=5)").stateDict();
        Module r34 = Models.create("resnet34(num_classes=5)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackboneWeights.load(r34, r18, false, "r18.pth"));
        assertTrue(e.getMessage().startsWith("weights r18.pth do not fit the model's backbone")
                && e.getMessage().contains("missing in the file: [layer1.2.conv1.weight"), e.getMessage());
        Module r18m = Models.create("resnet18(num_classes=5)");
        Map<String, Tensor> r34sd = r34.stateDict();
        IllegalArgumentException u = assertThrows(IllegalArgumentException.class,
                () -> BackboneWeights.load(r18m, r34sd, false, "r34.pth"));
        assertTrue(u.getMessage().contains("in the file but not in the model: [layer1.2.conv1.weight"), u.getMessage());
    }

    private static Module mlp(int classes) {
        return new Sequential(new Flatten(), new Linear(4, 6), new ReLU(), new Linear(6, classes));
    }

    @Test
    void theHeadLoadsWhenItFitsUnlessReset() {
        Torch.manualSeed(0);
        Module source = mlp(3);
        Module same = mlp(3);
        assertEquals(List.of(), BackboneWeights.load(same, source.stateDict(), false, "a"));
        assertTrue(same.stateDict().get("3.weight").equal(source.stateDict().get("3.weight")));

        Module reset = mlp(3);
        Tensor freshHead = reset.stateDict().get("3.weight").clone();
        assertEquals(List.of("3.weight", "3.bias"), BackboneWeights.load(reset, source.stateDict(), true, "a"));
        assertTrue(reset.stateDict().get("3.weight").equal(freshHead), "--reset-head keeps the fresh head");
        assertTrue(reset.stateDict().get("1.weight").equal(source.stateDict().get("1.weight")));

        Module other = mlp(5);
        assertEquals(List.of("3.weight", "3.bias"), BackboneWeights.load(other, source.stateDict(), false, "a"));
        assertFalse(other.stateDict().get("1.weight").equal(mlp(5).stateDict().get("1.weight")));
    }

    @Test
    void aBackboneOfAnotherShapeIsAnError() {
        Module source = new Sequential(new Flatten(), new Linear(4, 7), new ReLU(), new Linear(7, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackboneWeights.load(mlp(3), source.stateDict(), false, "w.pth"));
        assertTrue(e.getMessage().contains("of another shape: [1.weight (file [7, 4], model [6, 4])"), e.getMessage());
    }
}
