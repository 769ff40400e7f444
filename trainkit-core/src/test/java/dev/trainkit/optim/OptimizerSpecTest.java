package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.spec.SpecException;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link Optimizers#create(String, java.util.Collection)} and {@link Optimizers#parse(String)}: docs/SPEC_STRINGS.md specs. */
class OptimizerSpecTest {
    private final Tensor w = Torch.randn(2, 3).requiresGrad_(true);
    private final Tensor b = Torch.randn(3).requiresGrad_(true);

    private static void specError(String spec, String... fragments) {
        SpecException e = assertThrows(SpecException.class, () -> Optimizers.parse(spec));
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + e.getMessage() + "' lacks '" + f + "'");
        }
    }

    @Test
    void keywordSpecsSetOptionsOverPyTorchsDefaults() {
        Optimizer adamw = Optimizers.create("AdamW(lr=1e-3, weight_decay=0.05)", List.of(w, b));
        assertInstanceOf(AdamW.class, adamw);
        ParamGroup<Tensor> g = adamw.paramGroups().get(0);
        assertEquals(1e-3, g.lr());
        assertEquals(0.05, g.getDouble("weight_decay"));
        assertArrayEquals(new double[] {0.9, 0.999}, g.getDoubles("betas"));
        assertEquals(1e-8, g.getDouble("eps"));

        Optimizer sgd = Optimizers.create("SGD(lr=0.1, momentum=0.9, nesterov=True)", List.of(w));
        assertEquals(Boolean.TRUE, sgd.paramGroups().get(0).get("nesterov"));
        assertEquals(0.9, sgd.paramGroups().get(0).getDouble("momentum"));
    }

    @Test
    void tupleOrListBetasBecomeAPair() {
        assertArrayEquals(new double[] {0.9, 0.99},
                Optimizers.create("Adam(betas=(0.9, 0.99))", List.of(w)).paramGroups().get(0).getDoubles("betas"));
        assertArrayEquals(new double[] {0.8, 0.9}, (double[]) Optimizers.parse("Adam(betas=[0.8, 0.9])").overrides().get("betas"));
    }

    @Test
    void positionalArgumentsFollowPyTorchsOrder() {
        // torch.optim.SGD(params, lr, momentum, dampening, weight_decay, nesterov, *, maximize)
        OptimizerSpec sgd = Optimizers.parse("SGD(0.1, 0.9)");
        assertEquals(Map.of("lr", 0.1, "momentum", 0.9), sgd.overrides());
        // Adam(params, lr, betas, eps, weight_decay, amsgrad); integers are accepted as floats
        OptimizerSpec adam = Optimizers.parse("Adam(0.01, (0.5, 0.6), 1e-6, 0, True)");
        assertEquals(0.0, adam.overrides().get("weight_decay"));
        assertEquals(Boolean.TRUE, adam.overrides().get("amsgrad"));
        assertEquals(0.99, Optimizers.parse("RMSprop(0.01, 0.99)").options().get("alpha"));
        assertEquals(0.5, Optimizers.parse("Adagrad(0.1, 0.5)").options().get("lr_decay"));
        specError("SGD(0.1, 0.9, 0, 0, True, True)", "at most 5 positional arguments", "keyword-only: maximize");
        assertEquals(Boolean.TRUE, Optimizers.parse("SGD(0.1, maximize=True)").overrides().get("maximize"));
    }

    @Test
    void parameterGroupsTakeTheSpecAsDefaults() {
        Optimizer opt = Optimizers.create("SGD(0.1, momentum=0.9)",
                List.of(ParamGroupSpec.of(w), ParamGroupSpec.of(b).with("lr", 0.01)));
        assertEquals(0.1, opt.paramGroups().get(0).lr());
        assertEquals(0.01, opt.paramGroups().get(1).lr());
        assertEquals(0.9, opt.paramGroups().get(1).getDouble("momentum"));
    }

    @Test
    void defaultsAreTheSpecsBaseline() {
        OptimizerSpec bare = Optimizers.parse("AdamW");
        assertTrue(bare.overrides().isEmpty());
        Map<String, Object> o = bare.options();
        Map<String, Object> d = Optimizers.defaults("AdamW");
        assertEquals(d.keySet(), o.keySet());
        assertEquals(0.01, o.get("weight_decay"));
    }

    @Test
    void errorsNameWhatIsValid() {
        specError("Adamw(lr=0.1)", "unknown optimizer 'Adamw' (did you mean 'AdamW'?)", "valid optimizers: SGD, Adam");
        specError("SGD(lr=0.1, momentun=0.9)", "unknown argument 'momentun' (did you mean 'momentum'?)",
                "valid arguments: lr, momentum, dampening, weight_decay, nesterov, maximize");
        specError("Adam(betas=(0.9,))", "argument 'betas': expected 2 numbers");
        specError("Adam(betas=0.9)", "argument 'betas': expected 2 numbers");
        specError("SGD(lr='0.1')", "argument 'lr': expected a number");
        specError("SGD(nesterov=1)", "argument 'nesterov': expected a bool");
        specError("SGD(nesterov=True)", "Nesterov momentum requires a momentum and zero dampening");
        specError("Adam(lr=-1)", "invalid learning rate: lr must be >= 0, got -1.0");
        specError("Adam(betas=(1.0, 0.9))", "invalid beta parameter at index 0");
        specError("SGD(lr=0.1", "expected ',' or ')' but the spec ended");
        assertThrows(IllegalArgumentException.class, () -> Optimizers.create("SGD(0.1)", List.<Tensor>of()));
    }

    @Test
    void bareWordForAStringOptionWithNoneDefault() {
        assertEquals("strong_wolfe", Optimizers.parse("LBFGS(lr=1, line_search_fn=strong_wolfe)").options().get("line_search_fn"));
        assertEquals("strong_wolfe", Optimizers.parse("LBFGS(line_search_fn='strong_wolfe')").options().get("line_search_fn"));
        assertThrows(dev.trainkit.spec.SpecException.class, () -> Optimizers.parse("LBFGS(line_search_fn=backtracking)"));
    }
}
