package dev.trainkit.vision.models.weights;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The 1,000 ImageNet-1k class names, read once from the generated resource file. */
final class ImageNetCategories {
    private static final String RESOURCE = "imagenet_categories.txt";
    private static volatile List<String> cached;

    private ImageNetCategories() {
    }

    static List<String> get() {
        List<String> c = cached;
        if (c == null) {
            c = load();
            cached = c;
        }
        return c;
    }

    private static List<String> load() {
        try (InputStream in = ImageNetCategories.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE
                        + " next to ImageNetCategories; run /usr/bin/python3 tools/codegen/gen_zoo_weights.py");
            }
            List<String> lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isEmpty()).toList();
            if (lines.size() != 1000) {
                throw new IllegalStateException(RESOURCE + ": expected 1000 categories, got " + lines.size());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
