package dev.trainkit.cli;

import java.util.Arrays;

/** Checks of command-line option values shared by the commands. */
final class CliOptions {
    private CliOptions() {
    }

    /**
     * Checks an option that takes one of a few words, e.g. {@code --format}.
     *
     * @throws IllegalArgumentException {@code "--format: expected json or text, got 'x'"}
     */
    static void checkOneOf(String option, String value, String... allowed) {
        for (String a : allowed) {
            if (a.equals(value)) {
                return;
            }
        }
        String list = allowed.length == 1 ? allowed[0]
                : String.join(", ", Arrays.copyOf(allowed, allowed.length - 1)) + " or " + allowed[allowed.length - 1];
        throw new IllegalArgumentException(option + ": expected " + list + ", got '" + value + "'");
    }
}
