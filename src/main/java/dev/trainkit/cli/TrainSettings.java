package dev.trainkit.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.trainkit.spec.NameSuggester;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Merges {@code --config FILE.json|FILE.yaml} with the command-line flags of {@link TrainOptions}: a flag
 * given on the command line wins, then the file, then the defaults. The JSON keys are the
 * bracketed names in the options' descriptions ({@code batch_size}, {@code optimizer}, ...);
 * an unknown key is an error naming the closest valid one.
 */
final class TrainSettings {
    private TrainSettings() {
    }

    /** The JSON key of each option field. */
    static Map<String, Field> keys() {
        Map<String, Field> out = new LinkedHashMap<>();
        for (Field f : TrainOptions.class.getDeclaredFields()) {
            Option o = f.getAnnotation(Option.class);
            if (o != null && o.description().length > 0 && o.description()[0].startsWith("[")) {
                String d = o.description()[0];
                out.put(d.substring(1, d.indexOf(']')), f);
            }
        }
        return out;
    }

    /** {@code cli} with unset fields filled from its config file (if any). */
    static TrainOptions resolve(TrainOptions cli) throws IOException {
        if (cli.config == null) {
            return cli;
        }
        if (!Files.isRegularFile(cli.config)) {
            throw new IllegalArgumentException("--config: no such file: " + cli.config);
        }
        Map<?, ?> json = readConfig(cli.config);
        Map<String, Field> keys = keys();
        for (Map.Entry<?, ?> e : json.entrySet()) {
            String k = String.valueOf(e.getKey());
            Field f = keys.get(k);
            if (f == null) {
                throw new IllegalArgumentException("--config " + cli.config + ": unknown key '" + k + "'"
                        + NameSuggester.didYouMean(k, keys.keySet()) + "; valid keys: " + String.join(", ", keys.keySet()));
            }
            try {
                f.setAccessible(true);
                if (f.get(cli) == null && e.getValue() != null) {
                    f.set(cli, convert(k, f.getType(), e.getValue()));
                }
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return cli;
    }

    /** The resolved settings as plain data, for config.json. */
    static Map<String, Object> toMap(TrainOptions o) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Field> e : keys().entrySet()) {
            try {
                e.getValue().setAccessible(true);
                Object v = e.getValue().get(o);
                if (v != null && !e.getKey().equals("format")) {
                    out.put(e.getKey(), v instanceof Path p ? p.toString() : v);
                }
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return out;
    }

    private static Object convert(String key, Class<?> type, Object v) {
        String where = "config key '" + key + "'";
        if (type == String.class) {
            return String.valueOf(v);
        }
        if (type == Path.class) {
            return Path.of(String.valueOf(v));
        }
        if (type == Integer.class || type == Long.class || type == Double.class) {
            if (!(v instanceof Number n)) {
                throw new IllegalArgumentException(where + ": expected a number, got " + v);
            }
            if (type == Double.class) {
                return n.doubleValue();
            }
            if (n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new IllegalArgumentException(where + ": expected an integer, got " + v);
            }
            return type == Integer.class ? (Object) n.intValue() : (Object) n.longValue();
        }
        if (type == Boolean.class) {
            if (!(v instanceof Boolean bool)) {
                throw new IllegalArgumentException(where + ": expected true or false, got " + v);
            }
            return bool;
        }
        if (type == List.class) {
            List<String> out = new ArrayList<>();
            if (v instanceof List<?> l) {
                l.forEach(x -> out.add(String.valueOf(x)));
            } else {
                for (String s : String.valueOf(v).split(",")) {
                    out.add(s.trim());
                }
            }
            return out;
        }
        throw new IllegalStateException("unsupported option type " + type);
    }

    /** A JSON or YAML ({@code .yaml}/{@code .yml}, safe constructor: plain data only) config object. */
    static Map<?, ?> readConfig(java.nio.file.Path file) {
        String name = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        boolean yaml = name.endsWith(".yaml") || name.endsWith(".yml");
        try {
            Object root;
            if (yaml) {
                try (java.io.Reader r = Files.newBufferedReader(file)) {
                    root = new org.yaml.snakeyaml.Yaml(new org.yaml.snakeyaml.constructor.SafeConstructor(
                            new org.yaml.snakeyaml.LoaderOptions())).load(r);
                }
            } else {
                root = new ObjectMapper().readValue(file.toFile(), Object.class);
            }
            if (!(root instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("--config " + file + ": expected a " + (yaml ? "YAML mapping" : "JSON object")
                        + " of option keys, got " + (root == null ? "nothing" : root.getClass().getSimpleName()));
            }
            return m;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IllegalArgumentException iae && iae.getMessage().startsWith("--config")) {
                throw iae;
            }
            throw new IllegalArgumentException("--config " + file + ": not a " + (yaml ? "YAML mapping" : "JSON object") + ": "
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse(""), e);
        }
    }
}
