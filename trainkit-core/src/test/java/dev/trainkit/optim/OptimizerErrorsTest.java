package dev.trainkit.optim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.Torch;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad inputs get PyTorch's errors, with the argument, the expectation and what came. */
class OptimizerErrorsTest {
    private final Tensor w = Torch.randn(2, 3).requiresGrad_(true);
    private final Tensor b = Torch.randn(3).requiresGrad_(true);

    private static void assertError(String expectedPart, Executable body) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(expectedPart), "message '" + e.getMessage() + "' lacks '" + expectedPart + "'");
    }

    private Optimizer create(String name, Object... kv) {
        Map<String, Object> kwargs = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            kwargs.put((String) kv[i], kv[i + 1]);
        }
        return Optimizers.create(name, kwargs, List.of(w, b));
    }

    @Test
    void emptyParameterList() {
        assertError("optimizer got an empty parameter list", () -> new SGD(List.<Tensor>of(), 0.1));
        assertError("optimizer got an empty parameter list", () -> new Adam(List.<ParamGroupSpec>of(), Map.of()));
        assertError("optimizer got an empty parameter list", () -> Optimizers.create("Adam", Map.of(), List.<Tensor>of()));
    }

    @Test
    void parameterInTwoGroups() {
        assertError("some parameters appear in more than one parameter group", () -> new SGD(
                List.of(ParamGroupSpec.of(w, b), ParamGroupSpec.of(b).with("lr", 0.01)), Map.of("lr", 0.1)));
        Optimizer opt = new Adam(List.of(w), Map.of());
        assertError("some parameters appear in more than one parameter group",
                () -> opt.addParamGroup(ParamGroupSpec.of(b, w)));
        assertError("appears twice in the same parameter group", () -> new Adam(List.of(w, w), Map.of()));
    }

    @Test
    void nonLeafTensor() {
        Tensor nonLeaf = w.mul(2.0);
        assertError("can't optimize a non-leaf Tensor", () -> new SGD(List.of(b, nonLeaf), 0.1));
    }

    @Test
    void invalidOptionValues() {
        assertError("invalid learning rate: lr must be >= 0, got -0.1", () -> create("SGD", "lr", -0.1));
        assertError("invalid momentum value", () -> create("SGD", "momentum", -0.5));
        assertError("invalid weight_decay value", () -> create("SGD", "weight_decay", -1e-4));
        assertError("Nesterov momentum requires a momentum and zero dampening", () -> create("SGD", "nesterov", true));
        assertError("Nesterov momentum requires a momentum and zero dampening",
                () -> create("SGD", "nesterov", true, "momentum", 0.9, "dampening", 0.1));
        for (String adam : List.of("Adam", "AdamW")) {
            assertError("invalid learning rate", () -> create(adam, "lr", -1e-3));
            assertError("invalid epsilon value: eps must be >= 0", () -> create(adam, "eps", -1e-8));
            assertError("invalid beta parameter at index 0: betas[0] must be in [0, 1), got 1.0",
                    () -> create(adam, "betas", new double[] {1.0, 0.999}));
            assertError("invalid beta parameter at index 1", () -> create(adam, "betas", List.of(0.9, -0.1)));
            assertError("invalid beta parameter at index 0", () -> create(adam, "betas", new double[] {Double.NaN, 0.9}));
            assertError("invalid weight_decay value", () -> create(adam, "weight_decay", -0.01));
            assertError("'betas' expected a pair of numbers", () -> create(adam, "betas", new double[] {0.9, 0.99, 0.9}));
        }
        assertError("invalid alpha value", () -> create("RMSprop", "alpha", -0.9));
        assertError("invalid epsilon value", () -> create("RMSprop", "eps", -1.0));
        assertError("invalid momentum value", () -> create("RMSprop", "momentum", -0.9));
        assertError("invalid weight_decay value", () -> create("RMSprop", "weight_decay", -0.9));
        assertError("invalid learning rate", () -> create("RMSprop", "lr", Double.NaN));
        assertError("invalid lr_decay value", () -> create("Adagrad", "lr_decay", -0.1));
        assertError("invalid initial_accumulator_value value", () -> create("Adagrad", "initial_accumulator_value", -1));
        assertError("invalid epsilon value", () -> create("Adagrad", "eps", -1e-10));
        assertError("invalid weight_decay value", () -> create("Adagrad", "weight_decay", -1));
    }

    @Test
    void invalidGroupOverride() {
        assertError("SGD param group 1: invalid learning rate", () -> new SGD(
                List.of(ParamGroupSpec.of(w), ParamGroupSpec.of(b).with("lr", -1.0)), Map.of("lr", 0.1)));
    }

    @Test
    void unknownOrMistypedOptions() {
        assertError("unknown option 'momentun'; did you mean 'momentum'?", () -> create("SGD", "momentun", 0.9));
        assertError("valid: lr, betas, eps, weight_decay, amsgrad, maximize", () -> create("Adam", "nesterov", true));
        assertError("option 'lr' expected a number, got String 0.1", () -> create("SGD", "lr", "0.1"));
        assertError("option 'amsgrad' expected true or false", () -> create("Adam", "amsgrad", 1));
    }

    @Test
    void unknownOptimizerName() {
        assertError("unknown optimizer 'Adamw2'; did you mean 'AdamW'? (valid: SGD, Adam, AdamW, RMSprop, Adagrad, NAdam,",
                () -> Optimizers.create("Adamw2", Map.of(), List.of(w)));
        assertError("valid: SGD, Adam, AdamW, RMSprop, Adagrad, NAdam", () -> Optimizers.defaults("LBFGS2"));
    }

    @Test
    void stateDictThatDoesNotFit() {
        Optimizer two = new Adam(List.of(ParamGroupSpec.of(w), ParamGroupSpec.of(b)), Map.of());
        Optimizer one = new Adam(List.of(w, b), Map.of());
        assertError("different number of parameter groups: expected 1, got 2",
                () -> one.loadStateDict(two.stateDict()));
        Optimizer otherSizes = new Adam(List.of(ParamGroupSpec.of(w, b), ParamGroupSpec.of(Torch.zeros(1).requiresGrad_(true))),
                Map.of());
        assertError("doesn't match the size of optimizer's group", () -> two.loadStateDict(otherSizes.stateDict()));
        assertError("expected a map with 'state' (a map) and 'param_groups'", () -> one.loadStateDict(Map.of("x", 1)));
    }

    @Test
    void differentiableTrueIsRefusedFalseAccepted() {
        for (String name : List.of("SGD", "Adam", "AdamW", "RMSprop", "Adagrad", "NAdam", "RAdam", "Adamax", "Adadelta",
                "ASGD", "Rprop")) {
            assertError("option 'differentiable': true (autograd through the optimizer step) is not supported",
                    () -> create(name, "differentiable", true));
            Optimizer ok = create(name, "differentiable", false);
            assertTrue(!ok.paramGroups().get(0).options().containsKey("differentiable"), name + ": not kept in the group");
        }
        assertError("differentiable", () -> Optimizers.parse("RMSprop(lr=0.1, differentiable=True)"));
        assertError("unknown argument 'decoupled_weight_decay'", () -> Optimizers.parse("AdamW(decoupled_weight_decay=True)"));
    }
}
