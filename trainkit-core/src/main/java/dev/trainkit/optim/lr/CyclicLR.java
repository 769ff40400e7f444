package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;
import dev.trainkit.spec.SpecArgs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleUnaryOperator;

/**
 * Cyclical learning rates (Smith 2017): each group's lr goes from {@code baseLr} up to
 * {@code maxLr} in {@code stepSizeUp} steps and back in {@code stepSizeDown}, with the amplitude
 * scaled per mode: {@code triangular} (constant), {@code triangular2} (halved each cycle),
 * {@code exp_range} ({@code gamma^iteration}) or a custom {@code scaleFn} evaluated on the cycle
 * number or the iteration ({@code scaleMode}). With {@code cycleMomentum} the momentum (or
 * Adam's {@code betas[0]}) cycles inversely between {@code maxMomentum} and {@code baseMomentum}.
 * Step it after every batch.
 *
 * <pre>{@code
 * LRScheduler s = new CyclicLR(opt, 0.01, 0.1, 10);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code CyclicLR(opt, base_lr=0.01, max_lr=0.1, step_size_up=10)}.
 * Adam's {@code betas} are cycled as in PyTorch 2.x (1.13 refused optimizers without {@code momentum}).
 */
public class CyclicLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("CyclicLR").required("base_lr").required("max_lr").param("step_size_up", 2000)
                    .param("step_size_down", null).param("mode", "triangular").param("gamma", 1.0).param("scale_fn", null)
                    .param("scale_mode", "cycle").param("cycle_momentum", true).param("base_momentum", 0.8)
                    .param("max_momentum", 0.9).param("last_epoch", -1).build(),
            "cycles the lr between base_lr and max_lr (and momentum inversely); stepped every batch",
            SchedulerFactory.of(SchedulerTraits.PER_BATCH, CyclicLR::fromSpec));

    private final List<Double> maxLrs;
    private final double totalSize;
    private final double stepRatio;
    private final String mode;
    private final double gamma;
    private final DoubleUnaryOperator scaleFn;
    private final String scaleMode;
    private final boolean cycleMomentum;
    private boolean useBeta1;
    private List<Double> baseMomentums;
    private List<Double> maxMomentums;

    /** Builds from bound spec arguments; {@code scale_fn} is a quoted expression in {@code x}. */
    private static CyclicLR fromSpec(SpecArgs a, HasParamGroups optimizer) {
        a.required("base_lr", "max_lr");
        DoubleUnaryOperator scaleFn = null;
        if (a.hasValue("scale_fn")) {
            LrLambdaExpression e = LrLambdaExpression.parse(a.getString("scale_fn"), "x");
            scaleFn = e::evaluate;
        }
        return new CyclicLR(optimizer, SchedulerArgs.doubles(a, "base_lr"), SchedulerArgs.doubles(a, "max_lr"),
                a.getInt("step_size_up"), SchedulerArgs.optionalInt(a, "step_size_down"), a.getString("mode"),
                a.getDouble("gamma"), scaleFn, a.getString("scale_mode"), a.getBool("cycle_momentum"),
                SchedulerArgs.doubles(a, "base_momentum"), SchedulerArgs.doubles(a, "max_momentum"), a.getInt("last_epoch"));
    }

    /** Triangular cycle between {@code baseLr} and {@code maxLr} with PyTorch's other defaults. */
    public CyclicLR(HasParamGroups optimizer, double baseLr, double maxLr, int stepSizeUp) {
        this(optimizer, List.of(baseLr), List.of(maxLr), stepSizeUp, null, "triangular", 1.0, null, "cycle",
                true, List.of(0.8), List.of(0.9), -1);
    }

    /**
     * All options, in PyTorch's order. Lists hold one value (for all groups) or one per group;
     * {@code stepSizeDown} null means {@code stepSizeUp}; {@code scaleFn} null uses {@code mode}.
     */
    public CyclicLR(HasParamGroups optimizer, List<Double> baseLr, List<Double> maxLr, int stepSizeUp,
                    Integer stepSizeDown, String mode, double gamma, DoubleUnaryOperator scaleFn, String scaleMode,
                    boolean cycleMomentum, List<Double> baseMomentum, List<Double> maxMomentum, int lastEpoch) {
        super(optimizer);
        List<Double> baseLrList = MomentumOption.format("base_lr", optimizer, baseLr);
        if (lastEpoch == -1) {
            for (int i = 0; i < baseLrList.size(); i++) {
                groups().get(i).setLr(baseLrList.get(i));
            }
        }
        this.maxLrs = MomentumOption.format("max_lr", optimizer, maxLr);
        if (stepSizeUp < 1) {
            throw new IllegalArgumentException("step_size_up: expected a positive integer, got " + stepSizeUp);
        }
        if (stepSizeDown != null && stepSizeDown < 0) {
            throw new IllegalArgumentException("step_size_down: expected a non-negative integer or None, got " + stepSizeDown);
        }
        double up = stepSizeUp;
        double down = stepSizeDown != null ? stepSizeDown : up;
        this.totalSize = up + down;
        this.stepRatio = up / totalSize;
        if (scaleFn == null && !List.of("triangular", "triangular2", "exp_range").contains(mode)) {
            throw new IllegalArgumentException("mode: expected one of triangular, triangular2, exp_range (or a scale_fn), got '"
                    + mode + "'");
        }
        if (scaleFn != null && !"cycle".equals(scaleMode) && !"iterations".equals(scaleMode)) {
            throw new IllegalArgumentException("scale_mode: expected 'cycle' or 'iterations', got '" + scaleMode + "'");
        }
        this.mode = mode;
        this.gamma = gamma;
        this.scaleFn = scaleFn;
        this.scaleMode = scaleFn != null ? scaleMode : ("exp_range".equals(mode) ? "iterations" : "cycle");
        this.cycleMomentum = cycleMomentum;
        if (cycleMomentum) {
            useBeta1 = MomentumOption.useBeta1("CyclicLR", optimizer);
            baseMomentums = MomentumOption.format("base_momentum", optimizer, baseMomentum);
            maxMomentums = MomentumOption.format("max_momentum", optimizer, maxMomentum);
            if (lastEpoch == -1) {
                for (int i = 0; i < groups().size(); i++) {
                    ParamGroup<?> g = groups().get(i);
                    MomentumOption.set(g, maxMomentums.get(i), useBeta1);
                    g.set("max_momentum", maxMomentums.get(i));
                    g.set("base_momentum", baseMomentums.get(i));
                }
            }
        }
        initBase(lastEpoch);
        initialStep();
        this.baseLrs = baseLrList;
    }

    private double scale(double x) {
        if (scaleFn != null) {
            return scaleFn.applyAsDouble(x);
        }
        switch (mode) {
            case "triangular2":
                return 1 / Math.pow(2.0, x - 1);
            case "exp_range":
                return Math.pow(gamma, x);
            default:
                return 1.0;
        }
    }

    @Override
    protected List<Double> getLr() {
        double cycle = Math.floor(1 + lastEpoch / totalSize);
        double x = 1.0 + lastEpoch / totalSize - cycle;
        double scaleFactor = x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1);
        double s = scale("cycle".equals(scaleMode) ? cycle : lastEpoch);
        List<Double> lrs = new ArrayList<>();
        for (int i = 0; i < baseLrs.size(); i++) {
            double baseHeight = (maxLrs.get(i) - baseLrs.get(i)) * scaleFactor;
            lrs.add(baseLrs.get(i) + baseHeight * s);
        }
        if (cycleMomentum) {
            for (int i = 0; i < groups().size(); i++) {
                double baseHeight = (maxMomentums.get(i) - baseMomentums.get(i)) * scaleFactor;
                MomentumOption.set(groups().get(i), maxMomentums.get(i) - baseHeight * s, useBeta1);
            }
        }
        return lrs;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("max_lrs", new ArrayList<>(maxLrs));
        out.put("total_size", totalSize);
        out.put("step_ratio", stepRatio);
        out.put("mode", mode);
        out.put("gamma", gamma);
        out.put("scale_mode", scaleMode);
        out.put("cycle_momentum", cycleMomentum);
    }
}
