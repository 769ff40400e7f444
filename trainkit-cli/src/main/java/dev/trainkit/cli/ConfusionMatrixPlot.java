package dev.trainkit.cli;

import dev.trainkit.util.AtomicFiles;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * A confusion matrix as a PNG heat map (XChart): true classes down, predictions across, each
 * cell labelled with its count; written atomically.
 *
 * <pre>{@code
 * ConfusionMatrixPlot.write(Path.of("cm.png"), cm.counts(), List.of("a", "b"));
 * // sklearn: ConfusionMatrixDisplay(cm, display_labels=classes).plot(); plt.savefig("cm.png")
 * }</pre>
 */
final class ConfusionMatrixPlot {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private ConfusionMatrixPlot() {
    }

    static void write(Path png, long[][] counts, List<String> classes) throws IOException {
        int n = counts.length;
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(i < classes.size() ? classes.get(i) : String.valueOf(i));
        }
        int side = Math.max(480, 120 + 60 * n);
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 120).height(side).title("Confusion matrix")
                .xAxisTitle("predicted").yAxisTitle("true").build();
        chart.getStyler().setShowValue(true);
        chart.getStyler().setPlotContentSize(1);
        List<Number[]> cells = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            for (int p = 0; p < n; p++) {
                cells.add(new Number[] {p, n - 1 - t, counts[t][p]}); // first class on the top row
            }
        }
        List<String> down = new ArrayList<>(names);
        java.util.Collections.reverse(down);
        chart.addSeries("counts", names, down, cells);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        BitmapEncoder.saveBitmap(chart, bytes, BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(png, bytes.toByteArray());
    }
}
