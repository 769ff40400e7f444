package dev.trainkit.spec;

import java.util.Collection;
import java.util.Locale;

/**
 * Suggests the closest valid name for a misspelt one, by Levenshtein edit distance (compared
 * case-insensitively, so {@code steplr} finds {@code StepLR}). Used by every "unknown name"
 * error in TrainKit.
 *
 * <pre>{@code
 * NameSuggester.closest("stepsize", List.of("step_size", "gamma")); // "step_size"
 * NameSuggester.closest("zzz", List.of("step_size", "gamma"));      // null (nothing close)
 * }</pre>
 *
 * <p>PyTorch equivalent: none (Python only says "unexpected keyword argument"); the idea is
 * Python 3.10's "Did you mean" hints.
 */
public final class NameSuggester {
    private NameSuggester() {
    }

    /**
     * The candidate closest to {@code name}, or {@code null} if none is within
     * {@code max(2, name.length() / 2)} edits (or there are no candidates). Ties go to the first.
     */
    public static String closest(String name, Collection<String> candidates) {
        if (name == null || candidates == null) {
            return null;
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String lower = name.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return bestDistance <= Math.max(2, name.length() / 2) ? best : null;
    }

    /** " (did you mean 'x'?)" or the empty string. */
    public static String didYouMean(String name, Collection<String> candidates) {
        String c = closest(name, candidates);
        return c == null ? "" : " (did you mean '" + c + "'?)";
    }

    /** The Levenshtein distance between {@code a} and {@code b}. */
    public static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
