package dev.trainkit.util;

import java.util.regex.Pattern;

/**
 * Shell-style globs as Python's {@code fnmatch}: {@code *} matches any text (dots included),
 * {@code ?} one character, {@code [abc]} / {@code [!abc]} a set; everything else is literal.
 * Used for module and parameter names ({@code layer1.*}) and model names ({@code resnet*}).
 * Pure Java.
 *
 * <pre>{@code
 * Globs.compile("layer[12].*").matcher("layer1.0.conv1.weight").matches();   // true
 * // fnmatch.fnmatch("layer1.0.conv1.weight", "layer[12].*")
 * }</pre>
 */
public final class Globs {
    private Globs() {
    }

    /** The regular expression of {@code glob}, as {@code fnmatch.translate}. */
    public static Pattern compile(String glob) {
        StringBuilder re = new StringBuilder();
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                re.append(".*");
            } else if (c == '?') {
                re.append('.');
            } else if (c == '[' && glob.indexOf(']', i + 2) > 0) {
                int j = glob.indexOf(']', i + 2);
                String body = glob.substring(i + 1, j);
                if (body.startsWith("!")) {
                    body = "^" + body.substring(1);
                }
                re.append('[').append(body.replace("\\", "\\\\")).append(']');
                i = j;
            } else {
                re.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(re.toString());
    }
}
