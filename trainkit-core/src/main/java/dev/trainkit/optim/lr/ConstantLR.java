package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Multiplies each group's lr by {@code factor} until epoch {@code totalIters}, then restores it.
 *
 * <pre>{@code
 * LRScheduler s = new ConstantLR(optimizer, 0.5, 4); // lr*0.5 for epochs 0..3, lr from 4 on
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code ConstantLR(optimizer, factor=0.5, total_iters=4)}
 * (defaults {@code factor=1/3}, {@code total_iters=5}).
 */
public class ConstantLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("ConstantLR").param("factor", 1.0 / 3).param("total_iters", 5).param("last_epoch", -1).build(),
            "lr × factor for the first total_iters epochs, then the lr",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH, (a, opt) -> new ConstantLR(opt, a.getDouble("factor"),
                    a.getInt("total_iters"), a.getInt("last_epoch"))));

    private double factor;
    private int totalIters;

    /** PyTorch's defaults: {@code factor = 1/3}, {@code totalIters = 5}. */
    public ConstantLR(HasParamGroups optimizer) {
        this(optimizer, 1.0 / 3, 5, -1);
    }

    /** Multiply by {@code factor} for {@code totalIters} epochs. */
    public ConstantLR(HasParamGroups optimizer, double factor, int totalIters) {
        this(optimizer, factor, totalIters, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public ConstantLR(HasParamGroups optimizer, double factor, int totalIters, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (factor > 1.0 || factor < 0 || Double.isNaN(factor)) {
            throw new IllegalArgumentException("factor: Constant multiplicative factor expected to be between 0 and 1, got " + factor);
        }
        if (totalIters < 0) {
            throw new IllegalArgumentException("total_iters: expected a non-negative integer, got " + totalIters);
        }
        this.factor = factor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        double m;
        if (lastEpoch == 0) {
            m = factor;
        } else if (lastEpoch != totalIters) {
            return lrs;
        } else {
            m = 1.0 / factor;
        }
        List<Double> out = new ArrayList<>();
        for (double lr : lrs) {
            out.add(lr * m);
        }
        return out;
    }

    @Override
    protected List<Double> closedFormLr() {
        List<Double> out = new ArrayList<>();
        for (double b : baseLrs) {
            out.add(b * (factor + (lastEpoch >= totalIters ? 1 : 0) * (1 - factor)));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("factor", factor);
        out.put("total_iters", totalIters);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        factor = StateValues.getDouble(in, "factor");
        totalIters = StateValues.getInt(in, "total_iters");
    }
}
