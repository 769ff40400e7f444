package dev.trainkit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.nn.Module;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.vision.models.ModelSpecs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fine-tuning learning rates, and the advice printed about settings. */
class TrainSetupTest {

    private static Module mlp() {
        return ModelSpecs.create("mlp(hidden=[16, 8])", new long[] {4}, 3); // Flatten, Linear, ReLU, Linear, ReLU, Linear
    }

    @Test
    void headAndBackboneLearningRatesGroupEveryParameter() {
        Module m = mlp();
        TrainOptions o = new TrainOptions();
        o.headLr = 0.01;
        o.backboneLr = 0.001;
        Optimizer opt = TrainSetup.groupedOptimizer("SGD(lr=0.1, momentum=0.9)", o, m).apply(new ArrayList<>(m.parameters()));
        List<ParamGroup<Tensor>> groups = opt.paramGroups();
        assertEquals(2, groups.size());
        assertEquals(0.01, groups.get(0).lr());
        assertEquals(List.of(m.namedParameters().get("5.weight"), m.namedParameters().get("5.bias")), groups.get(0).params());
        assertEquals(0.001, groups.get(1).lr());
        assertEquals(4, groups.get(1).params().size());
        assertEquals(0.9, groups.get(1).getDouble("momentum"));
    }

    @Test
    void layerDecayShrinksTheLrPerBlockBelowTheHead() {
        Module m = mlp();
        TrainOptions o = new TrainOptions();
        o.layerDecay = 0.5;
        Optimizer opt = TrainSetup.groupedOptimizer("SGD(lr=0.1)", o, m).apply(new ArrayList<>(m.parameters()));
        List<Double> lrs = opt.paramGroups().stream().map(ParamGroup::lr).sorted().toList();
        assertEquals(List.of(0.025, 0.05, 0.1), lrs);
        o.backboneLr = 0.01;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainSetup.groupedOptimizer("SGD(lr=0.1)", o, m));
        assertTrue(e.getMessage().contains("--backbone-lr and --layer-decay"), e.getMessage());
    }

    @Test
    void halfPrecisionOnCpuWarns() {
        TrainOptions o = new TrainOptions();
        o.precision = "16-mixed";
        StringWriter err = new StringWriter();
        TrainSetup.warnPrecision(o, new PrintWriter(err, true));
        assertTrue(err.toString().contains("slower than 32") && err.toString().contains("bfloat16"), err.toString());
        o.precision = "bf16-mixed";
        StringWriter none = new StringWriter();
        TrainSetup.warnPrecision(o, new PrintWriter(none, true));
        assertEquals("", none.toString());
    }

    @Test
    void meanAndStdParseBothSpellings() {
        assertEquals(3, TrainSetup.doubles("--mean", "[0.5, 0.5, 0.5]").length);
        assertEquals(0.25, TrainSetup.doubles("--std", "0.25,0.5")[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainSetup.doubles("--mean", "a,b"));
        assertTrue(e.getMessage().startsWith("--mean: expected comma-separated numbers"), e.getMessage());
    }
}
