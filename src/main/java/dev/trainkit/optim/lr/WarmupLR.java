package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Linear warmup in front of any scheduler (not in PyTorch; timm's {@code warmup_t} /
 * {@code warmup_lr_init}). Exact semantics: the wrapped scheduler runs unchanged on its own
 * (its schedule is not delayed, as timm without {@code warmup_prefix}); let {@code w_t} be the
 * lr it produces at step {@code t}. This scheduler sets the group's lr to
 * {@code warmupLrInit + (t / warmupT) * (w_t - warmupLrInit)} for {@code t < warmupT} and to
 * {@code w_t} from {@code t = warmupT} on. So step 0 uses {@code warmupLrInit}, and with a
 * constant wrapped lr this is timm's linear warmup. {@code warmupT = 0} disables the warmup.
 *
 * <pre>{@code
 * LRScheduler s = new WarmupLR(opt, new CosineAnnealingLR(opt, 100), 5, 1e-5);
 * }</pre>
 *
 * <p>PyTorch equivalent: none built in; close to
 * {@code SequentialLR(opt, [LinearLR(...), CosineAnnealingLR(...)], milestones=[5])} except
 * that the wrapped schedule is not delayed and the warmup starts from an absolute lr.
 */
public class WarmupLR extends LRScheduler {
    private final LRScheduler scheduler;
    private final int warmupT;
    private final double warmupLrInit;

    /**
     * Wraps {@code scheduler} (already built on {@code optimizer}).
     *
     * @throws IllegalArgumentException for a negative {@code warmupT}, a scheduler on another
     *                                  optimizer, or a ReduceLROnPlateau
     */
    public WarmupLR(HasParamGroups optimizer, LRScheduler scheduler, int warmupT, double warmupLrInit) {
        super(optimizer);
        SequentialLR.checkSchedulers("WarmupLR", optimizer, scheduler == null ? null : List.of(scheduler));
        if (warmupT < 0) {
            throw new IllegalArgumentException("warmup_t: expected a non-negative number of steps, got " + warmupT);
        }
        if (!(warmupLrInit >= 0)) {
            throw new IllegalArgumentException("warmup_lr_init: expected a non-negative lr, got " + warmupLrInit);
        }
        this.scheduler = scheduler;
        this.warmupT = warmupT;
        this.warmupLrInit = warmupLrInit;
        this.baseLrs = scheduler.baseLrs();
        this.lastEpoch = 0;
        apply(scheduler.getLastLr());
        markReady();
    }

    private void apply(List<Double> wrapped) {
        List<ParamGroup<?>> groups = groups();
        for (int i = 0; i < groups.size(); i++) {
            double w = wrapped.get(i);
            groups.get(i).setLr(lastEpoch < warmupT ? warmupLrInit + ((double) lastEpoch / warmupT) * (w - warmupLrInit) : w);
        }
        lastLr = groupLrs();
    }

    @Override
    public void step() {
        // give the wrapped (chainable) scheduler back its own lr before it steps
        List<Double> own = scheduler.getLastLr();
        for (int i = 0; i < own.size(); i++) {
            groups().get(i).setLr(own.get(i));
        }
        scheduler.step();
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

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("warmup_t", warmupT);
        out.put("warmup_lr_init", warmupLrInit);
        out.put("scheduler", scheduler.stateDict());
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        scheduler.loadStateDict(StateValues.getMap("scheduler", StateValues.require(in, "scheduler")));
    }
}
