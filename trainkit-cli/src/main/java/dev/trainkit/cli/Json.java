package dev.trainkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The commands' JSON output: one mapper, arrays of numbers ({@code null} → JSON {@code null}). */
final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    /** A new empty object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Puts {@code field: [v0, v1, ...]} into {@code o}; null elements become JSON null. */
    static ArrayNode putNumbers(ObjectNode o, String field, Iterable<Double> values) {
        ArrayNode a = o.putArray(field);
        for (Double v : values) {
            if (v == null) {
                a.addNull();
            } else {
                a.add(v);
            }
        }
        return a;
    }

    /** Puts {@code field: [v0, v1, ...]} into {@code o}. */
    static ArrayNode putNumbers(ObjectNode o, String field, double[] values) {
        ArrayNode a = o.putArray(field);
        for (double v : values) {
            a.add(v);
        }
        return a;
    }

    /** {@code o} as one line of JSON. */
    static String write(ObjectNode o) throws JsonProcessingException {
        return MAPPER.writeValueAsString(o);
    }
}
