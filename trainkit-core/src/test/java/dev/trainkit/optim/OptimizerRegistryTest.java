package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** The registry, signatures, checks and scheduler interplay of every optimizer. */
class OptimizerRegistryTest {
    private final Tensor w = Torch.randn(2, 3).requiresGrad_(true);

    private static void assertError(String expectedPart, Executable body) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(expectedPart), "message '" + e.getMessage() + "' lacks '" + expectedPart + "'");
    }

    @Test
    void signaturesRenderAsPyTorchs() {
        assertEquals("NAdam(lr=0.002, betas=(0.9, 0.999), eps=1.0E-8, weight_decay=0.0, momentum_decay=0.004,"
                + " decoupled_weight_decay=False, *, maximize=False, foreach=None, differentiable=False)",
                Optimizers.REGISTRY.get("NAdam").signature().toString());
        assertEquals("LBFGS(lr=1.0, max_iter=20, max_eval=None, tolerance_grad=1.0E-7, tolerance_change=1.0E-9,"
                + " history_size=100, line_search_fn=None)", Optimizers.REGISTRY.get("LBFGS").signature().toString());
        assertEquals(List.of("lr", "lambd", "alpha", "t0", "weight_decay", "foreach", "maximize", "differentiable"),
                Optimizers.REGISTRY.get("ASGD").signature().positional());
    }

    @Test
    void everyRegisteredOptimizerBuildsFromItsBareSpec() {
        for (String name : Optimizers.names()) {
            Optimizer opt = Optimizers.create(name, List.of(w));
            assertEquals(name, opt.name());
            assertEquals(Optimizers.defaults(name).keySet(), opt.paramGroups().get(0).options().keySet(), name);
        }
    }

    @Test
    void specValuesOfEveryKind() {
        OptimizerSpec rprop = Optimizers.parse("Rprop(0.05, (0.4, 1.3), step_sizes=[1e-5, 1])");
        assertArrayEquals(new double[] {0.4, 1.3}, (double[]) rprop.overrides().get("etas"));
        assertArrayEquals(new double[] {1e-5, 1.0}, (double[]) rprop.overrides().get("step_sizes"));
        assertEquals("strong_wolfe", Optimizers.parse("LBFGS(line_search_fn='strong_wolfe')").options().get("line_search_fn"));
        assertNull(Optimizers.parse("LBFGS").options().get("line_search_fn"));
        assertEquals(Boolean.TRUE, Optimizers.parse("NAdam(decoupled_weight_decay=True)").overrides().get("decoupled_weight_decay"));
        assertEquals(Boolean.TRUE, Optimizers.parse("Adam(foreach=True)").overrides().get("foreach"));
        assertEquals(Boolean.TRUE, Optimizers.parse("ASGD(0.01, 1e-4, 0.75, 1e6, 0, None, True)").overrides().get("maximize"));
        assertTrue(Double.isNaN(((double[]) Optimizers.parse("Adafactor(eps=(None, 1e-2))").overrides().get("eps"))[0]));
        assertEquals(1e-2, ((double[]) Optimizers.parse("Adafactor(eps=(None, 1e-2))").overrides().get("eps"))[1]);
        assertThrows(SpecException.class, () -> Optimizers.parse("Adafactor(d=0.5)"));
        assertThrows(SpecException.class, () -> Optimizers.parse("Adam(foreach=1)"));
        assertThrows(SpecException.class, () -> Optimizers.parse("Rprop(etas=(0.5, 1.2, 3))"));
    }

    @Test
    void pyTorchsChecks() {
        assertError("invalid momentum_decay value", () -> Optimizers.create("NAdam", Map.of("momentum_decay", -1), List.of(w)));
        assertError("invalid beta parameter at index 1", () -> Optimizers.create("RAdam", Map.of("betas", List.of(0.9, 1.0)), List.of(w)));
        assertError("invalid beta parameter at index 0", () -> Optimizers.create("Adamax", Map.of("betas", List.of(-0.1, 0.9)), List.of(w)));
        assertError("invalid rho value: rho must be in [0.0, 1.0], got 1.5", () -> Optimizers.create("Adadelta", Map.of("rho", 1.5), List.of(w)));
        assertError("invalid eta values: 1.5, 1.2", () -> Optimizers.create("Rprop", Map.of("etas", List.of(1.5, 1.2)), List.of(w)));
        assertError("invalid learning rate", () -> Optimizers.create("ASGD", Map.of("lr", -1), List.of(w)));
        assertError("invalid weight_decay value", () -> Optimizers.create("ASGD", Map.of("weight_decay", -1), List.of(w)));
        assertError("only 'strong_wolfe' is supported", () -> Optimizers.create("LBFGS", Map.of("line_search_fn", "armijo"), List.of(w)));
        assertError("'max_iter' expected an integer >= 1, got 0", () -> Optimizers.create("LBFGS", Map.of("max_iter", 0), List.of(w)));
        assertError("option 'foreach' expected None, true or false", () -> Optimizers.create("SGD", Map.of("foreach", "yes"), List.of(w)));
        SpecException e = assertThrows(SpecException.class, () -> Optimizers.parse("Adadelta(rho=-0.1)"));
        assertTrue(e.getMessage().contains("invalid rho value"), e.getMessage());
    }

    @Test
    void lbfgsNeedsAClosureAndOneGroup() {
        Tensor b = Torch.randn(3).requiresGrad_(true);
        assertError("LBFGS doesn't support per-parameter options (parameter groups)",
                () -> new LBFGS(List.of(ParamGroupSpec.of(w), ParamGroupSpec.of(b)), Map.of()));
        LBFGS opt = new LBFGS(List.of(w), Map.of());
        assertEquals(25.0, opt.paramGroups().get(0).getDouble("max_eval"), "max_iter * 5 // 4, as PyTorch");
        IllegalStateException e = assertThrows(IllegalStateException.class, opt::step);
        assertTrue(e.getMessage().contains("step(closure)"), e.getMessage());
    }

    @Test
    void oneCycleDrivesBeta1OfTheAdamFamily() {
        for (String name : List.of("NAdam", "RAdam", "Adamax")) {
            Optimizer opt = Optimizers.create(name, List.of(w));
            LRScheduler s = Schedulers.create("OneCycleLR(max_lr=0.1, total_steps=10)", opt);
            double before = opt.paramGroups().get(0).getDoubles("betas")[0];
            try (TensorScope scope = TensorScope.open()) {
                w.setGrad(Torch.onesLike(w));
                opt.step();
            }
            s.step();
            double after = opt.paramGroups().get(0).getDoubles("betas")[0];
            assertEquals(0.95, before, 1e-12, name + ": OneCycleLR starts at max_momentum");
            assertNotEquals(before, after, name + ": betas[0] follows the cycle");
        }
        Optimizer rprop = Optimizers.create("Rprop", List.of(w));
        assertError("cycle_momentum", () -> Schedulers.create("OneCycleLR(max_lr=0.1, total_steps=10)", rprop));
    }

    @Test
    void registeredFactoriesBuildTheirClass() {
        assertInstanceOf(NAdam.class, Optimizers.create("nadam", Map.of(), List.of(w)));
        assertInstanceOf(LBFGS.class, Optimizers.create("LBFGS(history_size=5)", List.of(w)));
    }
}
