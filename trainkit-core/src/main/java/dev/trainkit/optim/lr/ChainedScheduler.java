package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.List;
import java.util.Map;

/**
 * Steps several chainable schedulers together: each {@link #step()} calls every scheduler's
 * {@code step()} in order, so their effects multiply.
 *
 * <pre>{@code
 * LRScheduler s = new ChainedScheduler(List.of(new ConstantLR(opt, 0.1, 20), new ExponentialLR(opt, 0.9)));
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code ChainedScheduler([ConstantLR(opt, factor=0.1, total_iters=20), ExponentialLR(opt, gamma=0.9)])}.
 * As in PyTorch, it does no initial step of its own (the wrapped schedulers already did theirs).
 */
public class ChainedScheduler extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("ChainedScheduler").required("schedulers").build(),
            "steps several schedulers together, multiplying their effects",
            new SchedulerFactory(a -> SchedulerArgs.nestedTraits(a, "schedulers"),
            (a, opt) -> new ChainedScheduler(SchedulerArgs.nested(a, "schedulers", opt), opt)));

    private final List<LRScheduler> schedulers;

    /** Chains {@code schedulers} (all on the optimizer of the first). */
    public ChainedScheduler(List<? extends LRScheduler> schedulers) {
        this(schedulers, firstOptimizer(schedulers));
    }

    /** Chains {@code schedulers}, which must all drive {@code optimizer}. */
    public ChainedScheduler(List<? extends LRScheduler> schedulers, HasParamGroups optimizer) {
        super(optimizer);
        this.schedulers = SequentialLR.checkSchedulers("ChainedScheduler", optimizer, schedulers);
        this.lastLr = groupLrs();
        markReady();
    }

    private static HasParamGroups firstOptimizer(List<? extends LRScheduler> schedulers) {
        if (schedulers == null || schedulers.isEmpty() || schedulers.get(0) == null) {
            throw new IllegalArgumentException("schedulers: ChainedScheduler expects at least one scheduler to be chained, "
                    + "but got " + (schedulers == null ? "null" : schedulers.isEmpty() ? "no scheduler" : "null at index 0"));
        }
        return schedulers.get(0).optimizer();
    }

    @Override
    public void step() {
        for (LRScheduler s : schedulers) {
            s.step();
        }
        lastLr = groupLrs();
    }

    @Override
    void updateLr(Integer epoch) {
        throw new IllegalStateException("ChainedScheduler cannot jump to an epoch (PyTorch's get_lr is not implemented for it)");
    }

    @Override
    protected List<Double> getLr() {
        throw new IllegalStateException("ChainedScheduler has no chainable get_lr; use step()");
    }

    /** The chained schedulers. */
    public List<LRScheduler> schedulers() {
        return List.copyOf(schedulers);
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        SequentialLR.saveChildren(schedulers, out);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        SequentialLR.loadChildren(schedulers, in);
    }
}
