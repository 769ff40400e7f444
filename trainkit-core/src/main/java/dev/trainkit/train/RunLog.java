package dev.trainkit.train;

import dev.trainkit.util.AtomicFiles;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The metric rows of a run, per step ({@code kind=step}) and per epoch ({@code kind=epoch}),
 * written as {@code metrics.csv} and {@code metrics.jsonl} in the run directory (Lightning's
 * CSVLogger). Rows are kept in memory and both files are rewritten atomically on
 * {@link #flush()}; a resumed run reloads them and drops rows after the checkpoint's step.
 *
 * <pre>{@code
 * RunLog log = new RunLog(Path.of("runs/exp1"));
 * log.add(Map.of("kind", "step", "step", 1, "train_loss", 0.7));
 * log.flush();
 * }</pre>
 */
public final class RunLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path dir;
    private final List<Map<String, Object>> rows = new ArrayList<>();

    /** A log writing into {@code dir} (null: in memory only). */
    public RunLog(Path dir) {
        this.dir = dir;
    }

    /** Appends a row (copied). */
    public void add(Map<String, ?> row) {
        rows.add(new LinkedHashMap<>(row));
    }

    /** All rows so far. */
    public List<Map<String, Object>> rows() {
        return rows;
    }

    /** The rows of one kind ({@code step} or {@code epoch}). */
    public List<Map<String, Object>> rows(String kind) {
        return rows.stream().filter(r -> kind.equals(r.get("kind"))).toList();
    }

    /**
     * Reloads {@code metrics.jsonl} of a run being resumed, keeping step rows up to
     * {@code step} and epoch rows of epochs before {@code epoch}.
     */
    public void reload(long step, int epoch) throws IOException {
        rows.clear();
        Path f = dir == null ? null : dir.resolve("metrics.jsonl");
        if (f == null || !Files.isRegularFile(f)) {
            return;
        }
        for (String line : Files.readAllLines(f)) {
            if (line.isBlank()) {
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> r = JSON.readValue(line, LinkedHashMap.class);
            boolean keep = "epoch".equals(r.get("kind"))
                    ? ((Number) r.get("epoch")).intValue() < epoch
                    : ((Number) r.get("step")).longValue() <= step;
            if (keep) {
                rows.add(r);
            }
        }
    }

    /** Rewrites metrics.csv and metrics.jsonl atomically. */
    public void flush() throws IOException {
        if (dir == null) {
            return;
        }
        StringBuilder jsonl = new StringBuilder();
        Set<String> cols = new LinkedHashSet<>(List.of("kind", "epoch", "step"));
        for (Map<String, Object> r : rows) {
            jsonl.append(JSON.writeValueAsString(jsonSafe(r))).append('\n');
            cols.addAll(r.keySet());
        }
        StringBuilder csv = new StringBuilder(String.join(",", cols)).append('\n');
        for (Map<String, Object> r : rows) {
            String sep = "";
            for (String c : cols) {
                Object v = r.get(c);
                csv.append(sep).append(v == null ? "" : csvValue(v));
                sep = ",";
            }
            csv.append('\n');
        }
        AtomicFiles.write(dir.resolve("metrics.jsonl"), (jsonl.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        AtomicFiles.write(dir.resolve("metrics.csv"), (csv.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static Map<String, Object> jsonSafe(Map<String, Object> r) {
        Map<String, Object> out = new LinkedHashMap<>();
        // JSON has no NaN or Infinity: write them as strings, as Python's json does not (it writes NaN)
        r.forEach((k, v) -> out.put(k, v instanceof Double d && !Double.isFinite(d) ? d.toString() : v));
        return out;
    }

    private static String csvValue(Object v) {
        String s = String.valueOf(v);
        return s.contains(",") || s.contains("\"") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }
}
