package dev.trainkit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.trainkit.optim.LBFGS;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.Optimizers;
import dev.trainkit.optim.lr.CosineAnnealingWarmRestarts;
import dev.trainkit.optim.lr.LRScheduler;
import dev.trainkit.optim.lr.ReduceLROnPlateau;
import dev.trainkit.optim.lr.Schedulers;
import dev.trainkit.spec.SpecCall;
import dev.trainkit.spec.SpecParser;
import dev.trainkit.tensor.DType;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import dev.trainkit.tensor.Torch;
import dev.trainkit.util.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code trainkit optim}: runs an optimizer on a 2-D test function and prints the path, to
 * compare optimizers (and check them against PyTorch). The parameters are one tensor
 * {@code [x, y]}; each step clears the gradient, evaluates f, calls {@code backward()},
 * steps the optimizer ({@code LBFGS}: {@code step(closure)}) and then the scheduler.
 *
 * <pre>
 * trainkit optim --optimizer "Adam(lr=0.1)" --function rosenbrock --init -1.5,2 --steps 100 --format json
 * trainkit optim --optimizer "[Adam(lr=0.1), SGD(lr=1e-3, momentum=0.9), LBFGS(line_search_fn='strong_wolfe')]" \
 *     --function rosenbrock --init -1.5,2 --steps 50 --plot paths.png
 * </pre>
 *
 * <p>Functions: {@code rosenbrock}, f = (1 − x)² + 100 (y − x²)² (minimum at (1, 1), the
 * function of PyTorch's optimizer tests), and {@code quadratic}, f = x² + y² (minimum at the
 * origin). JSON for one optimizer: {@code {"loss": [f before step i], "params": [[x, y] after
 * step i]}}; for a list, an array of such objects, each with its {@code "optimizer"} spec.
 *
 * <p>PyTorch equivalent: {@code for i in range(N): opt.zero_grad(); f = fn(xy); f.backward();
 * opt.step(); sched.step()}.
 */
@Command(name = "optim", mixinStandardHelpOptions = true,
        description = "Run optimizers on a 2-D test function (rosenbrock, quadratic); print or plot their paths.")
public final class OptimCommand implements Callable<Integer> {
    @Option(names = "--optimizer", required = true, paramLabel = "SPEC",
            description = "Optimizer spec, e.g. \"Adam(lr=0.1)\", or a list \"[Adam(lr=0.1), SGD(lr=1e-3)]\".")
    String optimizer;

    @Option(names = "--function", paramLabel = "NAME", defaultValue = "rosenbrock",
            description = "rosenbrock: (1-x)^2 + 100(y-x^2)^2; quadratic: x^2 + y^2. Default: ${DEFAULT-VALUE}.")
    String function;

    @Option(names = "--init", required = true, paramLabel = "X,Y", split = ",", description = "Starting point, e.g. -1.5,2.")
    List<Double> init;

    @Option(names = "--steps", required = true, paramLabel = "N", description = "Number of optimizer steps.")
    int steps;

    @Option(names = "--dtype", paramLabel = "DTYPE", defaultValue = "float32",
            description = "float32 or float64. Default: ${DEFAULT-VALUE}.")
    String dtype;

    @Option(names = "--scheduler", paramLabel = "SPEC", description = "Learning-rate scheduler spec, stepped after each step.")
    String scheduler;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table or json. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the function's contours with the path(s).")
    Path plot;

