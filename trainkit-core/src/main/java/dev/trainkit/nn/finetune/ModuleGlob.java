package dev.trainkit.nn.finetune;

import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.spec.NameSuggester;
import dev.trainkit.util.Globs;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Selects a model's parameters and submodules by name patterns, the way fine-tuning code names
 * them: exact dotted names ({@code fc}, {@code features.0}, {@code conv1.weight}) or shell
 * globs as Python's {@code fnmatch} reads them ({@code layer1.*}, {@code *.bias}, {@code *};
 * {@code *} also crosses dots). A pattern selects a parameter when it matches the parameter's
 * name or the name of a module that contains it, and selects a module when it matches the
 * module's name or an ancestor's. A pattern that selects nothing is an error naming the closest
 * valid names, so a typo never freezes nothing silently.
 *
 * <pre>{@code
 * Map<String, Parameter> ps = ModuleGlob.parameters(model, "freeze", List.of("layer1.*", "fc"));
 * // PyTorch: [p for n, p in model.named_parameters() if fnmatch(n, "layer1.*") or n.startswith("fc.")]
 * }</pre>
 */
public final class ModuleGlob {
    private ModuleGlob() {
    }

    /** fnmatch's translation: {@code *} → any text (dots included), {@code ?} → one character, {@code [...]} kept. */
    public static Pattern compile(String glob) {
        if (glob == null || glob.isEmpty()) {
            throw new IllegalArgumentException("pattern: expected a module or parameter name or a glob such as"
                    + " 'layer1.*', got " + (glob == null ? "null" : "an empty string"));
        }
        return Globs.compile(glob);
    }

    /**
     * The parameters selected by any of {@code patterns}, in {@code named_parameters} order.
     *
     * @param where the caller, for messages (e.g. {@code "Freezer.freeze"})
     * @throws IllegalArgumentException if a pattern selects nothing (no parameter and no module)
     */
    public static Map<String, Parameter> parameters(Module model, String where, List<String> patterns) {
        List<Pattern> ps = compileAll(model, where, patterns);
        Map<String, Parameter> out = new LinkedHashMap<>();
        model.namedParameters().forEach((name, p) -> {
            if (selectsParameter(ps, name)) {
                out.put(name, p);
            }
        });
        return out;
    }

    /**
     * The modules selected by any of {@code patterns} (the module or an ancestor matches), in
     * {@code named_modules} order; the root is named "".
     *
     * @throws IllegalArgumentException if a pattern selects nothing
     */
    public static Map<String, Module> modules(Module model, String where, List<String> patterns) {
        List<Pattern> ps = compileAll(model, where, patterns);
        Map<String, Module> out = new LinkedHashMap<>();
        model.namedModules().forEach((name, m) -> {
            if (selectsModule(ps, name)) {
                out.put(name, m);
            }
        });
        return out;
    }

    /** Whether one of {@code patterns} selects the parameter {@code name} (by name or by a containing module). */
    public static boolean selectsParameter(List<Pattern> patterns, String name) {
        for (Pattern p : patterns) {
            if (p.matcher(name).matches()) {
                return true;
            }
        }
        int dot = name.lastIndexOf('.');
        return selectsModule(patterns, dot < 0 ? "" : name.substring(0, dot));
    }

    /** Whether one of {@code patterns} matches module {@code name} or one of its ancestors ("" is the root). */
    public static boolean selectsModule(List<Pattern> patterns, String name) {
        String n = name;
        while (true) {
            for (Pattern p : patterns) {
                if (p.matcher(n).matches()) {
                    return true;
                }
            }
            if (n.isEmpty()) {
                return false;
            }
            int dot = n.lastIndexOf('.');
            n = dot < 0 ? "" : n.substring(0, dot);
        }
    }

    /** Compiles the patterns and checks that each selects at least one module or parameter. */
    public static List<Pattern> compileAll(Module model, String where, List<String> patterns) {
        if (patterns == null || patterns.isEmpty()) {
            throw new IllegalArgumentException(where + ": expected at least one module or parameter pattern"
                    + " (e.g. 'layer1.*', 'fc', '*')");
        }
        Set<String> names = new LinkedHashSet<>(model.namedModules().keySet());
        names.remove("");
        names.addAll(model.namedParameters().keySet());
        List<Pattern> out = new ArrayList<>();
        for (String glob : patterns) {
            Pattern p = compile(glob);
            boolean hit = false;
            for (String n : names) {
                if (p.matcher(n).matches()) {
                    hit = true;
                    break;
                }
            }
            if (!hit) {
                throw new IllegalArgumentException(where + ": pattern '" + glob + "' matches no module or parameter of "
                        + model.getClass().getSimpleName() + suggestion(glob, names) + "; top-level modules: "
                        + model.namedChildren().keySet());
            }
            out.add(p);
        }
        return out;
    }

    private static String suggestion(String glob, Set<String> names) {
        List<String> candidates = new ArrayList<>(names);
        for (String n : names) {
            candidates.add(n + ".*");
        }
        String best = NameSuggester.closest(glob, candidates);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }
}
