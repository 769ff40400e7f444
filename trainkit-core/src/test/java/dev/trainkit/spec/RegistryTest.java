package dev.trainkit.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class RegistryTest {
    private static final Signature STEP = Signature.of("StepLR").required("step_size").param("gamma", 0.1)
            .param("last_epoch", -1).build();
    private static final Signature SGD = Signature.of("SGD").param("lr", 1e-3).param("momentum", 0.0)
            .keywordOnly("maximize", false).build();

    private static Registry<Function<SpecArgs, String>> registry() {
        Registry<Function<SpecArgs, String>> r = new Registry<>("scheduler");
        r.register(new Registration<>(STEP, "decays the lr every step_size epochs",
                a -> "step " + a.getInt("step_size") + " " + a.getDouble("gamma") + " " + a.getLong("last_epoch")));
        r.register(new Registration<>(SGD, "stochastic gradient descent",
                a -> "sgd " + a.getDouble("lr") + " " + a.getBool("maximize")));
        return r;
    }

    private static String build(Registry<Function<SpecArgs, String>> r, String spec) {
        SpecCall call = SpecParser.parse(spec);
        return r.get(call.name()).factory().apply(r.bind(call));
    }

    @Test
    void defaultsAreStatedOnceAndFillWhatTheSpecLeavesOut() {
        Registry<Function<SpecArgs, String>> r = registry();
        assertEquals("step 30 0.1 -1", build(r, "StepLR(30)"));
        assertEquals("step 30 0.5 -1", build(r, "StepLR(30, gamma=0.5)"));
        assertEquals("sgd 0.001 false", build(r, "SGD()"));
        assertEquals("sgd 0.1 true", build(r, "SGD(0.1, maximize=True)"));
    }

    @Test
    void explicitNoneFallsBackToTheDefault() {
        assertEquals("step 3 0.1 -1", build(registry(), "StepLR(3, gamma=None)"));
    }

    @Test
    void requiredParameterWithoutValueIsAnError() {
        SpecException e = assertThrows(SpecException.class, () -> build(registry(), "StepLR(gamma=0.5)"));
        assertTrue(e.getMessage().contains("missing required argument 'step_size'"), e.getMessage());
    }

    @Test
    void unknownNameListsTheValidOnesWithTheClosestFirst() {
        SpecException e = assertThrows(SpecException.class, () -> registry().get("StepRL"));
        assertTrue(e.getMessage().contains("unknown scheduler 'StepRL'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'StepLR'"), e.getMessage());
        assertTrue(e.getMessage().contains("valid: StepLR, SGD"), e.getMessage());
    }

    @Test
    void unknownKeywordAndKeywordOnlyByPositionAreErrors() {
        Registry<Function<SpecArgs, String>> r = registry();
        assertThrows(SpecException.class, () -> build(r, "StepLR(3, gama=0.5)"));
        SpecException e = assertThrows(SpecException.class, () -> build(r, "SGD(0.1, 0.9, True)"));
        assertTrue(e.getMessage().contains("keyword-only: maximize"), e.getMessage());
    }

    @Test
    void caseInsensitiveLookupFindsTheCanonicalEntry() {
        assertEquals("SGD", registry().getIgnoringCase("sgd").name());
        assertThrows(SpecException.class, () -> registry().getIgnoringCase("sgdd"));
    }

    @Test
    void registeringANameTwiceIsRefused() {
        Registry<Function<SpecArgs, String>> r = registry();
        assertThrows(IllegalStateException.class, () -> r.register(new Registration<>(STEP, "again", a -> "")));
        assertEquals(List.of("StepLR", "SGD"), r.names());
        assertTrue(r.contains("SGD"));
        assertFalse(r.contains("sgd"));
    }

    @Test
    void signatureRendersAsPython() {
        assertEquals("StepLR(step_size, gamma=0.1, last_epoch=-1)", STEP.toString());
        assertEquals("SGD(lr=0.001, momentum=0.0, *, maximize=False)", SGD.toString());
        assertThrows(IllegalArgumentException.class,
                () -> new Signature("X", List.of("a"), List.of(), java.util.Map.of("b", 1L)));
    }

    @Test
    void bindingACallOfAnotherNameIsRefused() {
        assertThrows(SpecException.class, () -> STEP.bind(SpecParser.parse("SGD()")));
    }
}
