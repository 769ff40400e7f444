package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Linear warmup in front of any scheduler, {@code ReduceLROnPlateau} included (not in
 * PyTorch; timm's {@code warmup_t} / {@code warmup_lr_init}).
 *
 * <p>Exact semantics: the wrapped scheduler runs unchanged on its own (its schedule is not
 * delayed, as timm without {@code warmup_prefix}); let {@code w_t} be the lr it produces at
 * step {@code t}. This scheduler sets the group's lr to
 * {@code warmupLrInit + (t / warmupT) * (w_t - warmupLrInit)} for {@code t < warmupT} and to
 * {@code w_t} from {@code t = warmupT} on. So step 0 uses {@code warmupLrInit}, and with a
 * constant wrapped lr this is timm's linear warmup. {@code warmupT = 0} disables the warmup.
 * Without {@code warmupLrInit}, each group starts at 1% of its base lr (torchvision's
 * {@code --lr-warmup-decay 0.01}).
 *
 * <p>Around a {@code ReduceLROnPlateau} (as timm's {@code PlateauLRScheduler}): step it with the
 * metric ({@link #step(double)}, once per epoch). For {@code t < warmupT} the lr is
 * {@code warmupLrInit + t * (base - warmupLrInit) / warmupT} and the metrics are ignored; from
 * {@code t = warmupT} on the plateau scheduler runs as PyTorch's from the base lr and sees only
 * the metrics of steps {@code warmupT, warmupT + 1, ...}.
 *
 * <pre>{@code
 * LRScheduler s = new WarmupLR(opt, new CosineAnnealingLR(opt, 100), 5, 1e-5);
 * WarmupLR p = new WarmupLR(opt, new ReduceLROnPlateau(opt), 3);   // starts at base lr × 0.01
 * for (int epoch = 0; epoch < 20; epoch++) { ...; p.step(valLoss); }
 * }</pre>
 *
 * <p>PyTorch equivalent: none built in; timm's {@code create_scheduler(..., warmup_epochs=5,
 * warmup_lr=1e-5)}; close to
 * {@code SequentialLR(opt, [LinearLR(...), CosineAnnealingLR(...)], milestones=[5])} except
 * that the wrapped schedule is not delayed and the warmup starts from an absolute lr.
 */
public class WarmupLR extends LRScheduler implements MetricScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("WarmupLR").required("scheduler").param("warmup_t", 0).param("warmup_lr_init", null).build(),
            "linear warmup from warmup_lr_init (default: 1% of the lr) over warmup_t steps in front of any scheduler",
            new SchedulerFactory(a -> Schedulers.traits(a.required("scheduler").getCall("scheduler")), (a, opt) -> {
                a.required("scheduler");
                return new WarmupLR(opt, Schedulers.create(a.getCall("scheduler"), opt), a.getInt("warmup_t"),
                        a.hasValue("warmup_lr_init") ? a.getDouble("warmup_lr_init") : null);
            }));

    /** torchvision's default {@code --lr-warmup-decay}: the first warmup lr as a fraction of the base lr. */
    public static final double DEFAULT_WARMUP_DECAY = 0.01;

    private final LRScheduler scheduler;
    private final int warmupT;
    private final List<Double> warmupLrInits;

    /** Warmup from 1% of each group's base lr over {@code warmupT} steps. */
    public WarmupLR(HasParamGroups optimizer, LRScheduler scheduler, int warmupT) {
        this(optimizer, scheduler, warmupT, null);
    }

    /**
     * Wraps {@code scheduler} (already built on {@code optimizer}).
     *
     * @param warmupLrInit the lr of step 0 for every group; {@code null} for 1% of each group's base lr
     * @throws IllegalArgumentException for a negative {@code warmupT} or {@code warmupLrInit}, or
     *                                  a scheduler on another optimizer
     */
    public WarmupLR(HasParamGroups optimizer, LRScheduler scheduler, int warmupT, Double warmupLrInit) {
        super(optimizer);
        SequentialLR.checkScheduler("WarmupLR", optimizer, "scheduler", scheduler);
        if (warmupT < 0) {
            throw new IllegalArgumentException("warmup_t: expected a non-negative number of steps, got " + warmupT);
        }
        if (warmupLrInit != null && !(warmupLrInit >= 0)) {
            throw new IllegalArgumentException("warmup_lr_init: expected a non-negative lr or None, got " + warmupLrInit);
        }
        this.scheduler = scheduler;
        this.warmupT = warmupT;
        // ReduceLROnPlateau has no base_lrs (as in PyTorch): its base is the lr it starts from
        this.baseLrs = scheduler.baseLrs().isEmpty() ? scheduler.getLastLr() : scheduler.baseLrs();
        this.warmupLrInits = new ArrayList<>();
        for (double base : baseLrs) {
            warmupLrInits.add(warmupLrInit != null ? warmupLrInit : base * DEFAULT_WARMUP_DECAY);
        }
        this.lastEpoch = 0;
        apply(scheduler.getLastLr());
        markReady();
    }

    private void apply(List<Double> wrapped) {
        List<ParamGroup<?>> groups = groups();
        for (int i = 0; i < groups.size(); i++) {
            double w = wrapped.get(i);
            double init = warmupLrInits.get(i);
            groups.get(i).setLr(lastEpoch < warmupT ? init + ((double) lastEpoch / warmupT) * (w - init) : w);
        }
        lastLr = groupLrs();
    }

    /** Whether the wrapped scheduler is driven by a metric, so this one must be stepped with {@link #step(double)}. */
    @Override
    public boolean needsMetric() {
        return scheduler instanceof ReduceLROnPlateau || scheduler instanceof WarmupLR w && w.needsMetric();
    }

    /** Gives the wrapped (chainable) scheduler back its own lr before it steps. */
    private void restoreWrappedLr() {
        List<Double> own = scheduler.getLastLr();
        for (int i = 0; i < own.size(); i++) {
            groups().get(i).setLr(own.get(i));
        }
    }

    /**
     * One step of a schedule without metric.
     *
     * @throws IllegalStateException when the wrapped scheduler needs the metric
     */
    @Override
    public void step() {
        if (needsMetric()) {
            throw new IllegalStateException("WarmupLR around " + scheduler.getClass().getSimpleName()
                    + " needs the monitored metric: call step(metric)");
        }
        restoreWrappedLr();
        scheduler.step();
        lastEpoch++;
        apply(scheduler.getLastLr());
    }

    /**
     * One epoch with the monitored {@code metric}: ignored during the warmup, given to the
     * wrapped {@code ReduceLROnPlateau} from step {@code warmupT} on.
     *
     * @throws IllegalStateException when the wrapped scheduler does not take a metric
     */
    @Override
    public void step(double metric) {
        if (!needsMetric()) {
            throw new IllegalStateException("WarmupLR around " + scheduler.getClass().getSimpleName()
                    + " takes no metric: call step()");
        }
        if (lastEpoch >= warmupT) {
            restoreWrappedLr();
            ((MetricScheduler) scheduler).step(metric);
        }
        lastEpoch++;
        apply(scheduler.getLastLr());
    }

    @Override
    protected List<Double> getLr() {
        throw new IllegalStateException("WarmupLR has no chainable get_lr; use step()");
    }

    @Override
    void updateLr(Integer epoch) {
        throw new IllegalStateException("WarmupLR cannot jump to an epoch; use step()");
    }

    /** The wrapped scheduler. */
    public LRScheduler scheduler() {
        return scheduler;
    }

    /** The number of warmup steps. */
    public int warmupT() {
        return warmupT;
    }

    /** The lr of step 0, one per group. */
    public List<Double> warmupLrInits() {
        return List.copyOf(warmupLrInits);
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("warmup_t", warmupT);
        out.put("warmup_lr_init", new ArrayList<>(warmupLrInits));
        out.put("scheduler", scheduler.stateDict());
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        scheduler.loadStateDict(StateValues.getMap("scheduler", StateValues.require(in, "scheduler")));
    }
}
