package dev.trainkit.optim.lr;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** lr_lambda expressions against Python's own evaluation (goldens from gen_lr_schedulers.py). */
class LrLambdaExpressionTest {

    @TestFactory
    Stream<DynamicTest> matchesPythonSemantics() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode x : GoldenLrSchedulersTest.golden().get("expressions")) {
            String expr = x.get("expr").asText();
            tests.add(DynamicTest.dynamicTest(expr, () -> {
                LrLambdaExpression f = LrLambdaExpression.parse(expr);
                for (int epoch = 0; epoch < x.get("values").size(); epoch++) {
                    JsonNode v = x.get("values").get(epoch);
                    int ep = epoch;
                    if (v.isTextual()) {
                        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f.applyAsDouble(ep),
                                "Python raises for " + expr + " at epoch " + ep);
                        assertTrue(e.getMessage().contains(expr) && e.getMessage().contains("epoch=" + ep), e.getMessage());
                    } else {
                        GoldenLrSchedulersTest.assertClose(v.asDouble(), f.applyAsDouble(ep), expr + " at epoch " + ep);
                    }
                }
            }));
        }
        return tests.stream();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "epoch +", "(epoch", "epoch)", "2 *** 3", "epoch epoch", "foo(epoch)", "epochs * 2",
            "1.2.3", "import os", "__import__('os')", "epoch; 1", "lambda epoch: epoch", "min()", "[1]", "'a'", "epoch ==1"})
    void malformedOrUnsafeExpressionsAreRejected(String expr) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> {
            LrLambdaExpression f = LrLambdaExpression.parse(expr);
            f.applyAsDouble(1); // arity errors of min/max surface at evaluation
        });
        assertTrue(e.getMessage().contains("expression"), e.getMessage());
    }

    @Test
    void unknownNamesSuggestTheClosest() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LrLambdaExpression.parse("0.9 ** epoc"));
        assertTrue(e.getMessage().contains("unknown name 'epoc' (did you mean 'epoch'?)"), e.getMessage());
        IllegalArgumentException f = assertThrows(IllegalArgumentException.class, () -> LrLambdaExpression.parse("cosh(epoch)"));
        assertTrue(f.getMessage().contains("unknown function 'cosh'") && f.getMessage().contains("cos"), f.getMessage());
    }

    @Test
    void customVariableName() {
        LrLambdaExpression f = LrLambdaExpression.parse("1 / (2.0 ** (x - 1))", "x");
        assertEquals(Math.pow(2.0, -2), f.evaluate(3));
        assertThrows(IllegalArgumentException.class, () -> LrLambdaExpression.parse("epoch", "x"));
    }

    @Test
    void bookRecipeThroughLambdaLR() {
        SimulatedOptimizer o = SimulatedOptimizer.create("SGD", 0.1);
        LRScheduler s = Schedulers.create("LambdaLR(lr_lambda='0.1 ** (epoch // 30)')", o);
        for (int epoch = 0; epoch < 95; epoch++) {
            assertEquals(0.1 * Math.pow(0.1, epoch / 30), o.paramGroups().get(0).lr(), 1e-15);
            s.step();
        }
    }
}
