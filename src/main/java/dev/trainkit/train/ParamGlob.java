package dev.trainkit.train;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Selects parameters by glob over their dotted names: {@code *} matches any characters,
 * {@code ?} one, and a pattern without wildcards also matches everything under that prefix
 * ({@code layer4} selects {@code layer4.0.conv1.weight}). Used to freeze and unfreeze.
 *
 * <pre>{@code
 * ParamGlob.setRequiresGrad(model, List.of("conv1", "bn1", "layer1.*"), false);
 * // for n, p in model.named_parameters(): if fnmatch(n, "layer1.*"): p.requires_grad_(False)
 * }</pre>
 */
public final class ParamGlob {
    private ParamGlob() {
    }

    /** Throws for an empty or blank pattern. */
    public static void validate(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            throw new IllegalArgumentException("parameter pattern: expected a glob such as 'layer1.*', got '"
                    + pattern + "'");
        }
    }

    /** Whether {@code name} matches {@code pattern}. */
    public static boolean matches(String pattern, String name) {
        validate(pattern);
        if (!pattern.contains("*") && !pattern.contains("?")) {
            return name.equals(pattern) || name.startsWith(pattern + ".");
        }
        StringBuilder re = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            re.append(c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(String.valueOf(c)));
        }
        return name.matches(re.toString());
    }

    /**
     * Sets {@code requires_grad} of every parameter matching one of {@code patterns}.
     *
     * @return the names changed
     * @throws IllegalArgumentException if a pattern matches no parameter (a typo would otherwise go unnoticed)
     */
    public static List<String> setRequiresGrad(Module model, List<String> patterns, boolean flag) {
        Map<String, Parameter> named = model.namedParameters();
        List<String> hit = new ArrayList<>();
        for (String pat : patterns) {
            boolean any = false;
            for (Map.Entry<String, Parameter> e : named.entrySet()) {
                if (matches(pat, e.getKey())) {
                    any = true;
                    e.getValue().requiresGrad_(flag);
                    if (!hit.contains(e.getKey())) {
                        hit.add(e.getKey());
                    }
                }
            }
            if (!any) {
                List<String> prefixes = named.keySet().stream().map(n -> n.contains(".") ? n.substring(0, n.indexOf('.')) : n)
                        .distinct().toList();
                throw new IllegalArgumentException("parameter pattern '" + pat + "' matches no parameter of "
                        + model.getClass().getSimpleName() + "; top-level names: " + prefixes);
            }
        }
        return hit;
    }
}
