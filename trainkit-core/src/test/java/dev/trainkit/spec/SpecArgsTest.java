package dev.trainkit.spec;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecArgsTest {
    private static final List<String> STEP = List.of("step_size", "gamma", "last_epoch");

    private static SpecArgs bind(String spec, List<String> params) {
        return SpecArgs.bind(SpecParser.parse(spec), params);
    }

    @Test
    void positionalArgumentsTakeParameterNamesInOrder() {
        SpecArgs a = bind("StepLR(30, 0.5)", STEP);
        assertEquals(30, a.getInt("step_size"));
        assertEquals(0.5, a.getDouble("gamma", 0.1));
        assertEquals(-1, a.getInt("last_epoch", -1));
        assertTrue(a.has("gamma"));
        assertFalse(a.has("last_epoch"));
    }

    @Test
    void defaultsApplyWhenAbsentOrNone() {
        SpecArgs a = bind("StepLR(step_size=3, gamma=None)", STEP);
        assertEquals(0.25, a.getDouble("gamma", 0.25));
        assertTrue(a.has("gamma"));
        assertFalse(a.hasValue("gamma"));
    }

    @Test
    void unknownKeywordListsValidOnesAndClosestMatch() {
        SpecException e = assertThrows(SpecException.class, () -> bind("StepLR(stepsize=3)", STEP));
        assertTrue(e.getMessage().contains("unknown argument 'stepsize'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'step_size'?"), e.getMessage());
        assertTrue(e.getMessage().contains("valid arguments: step_size, gamma, last_epoch"), e.getMessage());
    }

    @Test
    void tooManyPositionalAndDuplicatesAreErrors() {
        SpecException e1 = assertThrows(SpecException.class, () -> bind("StepLR(1, 2, 3, 4)", STEP));
        assertTrue(e1.getMessage().contains("at most 3 positional arguments"), e1.getMessage());
        SpecException e2 = assertThrows(SpecException.class, () -> bind("StepLR(3, step_size=4)", STEP));
        assertTrue(e2.getMessage().contains("multiple values for argument 'step_size'"), e2.getMessage());
    }

    @Test
    void missingRequiredNamesIt() {
        SpecException e = assertThrows(SpecException.class, () -> bind("StepLR(gamma=0.5)", STEP).getInt("step_size"));
        assertTrue(e.getMessage().contains("StepLR: missing required argument 'step_size'"), e.getMessage());
        assertThrows(SpecException.class, () -> bind("StepLR()", STEP).required("gamma"));
    }

    @Test
    void typedGettersCheckTypes() {
        SpecArgs a = bind("F(i=2, f=1.5, b=True, s='x', l=[1, 2.5], t=(3, 4), one=0.7, c=G(k=1), cl=[G(), H], two=2.0)",
                List.of("i", "f", "b", "s", "l", "t", "one", "c", "cl", "two"));
        assertEquals(2.0, a.getDouble("i"), "getDouble accepts an int");
        assertEquals(2L, a.getLong("i"));
        SpecException e = assertThrows(SpecException.class, () -> a.getInt("f"));
        assertTrue(e.getMessage().contains("argument 'f': expected an integer, got 1.5 (float)"), e.getMessage());
        assertThrows(SpecException.class, () -> a.getLong("two"), "2.0 is a float, not an int");
        assertTrue(a.getBool("b", false));
        assertThrows(SpecException.class, () -> a.getBool("i", false));
        assertEquals("x", a.getString("s"));
        assertThrows(SpecException.class, () -> a.getString("i"));
        assertEquals(List.of(1.0, 2.5), a.getDoubleList("l"));
        assertEquals(List.of(3.0, 4.0), a.getDoubleList("t"), "tuples are accepted as lists");
        assertEquals(List.of(0.7), a.getDoubleList("one"), "a scalar is a one-element list");
        assertEquals(List.of(3L, 4L), a.getLongList("t"));
        assertThrows(SpecException.class, () -> a.getLongList("l"));
        assertEquals("G", a.getCall("c").name());
        assertEquals(List.of("G", "H"), a.getCallList("cl").stream().map(SpecCall::name).toList());
        assertThrows(SpecException.class, () -> a.getCall("i"));
        assertThrows(SpecException.class, () -> a.getCallList("l"));
        assertThrows(SpecException.class, () -> a.getDoubleList("s"));
        assertThrows(IllegalArgumentException.class, () -> a.get("nope"), "asking for a non-parameter is a bug");
        assertNull(bind("F()", List.of("x")).getDoubleList("x"));
    }

    @Test
    void intRangeIsChecked() {
        SpecException e = assertThrows(SpecException.class, () -> bind("F(x=3000000000)", List.of("x")).getInt("x"));
        assertTrue(e.getMessage().contains("3000000000"), e.getMessage());
    }

    @Test
    void keywordOnlyParametersRefusePositions() {
        SpecCall sgd = SpecParser.parse("SGD(0.1, 0.9, maximize=True)");
        SpecArgs a = SpecArgs.bind(sgd, List.of("lr", "momentum"), List.of("maximize"));
        assertEquals(0.9, a.getDouble("momentum"));
        assertTrue(a.getBool("maximize", false));
        SpecException e = assertThrows(SpecException.class,
                () -> SpecArgs.bind(SpecParser.parse("SGD(0.1, 0.9, True)"), List.of("lr", "momentum"), List.of("maximize")));
        assertTrue(e.getMessage().contains("at most 2 positional arguments [lr, momentum], got 3 (keyword-only: maximize)"),
                e.getMessage());
        SpecException none = assertThrows(SpecException.class,
                () -> SpecArgs.bind(SpecParser.parse("GaussianNLLLoss(True)"), List.of(), List.of("full", "eps")));
        assertTrue(none.getMessage().contains("takes no positional arguments; give them by keyword: full, eps"),
                none.getMessage());
    }
}
