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
 * an unknown key is an error naming the closest valid one. A run's own {@code config.json}
 * (or its directory) is read back through its {@code cli} section, which holds exactly these keys.
 *
 * <p>With {@code --resume CKPT} the checkpoint's settings fill everything else, so the run
 * continues as it was configured; flags and config keys beside it may only change
 * {@link #RESUME_SAFE} settings, any other difference is an error naming it.
 */
final class TrainSettings {
    /** Settings that may differ from the checkpoint's when resuming: they change neither the data nor the math. */
    static final java.util.Set<String> RESUME_SAFE = java.util.Set.of("epochs", "max_steps", "num_workers", "format",
            "output", "checkpoint_every", "device", "nproc", "resume", "config");

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
        if (cli.config != null) {
            Path file = Files.isDirectory(cli.config) ? cli.config.resolve("config.json") : cli.config;
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("--config: no such file: " + file);
            }
            fill(cli, readConfig(file), "--config " + file);
        }
        if (cli.resume != null) {
            CheckpointInfo ck = CheckpointInfo.read(cli.resume);
            if (ck.settings() == null) {
                if (cli.model == null) {
                    throw new IllegalArgumentException("--resume " + cli.resume + ": the checkpoint holds no trainkit "
                            + "train settings (written through the API?); give --model, --data and the other flags");
                }
            } else {
                checkResumable(cli, ck.settings());
                fill(cli, ck.settings(), "--resume " + cli.resume);
            }
        }
        return cli;
    }

    /** Fails naming every setting given beside {@code --resume} that the checkpoint's run had otherwise. */
    private static void checkResumable(TrainOptions cli, Map<?, ?> saved) {
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, Field> e : keys().entrySet()) {
            String k = e.getKey();
            if (RESUME_SAFE.contains(k) || k.equals("batch_size") && sameGlobalBatch(cli, saved)) {
                continue;
            }
            try {
                e.getValue().setAccessible(true);
                Object given = e.getValue().get(cli);
                Object was = saved.get(k) == null ? null : convert(k, e.getValue().getType(), saved.get(k));
                if (given != null && !given.equals(was)) {
                    differ.add(e.getValue().getAnnotation(Option.class).names()[0] + " (checkpoint: "
                            + (was == null ? "not set" : was) + ", given: " + given + ")");
                }
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException(ex);
            }
        }
        if (!differ.isEmpty()) {
            throw new IllegalArgumentException("--resume " + cli.resume + " continues the run as it was configured, "
                    + "but these settings differ from the checkpoint's: " + String.join("; ", differ)
                    + ". Beside --resume only these may change: " + RESUME_SAFE.stream().sorted()
                    .filter(k -> !k.equals("resume")).map(k -> "--" + k.replace('_', '-')).toList()
                    + " (to train differently, start a new run with --weights " + cli.resume + ")");
        }
    }

    /**
     * Whether {@code --batch-size} given beside {@code --resume} keeps the run's global batch
     * (per-process batch times {@code --nproc}): an end-of-epoch checkpoint may continue on another
     * number of processes, each with its share of the same global batch.
     */
    private static boolean sameGlobalBatch(TrainOptions cli, Map<?, ?> saved) {
        if (cli.batchSize == null || !(saved.get("batch_size") instanceof Number was)) {
            return false;
        }
        int procs = cli.nproc == null ? 1 : cli.nproc;
        int wasProcs = saved.get("nproc") instanceof Number n ? n.intValue() : 1;
        return (long) cli.batchSize * procs == was.longValue() * wasProcs;
    }

    /** Sets every field of {@code cli} still null from {@code json}. */
    private static void fill(TrainOptions cli, Map<?, ?> json, String source) {
        Map<String, Field> keys = keys();
        for (Map.Entry<?, ?> e : json.entrySet()) {
            String k = String.valueOf(e.getKey());
            Field f = keys.get(k);
            if (f == null) {
                throw new IllegalArgumentException(source + ": unknown key '" + k + "'"
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
    }

    /** The resolved settings as plain data, for config.json. */
    static Map<String, Object> toMap(TrainOptions o) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Field> e : keys().entrySet()) {
            try {
                e.getValue().setAccessible(true);
                Object v = e.getValue().get(o);
                if (v != null && !e.getKey().equals("format") && !e.getKey().equals("resume")) {
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
            // a run's config.json: the trainer's resolved configuration, with the CLI's settings under "cli"
            if (m.get("cli") instanceof Map<?, ?> cli && m.containsKey("max_epochs")) {
                return cli;
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
