package dev.trainkit.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Reads goldens written by tools/golden/gen_transforms.py (real PyTorch 1.13 / torchvision 0.14). */
public final class Golden {
    private Golden() {
    }

    /** The JSON file {@code golden/data/<name>} from the test classpath. */
    public static JsonNode load(String name) {
        try (InputStream in = Golden.class.getResourceAsStream("/golden/data/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing golden /golden/data/" + name
                        + "; run /usr/bin/python3 tools/golden/gen_transforms.py");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A JSON array of numbers as longs. */
    public static long[] longs(JsonNode n) {
        long[] out = new long[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = n.get(i).asLong();
        }
        return out;
    }

    /** A JSON array of numbers as floats. */
    public static float[] floats(JsonNode n) {
        float[] out = new float[n.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) n.get(i).asDouble();
        }
        return out;
    }
}
