package dev.trainkit.train;

import dev.trainkit.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code report.md} of a run: a summary table (epochs, steps, time, final and best
 * metrics, stop reason) and the plots embedded as images.
 *
 * <pre>{@code
 * RunReport.write(runDir, "Training report", summary, List.of("loss.png", "lr.png"), log);
 * }</pre>
 */
public final class RunReport {
    private RunReport() {
    }

    /** Writes {@code dir/report.md} atomically. */
    public static void write(Path dir, String title, Map<String, ?> summary, List<String> plots, RunLog log)
            throws IOException {
        StringBuilder md = new StringBuilder("# ").append(title).append("\n\n## Summary\n\n| | |\n|---|---|\n");
        summary.forEach((k, v) -> md.append("| ").append(k).append(" | ").append(format(v)).append(" |\n"));
        List<Map<String, Object>> epochs = log == null ? List.of() : log.rows("epoch");
        if (!epochs.isEmpty()) {
            List<String> cols = epochs.get(epochs.size() - 1).keySet().stream()
                    .filter(k -> !k.equals("kind")).toList();
            md.append("\n## Epochs\n\n| ").append(String.join(" | ", cols)).append(" |\n|");
            cols.forEach(c -> md.append("---|"));
            md.append('\n');
            for (Map<String, Object> r : epochs) {
                md.append("| ");
                for (String c : cols) {
                    md.append(format(r.get(c))).append(" | ");
                }
                md.append('\n');
            }
        }
        if (!plots.isEmpty()) {
            md.append("\n## Plots\n\n");
            for (String p : plots) {
                md.append("![").append(p.replace(".png", "")).append("](").append(p).append(")\n\n");
            }
        }
        AtomicFiles.write(dir.resolve("report.md"), (md.toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static String format(Object v) {
        if (v instanceof Double d) {
            return Double.isFinite(d) && d != Math.rint(d) ? String.format(Locale.ROOT, "%.4g", d) : String.valueOf(d);
        }
        return v == null ? "" : String.valueOf(v);
    }
}
