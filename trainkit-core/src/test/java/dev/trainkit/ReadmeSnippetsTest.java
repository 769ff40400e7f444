package dev.trainkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README's Java snippets compiled: every ```java block in README.md that follows a
 * {@code <!-- snippet: NAME -->} marker must equal, line for line after removing the common
 * indentation, the region {@code // snippet: NAME} ... {@code // end snippet} of
 * {@link ReadmeExamplesTest}, which compiles and runs them.
 */
class ReadmeSnippetsTest {
    private static final Pattern README_BLOCK =
            Pattern.compile("<!-- snippet: ([\\w-]+) -->\\s*```java\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern TEST_REGION =
            Pattern.compile("// snippet: ([\\w-]+)\\n(.*?)\\n\\s*// end snippet", Pattern.DOTALL);

    static Map<String, String> regions(Pattern p, String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = p.matcher(text);
        while (m.find()) {
            out.put(m.group(1), dedent(m.group(2)));
        }
        return out;
    }

    static String dedent(String block) {
        List<String> lines = block.lines().toList();
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder sb = new StringBuilder();
        for (String l : lines) {
            sb.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return sb.toString().strip();
    }

    @Test
    void everyReadmeSnippetIsCompiledByReadmeExamplesTest() throws IOException {
        Map<String, String> readme = regions(README_BLOCK, Files.readString(Path.of("README.md")));
        Map<String, String> tests = regions(TEST_REGION,
                Files.readString(Path.of("trainkit-core/src/test/java/dev/trainkit/ReadmeExamplesTest.java")));
        assertFalse(readme.isEmpty(), "README.md has no <!-- snippet: NAME --> java blocks");
        for (Map.Entry<String, String> e : readme.entrySet()) {
            assertTrue(tests.containsKey(e.getKey()), "README snippet '" + e.getKey()
                    + "' has no region in ReadmeExamplesTest; regions: " + tests.keySet());
            assertEquals(tests.get(e.getKey()), e.getValue(), "README snippet '" + e.getKey()
                    + "' differs from ReadmeExamplesTest");
        }
    }

    @Test
    void dedentRemovesCommonIndentation() {
        assertEquals("a\n  b", dedent("    a\n      b\n"));
    }
}