    /** One optimizer's run: f before each step, [x, y] after it. */
    private record Path2D(String spec, List<Double> loss, List<double[]> params) {
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1) {
            throw new IllegalArgumentException("--steps: expected a positive number of steps, got " + steps);
        }
        if (init == null || init.size() != 2) {
            throw new IllegalArgumentException("--init: expected two numbers X,Y, got " + init);
        }
        CliOptions.checkOneOf("--function", function, "rosenbrock", "quadratic");
        CliOptions.checkOneOf("--dtype", dtype, "float32", "float64");
        CliOptions.checkOneOf("--format", format, "table", "json");
        if (plot != null && !plot.getFileName().toString().toLowerCase().endsWith(".png")) {
            throw new IllegalArgumentException("--plot: expected a file name ending in .png, got " + plot);
        }
        List<String> specs = specs(optimizer);
        for (String s : specs) {
            Optimizers.parse(s); // all specs are checked before anything runs
        }
        List<Path2D> runs = new ArrayList<>();
        for (String s : specs) {
            runs.add(run(s));
        }
        PrintStream out = System.out;
        if (format.equals("json")) {
            if (runs.size() == 1) {
                out.println(Json.write(json(runs.get(0), false)));
            } else {
                StringBuilder sb = new StringBuilder("[");
                for (int i = 0; i < runs.size(); i++) {
                    sb.append(i > 0 ? "," : "").append(Json.write(json(runs.get(i), true)));
                }
                out.println(sb.append(']'));
            }
        } else {
            for (Path2D r : runs) {
                out.println(r.spec());
                out.printf("%6s  %-24s  %-24s  %s%n", "step", "loss", "x", "y");
                for (int i = 0; i < r.loss().size(); i++) {
                    out.printf("%6d  %-24s  %-24s  %s%n", i, r.loss().get(i), r.params().get(i)[0], r.params().get(i)[1]);
                }
            }
        }
        if (plot != null) {
            writePlot(plot, runs);
            System.err.println("trainkit optim: wrote " + plot);
        }
        return 0;
    }

    /** The optimizer specs: one call, or each call of a list {@code [A(...), B(...)]}. */
    static List<String> specs(String text) {
        String t = text.strip();
        if (!t.startsWith("[")) {
            return List.of(t);
        }
        Object v = SpecParser.parseValue(t);
        List<String> out = new ArrayList<>();
        for (Object o : (List<?>) v) {
            if (!(o instanceof SpecCall c)) {
                throw new IllegalArgumentException("--optimizer: expected a list of optimizer specs such as"
                        + " [Adam(lr=0.1), SGD(lr=1e-3)], got an element " + o);
            }
            out.add(c.toString());
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("--optimizer: the list is empty");
        }
        return out;
    }

    private UnaryOperator<Tensor> fn() {
        if (function.equals("quadratic")) {
            return xy -> xy.select(0, 0).pow(2).add(xy.select(0, 1).pow(2));
        }
        return xy -> {
            Tensor x = xy.select(0, 0);
            Tensor y = xy.select(0, 1);
            return x.rsub(1).pow(2).add(y.sub(x.pow(2)).pow(2).mul(100));
        };
    }

    private Path2D run(String spec) {
        DType dt = dtype.equals("float64") ? DType.FLOAT64 : DType.FLOAT32;
        Tensor xy = Torch.tensor(new double[] {init.get(0), init.get(1)}, 2).to(dt).requiresGrad_(true);
        Optimizer opt = Optimizers.create(spec, List.of(xy));
        LRScheduler sched = scheduler == null ? null : Schedulers.create(scheduler, opt);
        if (sched instanceof ReduceLROnPlateau) {
            throw new IllegalArgumentException("--scheduler: ReduceLROnPlateau needs a metric; use another scheduler");
        }
        UnaryOperator<Tensor> f = fn();
        List<Double> losses = new ArrayList<>();
        List<double[]> params = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            try (TensorScope scope = TensorScope.open()) {
                if (opt instanceof LBFGS) {
                    losses.add(opt.step(() -> {
                        opt.zeroGrad();
                        Tensor v = f.apply(xy);
                        v.backward();
                        return v.item();
                    }));
                } else {
                    opt.zeroGrad();
                    Tensor v = f.apply(xy);
                    v.backward();
                    losses.add(v.item());
                    opt.step();
                }
            }
            if (sched instanceof CosineAnnealingWarmRestarts w) {
                w.step();
            } else if (sched != null) {
                sched.step();
            }
            params.add(xy.detach().toDoubleArray());
        }
        return new Path2D(spec, losses, params);
    }

    private static ObjectNode json(Path2D r, boolean named) {
        ObjectNode o = Json.object();
        if (named) {
            o.put("optimizer", r.spec());
        }
        Json.putNumbers(o, "loss", r.loss());
        ArrayNode ps = o.putArray("params");
        for (double[] p : r.params()) {
            ArrayNode a = ps.addArray();
            a.add(p[0]);
            a.add(p[1]);
        }
        return o;
    }

    // ------------------------------------------------------------------ plot

    private static final int PANEL = 420;
    private static final int MARGIN = 30;

    /**
     * Draws one panel per optimizer: the function's log-scaled level bands and contour edges,
     * the path from the start (hollow circle) and the minimum (cross). Java2D, because XChart
     * has no contour plot; written atomically ({@link AtomicFiles}).
     */
    private void writePlot(Path file, List<Path2D> runs) throws IOException {
        System.setProperty("java.awt.headless", "true");
        double[] box = bounds(runs);
        int w = runs.size() * PANEL;
        BufferedImage img = new BufferedImage(w, PANEL + MARGIN, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, PANEL + MARGIN);
        for (int k = 0; k < runs.size(); k++) {
            drawPanel(g, k * PANEL, box, runs.get(k));
        }
        g.dispose();
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        ImageIO.write(img, "png", png);
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        AtomicFiles.write(file, png.toByteArray());
    }

    /** The plotted region: every path, the start and the minimum, with a margin. */
    private double[] bounds(List<Path2D> runs) {
        double x0 = Math.min(init.get(0), function.equals("rosenbrock") ? 1 : 0);
        double x1 = Math.max(init.get(0), function.equals("rosenbrock") ? 1 : 0);
        double y0 = Math.min(init.get(1), function.equals("rosenbrock") ? 1 : 0);
        double y1 = Math.max(init.get(1), function.equals("rosenbrock") ? 1 : 0);
        for (Path2D r : runs) {
            for (double[] p : r.params()) {
                if (Double.isFinite(p[0]) && Double.isFinite(p[1]) && Math.abs(p[0]) < 1e3 && Math.abs(p[1]) < 1e3) {
                    x0 = Math.min(x0, p[0]);
                    x1 = Math.max(x1, p[0]);
                    y0 = Math.min(y0, p[1]);
                    y1 = Math.max(y1, p[1]);
                }
            }
        }
        double mx = Math.max(0.5, 0.15 * (x1 - x0));
        double my = Math.max(0.5, 0.15 * (y1 - y0));
        return new double[] {x0 - mx, x1 + mx, y0 - my, y1 + my};
    }

    private double value(double x, double y) {
        return function.equals("quadratic") ? x * x + y * y : (1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x);
    }

    private void drawPanel(Graphics2D g, int left, double[] box, Path2D r) {
        int size = PANEL - 2 * 10;
        int top = MARGIN;
        int ox = left + 10;
        int[] band = new int[size * size];
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                double x = box[0] + (box[1] - box[0]) * (i + 0.5) / size;
                double y = box[3] - (box[3] - box[2]) * (j + 0.5) / size;
                // bands of log(1 + f): equal steps on a log scale show the valley and the far slopes
                band[j * size + i] = (int) Math.floor(Math.log1p(value(x, y)) * 2.0);
            }
        }
        for (int j = 0; j < size; j++) {
            for (int i = 0; i < size; i++) {
                int b = band[j * size + i];
                boolean edge = (i + 1 < size && band[j * size + i + 1] != b) || (j + 1 < size && band[(j + 1) * size + i] != b);
                float shade = (float) Math.min(1.0, b / 30.0);
                Color c = edge ? new Color(90, 90, 120) : new Color(0.95f - 0.45f * shade, 0.97f - 0.3f * shade, 1.0f - 0.1f * shade);
                g.setColor(c);
                g.fillRect(ox + i, top + j, 1, 1);
            }
        }
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(r.spec() + "  f=" + String.format("%.3g", r.loss().get(r.loss().size() - 1)), ox, 20);
        g.drawRect(ox, top, size, size);
        g.setColor(new Color(200, 30, 30));
        g.setStroke(new BasicStroke(1.5f));
        double px = init.get(0);
        double py = init.get(1);
        int sx = sx(px, box, ox, size);
        int sy = sy(py, box, top, size);
        g.drawOval(sx - 4, sy - 4, 8, 8);
        for (double[] p : r.params()) {
            if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                break; // a diverged run: the path ends where it left the finite numbers
            }
            int nx = sx(p[0], box, ox, size);
            int ny = sy(p[1], box, top, size);
            g.drawLine(sx, sy, nx, ny);
            g.fillOval(nx - 2, ny - 2, 4, 4);
            sx = nx;
            sy = ny;
        }
        double mx = function.equals("rosenbrock") ? 1 : 0;
        int cx = sx(mx, box, ox, size);
        int cy = sy(mx, box, top, size);
        g.setColor(Color.BLACK);
        g.drawLine(cx - 5, cy, cx + 5, cy);
        g.drawLine(cx, cy - 5, cx, cy + 5);
    }

    private static int sx(double x, double[] box, int ox, int size) {
        return ox + (int) Math.round((x - box[0]) / (box[1] - box[0]) * size);
    }

    private static int sy(double y, double[] box, int top, int size) {
        return top + (int) Math.round((box[3] - y) / (box[3] - box[2]) * size);
    }
}
