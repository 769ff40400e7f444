package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * Reduces each group's lr by {@code factor} when a metric has stopped improving for more than
 * {@code patience} epochs; step it with the metric: {@link #step(double)}.
 *
 * <p>In {@code min} mode a value improves on {@code best} when it is below
 * {@code best*(1-threshold)} ({@code rel}) or {@code best-threshold} ({@code abs}); {@code max}
 * mode mirrors it. After a reduction, {@code cooldown} epochs ignore bad epochs. A reduction
 * smaller than {@code eps} is skipped; lrs never go below {@code minLr} (one value, or one per group).
 *
 * <pre>{@code
 * ReduceLROnPlateau s = new ReduceLROnPlateau(opt, "min", 0.5, 2, 1e-4, "rel", 0, List.of(0.0), 1e-8);
 * for (...) { ...; s.step(valLoss); }
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code ReduceLROnPlateau(opt, mode="min", factor=0.5, patience=2)}.
 */
public class ReduceLROnPlateau extends LRScheduler implements MetricScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("ReduceLROnPlateau").param("mode", "min").param("factor", 0.1).param("patience", 10)
                    .param("threshold", 1e-4).param("threshold_mode", "rel").param("cooldown", 0).param("min_lr", 0.0)
                    .param("eps", 1e-8).build(),
            "multiplies the lr by factor when the monitored metric stops improving; stepped with the metric",
            SchedulerFactory.of(SchedulerTraits.METRIC, (a, opt) -> new ReduceLROnPlateau(opt, a.getString("mode"),
                    a.getDouble("factor"), a.getInt("patience"), a.getDouble("threshold"), a.getString("threshold_mode"),
                    a.getInt("cooldown"), SchedulerArgs.doubles(a, "min_lr"), a.getDouble("eps"))));

    private String mode;
    private double factor;
    private int patience;
    private double threshold;
    private String thresholdMode;
    private int cooldown;
    private List<Double> minLrs;
    private Double defaultMinLr;
    private double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;

    /** PyTorch's defaults: min mode, factor 0.1, patience 10, threshold 1e-4 rel, no cooldown, min_lr 0, eps 1e-8. */
    public ReduceLROnPlateau(HasParamGroups optimizer) {
        this(optimizer, "min", 0.1, 10, 1e-4, "rel", 0, List.of(0.0), 1e-8);
    }

    /**
     * All options; {@code minLr} is a one-element list (same bound for all groups) or one value per group.
     *
     * @throws IllegalArgumentException for {@code factor >= 1}, an unknown mode or threshold mode,
     *                                  negative patience/cooldown, or a min_lr list of the wrong length
     */
    public ReduceLROnPlateau(HasParamGroups optimizer, String mode, double factor, int patience, double threshold,
                             String thresholdMode, int cooldown, List<Double> minLr, double eps) {
        super(optimizer);
        if (!(factor < 1.0)) {
            throw new IllegalArgumentException("factor: Factor should be < 1.0, got " + factor);
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience: expected a non-negative integer, got " + patience);
        }
        if (cooldown < 0) {
            throw new IllegalArgumentException("cooldown: expected a non-negative integer, got " + cooldown);
        }
        this.factor = factor;
        int n = optimizer.paramGroups().size();
        if (minLr == null || minLr.isEmpty()) {
            throw new IllegalArgumentException("min_lr: expected a number or a list of " + n + " numbers, got " + minLr);
        }
        if (minLr.size() == 1 && n != 1) {
            defaultMinLr = minLr.get(0);
            minLrs = new ArrayList<>(Collections.nCopies(n, minLr.get(0)));
        } else if (minLr.size() != n) {
            throw new IllegalArgumentException("min_lr: expected " + n + " min_lrs, got " + minLr.size());
        } else {
            defaultMinLr = n == 1 ? minLr.get(0) : null;
            minLrs = new ArrayList<>(minLr);
        }
        this.patience = patience;
        this.cooldown = cooldown;
        this.eps = eps;
        this.lastEpoch = 0;
        this.lastLr = groupLrs();
        initIsBetter(mode, threshold, thresholdMode);
        reset();
        markReady();
    }

    private void initIsBetter(String mode, double threshold, String thresholdMode) {
        if (!"min".equals(mode) && !"max".equals(mode)) {
            throw new IllegalArgumentException("mode: expected 'min' or 'max', got '" + mode + "'");
        }
        if (!"rel".equals(thresholdMode) && !"abs".equals(thresholdMode)) {
            throw new IllegalArgumentException("threshold_mode: expected 'rel' or 'abs', got '" + thresholdMode + "'");
        }
        this.mode = mode;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
    }

    private double modeWorse() {
        return "min".equals(mode) ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    private void reset() {
        best = modeWorse();
        cooldownCounter = 0;
        numBadEpochs = 0;
    }

    /** Not available: this scheduler needs the metric. */
    @Override
    public void step() {
        throw new IllegalStateException("ReduceLROnPlateau.step() needs the monitored metric: call step(metric)");
    }

    /** One epoch with the monitored {@code metric} (e.g. the validation loss). */
    @Override
    public void step(double metric) {
        double current = metric;
        lastEpoch = lastEpoch + 1;
        if (isBetter(current, best)) {
            best = current;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0; // ignore any bad epochs in cooldown
        }
        if (numBadEpochs > patience) {
            reduceLr();
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = groupLrs();
    }

    private void reduceLr() {
        List<ParamGroup<?>> groups = groups();
        if (groups.size() != minLrs.size()) {
            if (defaultMinLr == null) {
                throw new IllegalStateException("min_lr: the number of param groups in the optimizer (" + groups.size()
                        + ") differs from when ReduceLROnPlateau was initialized (" + minLrs.size() + ")");
            }
            minLrs = new ArrayList<>(Collections.nCopies(groups.size(), defaultMinLr));
        }
        for (int i = 0; i < groups.size(); i++) {
            double oldLr = groups.get(i).lr();
            double newLr = Math.max(oldLr * factor, minLrs.get(i));
            if (oldLr - newLr > eps) {
                groups.get(i).setLr(newLr);
            }
        }
    }

    private boolean isBetter(double a, double best) {
        if (mode.equals("min") && thresholdMode.equals("rel")) {
            return a < best * (1.0 - threshold);
        } else if (mode.equals("min")) {
            return a < best - threshold;
        } else if (thresholdMode.equals("rel")) {
            return a > best * (threshold + 1.0);
        }
        return a > best + threshold;
    }

    /** Whether the scheduler is in its cooldown period. */
    public boolean inCooldown() {
        return cooldownCounter > 0;
    }

    /** The best metric so far. */
    public double best() {
        return best;
    }

    /** Epochs without improvement so far. */
    public int numBadEpochs() {
        return numBadEpochs;
    }

    @Override
    protected List<Double> getLr() {
        throw new IllegalStateException("ReduceLROnPlateau has no chainable get_lr; use step(metric)");
    }

    @Override
    void updateLr(Integer epoch) {
        throw new IllegalStateException("ReduceLROnPlateau cannot jump to an epoch; use step(metric)");
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("mode", mode);
        out.put("factor", factor);
        out.put("patience", patience);
        out.put("threshold", threshold);
        out.put("threshold_mode", thresholdMode);
        out.put("cooldown", cooldown);
        out.put("min_lrs", new ArrayList<>(minLrs));
        out.put("default_min_lr", defaultMinLr);
        out.put("eps", eps);
        out.put("best", best);
        out.put("num_bad_epochs", numBadEpochs);
        out.put("cooldown_counter", cooldownCounter);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        factor = StateValues.getDouble(in, "factor");
        patience = StateValues.getInt(in, "patience");
        cooldown = StateValues.getInt(in, "cooldown");
        minLrs = StateValues.getDoubleList(in, "min_lrs");
        Object d = in.get("default_min_lr");
        defaultMinLr = d == null ? null : StateValues.toDouble("default_min_lr", d);
        eps = StateValues.getDouble(in, "eps");
        best = StateValues.getDouble(in, "best");
        numBadEpochs = StateValues.getInt(in, "num_bad_epochs");
        cooldownCounter = StateValues.getInt(in, "cooldown_counter");
        initIsBetter(StateValues.getString(in, "mode"), StateValues.getDouble(in, "threshold"),
                StateValues.getString(in, "threshold_mode"));
    }
}
