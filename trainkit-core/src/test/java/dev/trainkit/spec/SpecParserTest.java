package dev.trainkit.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpecParserTest {

    @Test
    void parsesKeywordCallWithTypedValues() {
        SpecCall c = SpecParser.parse("StepLR(step_size=30, gamma=0.1)");
        assertEquals("StepLR", c.name());
        assertEquals(List.of(), c.args());
        assertEquals(30L, c.kwargs().get("step_size"));
        assertEquals(0.1, c.kwargs().get("gamma"));
        assertEquals(List.of("step_size", "gamma"), List.copyOf(c.kwargs().keySet()));
    }

    @Test
    void bareNameMeansNoArguments() {
        SpecCall c = SpecParser.parse("  ConstantLR  ");
        assertEquals("ConstantLR", c.name());
        assertTrue(c.args().isEmpty() && c.kwargs().isEmpty());
        assertEquals(SpecParser.parse("ConstantLR()"), c);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "1e-3|0.001", ".5|0.5", "-2.0|-2.0", "1.|1.0", "2E+2|200.0", "-.25|-0.25", "1_000.5|1000.5"})
    void floats(String text, double expected) {
        Object v = SpecParser.parse("F(x=" + text + ")").kwargs().get("x");
        assertInstanceOf(Double.class, v);
        assertEquals(expected, (Double) v);
    }

    @ParameterizedTest
    @CsvSource({"0,0", "30,30", "-2,-2", "+7,7", "1_000,1000"})
    void integers(String text, long expected) {
        Object v = SpecParser.parse("F(" + text + ")").args().get(0);
        assertInstanceOf(Long.class, v);
        assertEquals(expected, (Long) v);
    }

    @Test
    void booleansNoneStringsListsTuplesAndNestedCalls() {
        SpecCall c = SpecParser.parse("X(True, false, a=None, b='it\\'s', c=\"tab\\there\", d=[1, 2.5, [3]], "
                + "e=(0.9, 0.999), f=(4,), g=(), h=(5), i=Inner(k=1), j=[A(), B])");
        assertEquals(Arrays.asList(true, false), c.args());
        assertTrue(c.kwargs().containsKey("a"));
        assertNull(c.kwargs().get("a"));
        assertEquals("it's", c.kwargs().get("b"));
        assertEquals("tab\there", c.kwargs().get("c"));
        assertEquals(List.of(1L, 2.5, List.of(3L)), c.kwargs().get("d"));
        assertEquals(new SpecTuple(List.of(0.9, 0.999)), c.kwargs().get("e"));
        assertEquals(new SpecTuple(List.of(4L)), c.kwargs().get("f"));
        assertEquals(new SpecTuple(List.of()), c.kwargs().get("g"));
        assertEquals(5L, c.kwargs().get("h"), "(5) is a parenthesised value, not a tuple, as in Python");
        SpecCall inner = (SpecCall) c.kwargs().get("i");
        assertEquals("Inner", inner.name());
        assertEquals(1L, inner.kwargs().get("k"));
        List<?> calls = (List<?>) c.kwargs().get("j");
        assertEquals("A", ((SpecCall) calls.get(0)).name());
        assertEquals(SpecCall.of("B"), calls.get(1));
    }

    @Test
    void nestedSchedulerSpecAndTrailingCommas() {
        SpecCall c = SpecParser.parse("SequentialLR(schedulers=[LinearLR(start_factor=0.1, total_iters=5), "
                + "CosineAnnealingLR(T_max=95),], milestones=[5],)");
        List<?> scheds = (List<?>) c.kwargs().get("schedulers");
        assertEquals(2, scheds.size());
        assertEquals(95L, ((SpecCall) scheds.get(1)).kwargs().get("T_max"));
        assertEquals(List.of(5L), c.kwargs().get("milestones"));
    }

    @Test
    void toStringRoundTrips() {
        String spec = "X(1, 'a\\'b', k=[1.5, (2, 3)], n=None, t=True, c=Y(z=(1,)))";
        SpecCall c = SpecParser.parse(spec);
        assertEquals(c, SpecParser.parse(c.toString()));
    }

    @Test
    void parseValueParsesASingleValue() {
        assertEquals(List.of(0.1, 0.2), SpecParser.parseValue("[0.1, 0.2]"));
        assertThrows(SpecException.class, () -> SpecParser.parseValue("[0.1] x"));
    }

    @Test
    void errorShowsColumnAndCaret() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse("StepLR(step_size=3,"));
        assertTrue(e.getMessage().startsWith("expected ')' at column 20 in: StepLR(step_size=3,"), e.getMessage());
        String[] lines = e.getMessage().split("\n");
        assertEquals(2, lines.length);
        int caret = lines[1].indexOf('^');
        int start = lines[0].indexOf("StepLR(");
        assertEquals(start + 19, caret, "caret under the end of the spec");
        assertEquals(20, e.column());
    }

    @Test
    void positionalAfterKeywordIsAnError() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse("StepLR(step_size=3, 0.5)"));
        assertTrue(e.getMessage().contains("positional argument follows keyword argument"), e.getMessage());
    }

    @Test
    void duplicateKeywordIsAnError() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse("StepLR(gamma=0.1, gamma=0.2)"));
        assertTrue(e.getMessage().contains("keyword argument 'gamma' repeated"), e.getMessage());
        assertEquals(19, e.column());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "(1)", "StepLR(", "StepLR(1 2)", "StepLR(x=)", "StepLR(x='abc)", "StepLR(x=[1, 2)",
            "StepLR(x=(1, 2)", "StepLR(x=1e)", "StepLR(x=1.2.3)", "StepLR(x=12abc)", "StepLR(x=1) y", "3StepLR",
            "StepLR(x=@)", "StepLR(x=-)", "StepLR(x=.)", "StepLR(x=99999999999999999999)", "StepLR)"})
    void malformedSpecsAreRejectedWithAPosition(String spec) {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(spec));
        assertTrue(e.getMessage().contains("expected") || e.getMessage().contains("unexpected")
                || e.getMessage().contains("unterminated") || e.getMessage().contains("out of range"), e.getMessage());
        if (!spec.isBlank()) {
            assertTrue(e.column() >= 1 && e.column() <= spec.length() + 1, "column " + e.column() + " for " + spec);
        }
    }

    @Test
    void nullSpecIsAClearError() {
        SpecException e = assertThrows(SpecException.class, () -> SpecParser.parse(null));
        assertTrue(e.getMessage().contains("got null"));
    }
}
