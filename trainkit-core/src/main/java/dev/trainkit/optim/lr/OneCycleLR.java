package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 1cycle policy (Smith &amp; Topin): lr rises from {@code maxLr/divFactor} to {@code maxLr}
 * over {@code pctStart} of the steps, then anneals to {@code initial/finalDivFactor}
 * ({@code cos} or {@code linear}); with {@code threePhase} it first returns symmetrically to
 * the initial lr, then anneals. Momentum (or {@code betas[0]}) moves inversely between
 * {@code maxMomentum} and {@code baseMomentum}. Step it after every batch; stepping more than
 * {@code totalSteps} times is an error, exactly where PyTorch raises one.
 *
 * <pre>{@code
 * LRScheduler s = new OneCycleLR(opt, 0.1, 100);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code OneCycleLR(opt, max_lr=0.1, total_steps=100)}.
 */
public class OneCycleLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("OneCycleLR").required("max_lr").param("total_steps", null).param("epochs", null)
                    .param("steps_per_epoch", null).param("pct_start", 0.3).param("anneal_strategy", "cos")
                    .param("cycle_momentum", true).param("base_momentum", 0.85).param("max_momentum", 0.95)
                    .param("div_factor", 25.0).param("final_div_factor", 1e4).param("three_phase", false)
                    .param("last_epoch", -1).build(),
            "the 1cycle policy: warm up to max_lr, then anneal far below the start; stepped every batch",
            SchedulerFactory.of(SchedulerTraits.PER_BATCH, (a, opt) -> new OneCycleLR(opt,
                    SchedulerArgs.doubles(a, "max_lr"), SchedulerArgs.optionalInt(a, "total_steps"),
                    SchedulerArgs.optionalInt(a, "epochs"), SchedulerArgs.optionalInt(a, "steps_per_epoch"),
                    a.getDouble("pct_start"), a.getString("anneal_strategy"), a.getBool("cycle_momentum"),
                    SchedulerArgs.doubles(a, "base_momentum"), SchedulerArgs.doubles(a, "max_momentum"),
                    a.getDouble("div_factor"), a.getDouble("final_div_factor"), a.getBool("three_phase"),
                    a.getInt("last_epoch"))));

    private final int totalSteps;
    private final double[] phaseEnd;
    private final String[][] phaseKeys; // start_lr, end_lr, start_momentum, end_momentum
    private final String annealStrategy;
    private final boolean cycleMomentum;
    private boolean useBeta1;

    /** {@code totalSteps} steps peaking at {@code maxLr}, PyTorch's other defaults. */
    public OneCycleLR(HasParamGroups optimizer, double maxLr, int totalSteps) {
        this(optimizer, List.of(maxLr), totalSteps, null, null, 0.3, "cos", true, List.of(0.85), List.of(0.95),
                25.0, 1e4, false, -1);
    }

    /**
     * All options, in PyTorch's order. {@code totalSteps} may be null when {@code epochs} and
     * {@code stepsPerEpoch} are given. Lists hold one value or one per group.
     */
    public OneCycleLR(HasParamGroups optimizer, List<Double> maxLr, Integer totalSteps, Integer epochs,
                      Integer stepsPerEpoch, double pctStart, String annealStrategy, boolean cycleMomentum,
                      List<Double> baseMomentum, List<Double> maxMomentum, double divFactor, double finalDivFactor,
                      boolean threePhase, int lastEpoch) {
        super(optimizer);
        if (totalSteps != null) {
            if (totalSteps <= 0) {
                throw new IllegalArgumentException("total_steps: Expected positive integer total_steps, but got " + totalSteps);
            }
            this.totalSteps = totalSteps;
        } else if (epochs != null && stepsPerEpoch != null) {
            if (epochs <= 0) {
                throw new IllegalArgumentException("epochs: Expected positive integer epochs, but got " + epochs);
            }
            if (stepsPerEpoch <= 0) {
                throw new IllegalArgumentException("steps_per_epoch: Expected positive integer steps_per_epoch, but got "
                        + stepsPerEpoch);
            }
            this.totalSteps = epochs * stepsPerEpoch;
        } else {
            throw new IllegalArgumentException("total_steps: You must define either total_steps OR (epochs AND steps_per_epoch)");
        }
        if (threePhase) {
            phaseEnd = new double[]{pctStart * this.totalSteps - 1, 2 * pctStart * this.totalSteps - 2, this.totalSteps - 1};
            phaseKeys = new String[][]{
                    {"initial_lr", "max_lr", "max_momentum", "base_momentum"},
                    {"max_lr", "initial_lr", "base_momentum", "max_momentum"},
                    {"initial_lr", "min_lr", "max_momentum", "max_momentum"}};
        } else {
            phaseEnd = new double[]{pctStart * this.totalSteps - 1, this.totalSteps - 1};
            phaseKeys = new String[][]{
                    {"initial_lr", "max_lr", "max_momentum", "base_momentum"},
                    {"max_lr", "min_lr", "base_momentum", "max_momentum"}};
        }
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw new IllegalArgumentException("pct_start: Expected float between 0 and 1 pct_start, but got " + pctStart);
        }
        if (!"cos".equals(annealStrategy) && !"linear".equals(annealStrategy)) {
            throw new IllegalArgumentException("anneal_strategy: must be one of 'cos' or 'linear', instead got " + annealStrategy);
        }
        this.annealStrategy = annealStrategy;
        List<Double> maxLrs = MomentumOption.format("max_lr", optimizer, maxLr);
        if (lastEpoch == -1) {
            for (int i = 0; i < groups().size(); i++) {
                ParamGroup<?> g = groups().get(i);
                g.set("initial_lr", maxLrs.get(i) / divFactor);
                g.set("max_lr", maxLrs.get(i));
                g.set("min_lr", g.getDouble("initial_lr") / finalDivFactor);
            }
        }
        this.cycleMomentum = cycleMomentum;
        if (cycleMomentum) {
            useBeta1 = MomentumOption.useBeta1("OneCycleLR", optimizer);
            List<Double> maxM = MomentumOption.format("max_momentum", optimizer, maxMomentum);
            List<Double> baseM = MomentumOption.format("base_momentum", optimizer, baseMomentum);
            if (lastEpoch == -1) {
                for (int i = 0; i < groups().size(); i++) {
                    ParamGroup<?> g = groups().get(i);
                    MomentumOption.set(g, maxM.get(i), useBeta1);
                    g.set("max_momentum", maxM.get(i));
                    g.set("base_momentum", baseM.get(i));
                }
            }
        }
        initBase(lastEpoch);
        initialStep();
    }

    /** The number of steps of the cycle. */
    public int totalSteps() {
        return totalSteps;
    }

    private double anneal(double start, double end, double pct) {
        if ("cos".equals(annealStrategy)) {
            double cosOut = Math.cos(Math.PI * pct) + 1;
            return end + (start - end) / 2.0 * cosOut;
        }
        return (end - start) * pct + start;
    }

    @Override
    protected List<Double> getLr() {
        int stepNum = lastEpoch;
        if (stepNum > totalSteps) {
            throw new IllegalStateException("OneCycleLR: Tried to step " + stepNum + " times. The specified number of "
                    + "total steps is " + totalSteps + " (total_steps)");
        }
        List<Double> lrs = new ArrayList<>();
        for (ParamGroup<?> g : groups()) {
            double startStep = 0.0;
            for (int i = 0; i < phaseEnd.length; i++) {
                double endStep = phaseEnd[i];
                if (stepNum <= endStep || i == phaseEnd.length - 1) {
                    if (endStep - startStep == 0) {
                        throw new IllegalStateException("OneCycleLR: phase " + i + " has zero length (float division by zero "
                                + "in PyTorch); total_steps=" + totalSteps + " is too small for this pct_start");
                    }
                    double pct = (stepNum - startStep) / (endStep - startStep);
                    lrs.add(anneal(g.getDouble(phaseKeys[i][0]), g.getDouble(phaseKeys[i][1]), pct));
                    if (cycleMomentum) {
                        double m = anneal(g.getDouble(phaseKeys[i][2]), g.getDouble(phaseKeys[i][3]), pct);
                        MomentumOption.set(g, m, useBeta1);
                    }
                    break;
                }
                startStep = phaseEnd[i];
            }
        }
        return lrs;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("total_steps", totalSteps);
        out.put("_anneal_func_type", annealStrategy);
        out.put("cycle_momentum", cycleMomentum);
        out.put("use_beta1", useBeta1);
    }
}
