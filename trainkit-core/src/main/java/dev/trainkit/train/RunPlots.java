package dev.trainkit.train;

import dev.trainkit.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG plots of a run with XChart: {@code loss.png} (training loss per step, validation loss
 * per epoch, against step), {@code metrics.png} (validation metrics against epoch) and
 * {@code lr.png} (learning rate against step). Each is written atomically; a plot with no data
 * is skipped.
 *
 * <pre>{@code
 * List<String> files = RunPlots.write(runDir, log);   // ["loss.png", "metrics.png", "lr.png"]
 * }</pre>
 */
public final class RunPlots {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private RunPlots() {
    }

    /** Writes the plots into {@code dir} and returns the file names written. */
    public static List<String> write(Path dir, RunLog log) throws IOException {
        List<String> written = new ArrayList<>();
        List<Map<String, Object>> steps = log.rows("step");
        List<Map<String, Object>> epochs = log.rows("epoch");
        XYChart loss = chart("Loss", "step", "loss");
        boolean any = series(loss, "train_loss", steps, "step", "train_loss", false);
        any |= series(loss, "val_loss", epochs, "step", "val_loss", true);
        if (any) {
            save(loss, dir.resolve("loss.png"));
            written.add("loss.png");
        }
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> r : epochs) {
            for (String k : r.keySet()) {
                if ((k.startsWith("val_") || k.startsWith("train_acc")) && !k.equals("val_loss") && r.get(k) instanceof Number) {
                    names.add(k);
                }
            }
        }
        if (!names.isEmpty()) {
            XYChart m = chart("Validation metrics", "epoch", "value");
            boolean drawn = false;
            for (String k : names) {
                drawn |= series(m, k, epochs, "epoch", k, true);
            }
            if (drawn) {
                save(m, dir.resolve("metrics.png"));
                written.add("metrics.png");
            }
        }
        XYChart lr = chart("Learning rate", "step", "lr");
        if (series(lr, "lr", steps, "step", "lr", false)) {
            save(lr, dir.resolve("lr.png"));
            written.add("lr.png");
        }
        return written;
    }

    /** A line chart of {@code y} against {@code x}, written to {@code file} (used by lrFind). */
    public static void line(Path file, String title, String xTitle, String yTitle, double[] x, double[] y,
            boolean logX, Double markX) throws IOException {
        XYChart c = chart(title, xTitle, yTitle);
        c.getStyler().setXAxisLogarithmic(logX);
        c.addSeries(yTitle, x, y).setMarker(SeriesMarkers.NONE);
        if (markX != null) {
            double lo = java.util.Arrays.stream(y).filter(Double::isFinite).min().orElse(0);
            double hi = java.util.Arrays.stream(y).filter(Double::isFinite).max().orElse(1);
            c.addSeries("suggestion", new double[] {markX, markX}, new double[] {lo, hi}).setMarker(SeriesMarkers.NONE);
        }
        save(c, file);
    }

    private static XYChart chart(String title, String x, String y) {
        XYChart c = new XYChartBuilder().width(800).height(450).title(title).xAxisTitle(x).yAxisTitle(y).build();
        c.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        return c;
    }

    private static boolean series(XYChart c, String name, List<Map<String, Object>> rows, String xKey, String yKey,
            boolean markers) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (Map<String, Object> r : rows) {
            if (r.get(xKey) instanceof Number x && r.get(yKey) instanceof Number y && Double.isFinite(y.doubleValue())) {
                xs.add(x.doubleValue());
                ys.add(y.doubleValue());
            }
        }
        if (xs.isEmpty()) {
            return false;
        }
        c.addSeries(name, xs, ys).setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        return true;
    }

    private static void save(XYChart c, Path file) throws IOException {
        AtomicFiles.write(file, out -> BitmapEncoder.saveBitmap(c, out, BitmapEncoder.BitmapFormat.PNG));
    }
}
