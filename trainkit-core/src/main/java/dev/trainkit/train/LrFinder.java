package dev.trainkit.train;

import dev.trainkit.amp.Precision;
import dev.trainkit.data.Batch;
import dev.trainkit.data.DataLoader;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.loss.LossFunction;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.tensor.Device;
import dev.trainkit.tensor.NoGrad;
import dev.trainkit.tensor.Tensor;
import dev.trainkit.tensor.TensorScope;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The learning-rate range test of fastai ({@code lr_find}) and Lightning ({@code Tuner.lr_find}):
 * train for {@code numSteps} steps with the learning rate growing exponentially from
 * {@code minLr} to {@code maxLr}, smooth the loss with an exponential moving average
 * ({@code beta}, bias-corrected), stop once the smoothed loss exceeds
 * {@code divergeThreshold} × its best, and suggest the lr where the smoothed loss falls
 * fastest (the minimum of {@code np.gradient} over the points after the first
 * {@code skipBegin} and before the last {@code skipEnd}). The model's weights, and libtorch's
 * RNG state, are restored afterwards; the sweep uses a fresh optimizer instance.
 *
 * <pre>{@code
 * LrFindResult r = trainer.lrFind(model, train, new LrFinder().numSteps(100).plot(Path.of("lr_find.png")));
 * // lr_finder = Tuner(trainer).lr_find(model, min_lr=1e-8, max_lr=1, num_training=100); lr_finder.suggestion()
 * }</pre>
 */
public final class LrFinder {
    private double minLr = 1e-8;
    private double maxLr = 1.0;
    private int numSteps = 100;
    private double beta = 0.98;
    private double divergeThreshold = 4.0;
    private int skipBegin = 10;
    private int skipEnd = 1;
    private Path plot;

    /** Lowest lr (default 1e-8). */
    public LrFinder minLr(double v) {
        minLr = v;
        return this;
    }

    /** Highest lr (default 1). */
    public LrFinder maxLr(double v) {
        maxLr = v;
        return this;
    }

    /** Steps of the sweep (default 100). */
    public LrFinder numSteps(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("LrFinder numSteps: expected >= 2, got " + n);
        }
        numSteps = n;
        return this;
    }

    /** Smoothing factor of the loss (default 0.98). */
    public LrFinder beta(double b) {
        beta = b;
        return this;
    }

    /** Stop when the smoothed loss exceeds this multiple of the best (default 4). */
    public LrFinder divergeThreshold(double t) {
        divergeThreshold = t;
        return this;
    }

    /** Points skipped at the start and end when looking for the steepest descent (default 10, 1). */
    public LrFinder skip(int begin, int end) {
        skipBegin = begin;
        skipEnd = end;
        return this;
    }

    /** Where to write the loss-vs-lr plot (null: none). */
    public LrFinder plot(Path file) {
        plot = file;
        return this;
    }

    LrFindResult run(Module model, DataLoader<?, Batch> train, LossFunction loss, Optimizer opt, Device device,
            Precision precision) {
        if (!(minLr > 0 && maxLr > minLr)) {
            throw new IllegalArgumentException("LrFinder: expected 0 < minLr < maxLr, got " + minLr + ", " + maxLr);
        }
        Map<String, Tensor> backup = new LinkedHashMap<>();
        try (NoGrad ng = NoGrad.enter()) {
            model.stateDict().forEach((k, v) -> backup.put(k, TensorScope.escape(v.detach().clone())));
        }
        Tensor rng = RngState.get();
        boolean wasTraining = model.isTraining();
        double[] lrs = new double[numSteps];
        double[] losses = new double[numSteps];
        double[] smooth = new double[numSteps];
        int n = 0;
        boolean diverged = false;
        double avg = 0;
        double best = Double.POSITIVE_INFINITY;
        model.train();
        Iterator<Batch> it = train.iterator();
        try {
            for (int i = 0; i < numSteps; i++) {
                if (!it.hasNext()) {
                    it = train.iterator();
                }
                Batch b = it.next();
                double lr = minLr * Math.pow(maxLr / minLr, (double) i / (numSteps - 1));
                for (ParamGroup<Tensor> g : opt.paramGroups()) {
                    g.setLr(lr);
                }
                double value;
                try (TensorScope step = TensorScope.open()) {
                    Tensor x = EvalLoop.inputs(b.inputs(), device, precision);
                    Tensor y = EvalLoop.targets(b.labels(), device);
                    Tensor l = EvalLoop.forward(model, loss, x, y, device, precision)[1];
                    value = l.item();
                    l.backward();
                }
                opt.step();
                opt.zeroGrad();
                avg = beta * avg + (1 - beta) * value;
                double s = avg / (1 - Math.pow(beta, i + 1));
                lrs[n] = lr;
                losses[n] = value;
                smooth[n] = s;
                n++;
                if (!Double.isFinite(s) || (i > 0 && s > divergeThreshold * best)) {
                    diverged = true;
                    break;
                }
                best = Math.min(best, s);
            }
        } finally {
            if (it instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // closing stops the loader's workers; nothing to recover
                }
            }
            opt.zeroGrad();
            try (NoGrad ng = NoGrad.enter()) {
                model.stateDict().forEach((k, v) -> v.copy_(backup.get(k)));
            }
            RngState.set(rng);
            model.train(wasTraining);
        }
        double[] l = Arrays.copyOf(lrs, n);
        double[] raw = Arrays.copyOf(losses, n);
        double[] sm = Arrays.copyOf(smooth, n);
        double suggestion = suggest(l, sm, skipBegin, skipEnd);
        String plotFile = null;
        if (plot != null) {
            try {
                RunPlots.line(plot, "LR range test", "learning rate", "smoothed loss", l, sm, true,
                        Double.isNaN(suggestion) ? null : suggestion);
                plotFile = plot.toString();
            } catch (IOException e) {
                throw new UncheckedIOException("LrFinder: writing " + plot + ": " + e.getMessage(), e);
            }
        }
        return new LrFindResult(l, raw, sm, suggestion, diverged, plotFile);
    }

    /** The lr at the minimum of {@code np.gradient(losses[skipBegin:-skipEnd])}; NaN with fewer than 2 points. */
    static double suggest(double[] lrs, double[] losses, int skipBegin, int skipEnd) {
        int from = skipBegin;
        int to = losses.length - skipEnd;
        if (to - from < 2) {
            return Double.NaN;
        }
        int bestIdx = -1;
        double bestGrad = Double.POSITIVE_INFINITY;
        for (int i = from; i < to; i++) {
            double g;
            if (i == from) {
                g = losses[i + 1] - losses[i];
            } else if (i == to - 1) {
                g = losses[i] - losses[i - 1];
            } else {
                g = (losses[i + 1] - losses[i - 1]) / 2;
            }
            if (g < bestGrad) {
                bestGrad = g;
                bestIdx = i;
            }
        }
        return lrs[bestIdx];
    }
}
