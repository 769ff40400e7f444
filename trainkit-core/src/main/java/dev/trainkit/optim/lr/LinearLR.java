package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Changes each group's lr by a linearly changing factor, from {@code startFactor} at epoch 0
 * to {@code endFactor} at epoch {@code totalIters}, then keeps it.
 *
 * <pre>{@code
 * LRScheduler warmup = new LinearLR(optimizer, 0.1, 1.0, 5);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code LinearLR(optimizer, start_factor=0.1, end_factor=1.0, total_iters=5)}
 * (defaults {@code 1/3}, {@code 1.0}, {@code 5}).
 */
public class LinearLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("LinearLR").param("start_factor", 1.0 / 3).param("end_factor", 1.0)
                    .param("total_iters", 5).param("last_epoch", -1).build(),
            "scales the lr linearly from start_factor to end_factor over total_iters epochs",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH, (a, opt) -> new LinearLR(opt, a.getDouble("start_factor"),
                    a.getDouble("end_factor"), a.getInt("total_iters"), a.getInt("last_epoch"))));

    private double startFactor;
    private double endFactor;
    private int totalIters;

    /** PyTorch's defaults: {@code startFactor = 1/3}, {@code endFactor = 1}, {@code totalIters = 5}. */
    public LinearLR(HasParamGroups optimizer) {
        this(optimizer, 1.0 / 3, 1.0, 5, -1);
    }

    /** From {@code startFactor} to {@code endFactor} over {@code totalIters} epochs. */
    public LinearLR(HasParamGroups optimizer, double startFactor, double endFactor, int totalIters) {
        this(optimizer, startFactor, endFactor, totalIters, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public LinearLR(HasParamGroups optimizer, double startFactor, double endFactor, int totalIters, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (startFactor > 1.0 || startFactor <= 0 || Double.isNaN(startFactor)) {
            throw new IllegalArgumentException("start_factor: Starting multiplicative factor expected to be greater "
                    + "than 0 and less or equal to 1, got " + startFactor);
        }
        if (endFactor > 1.0 || endFactor < 0 || Double.isNaN(endFactor)) {
            throw new IllegalArgumentException("end_factor: Ending multiplicative factor expected to be between 0 and 1, got "
                    + endFactor);
        }
        if (totalIters < 0) {
            throw new IllegalArgumentException("total_iters: expected a non-negative integer, got " + totalIters);
        }
        this.startFactor = startFactor;
        this.endFactor = endFactor;
        this.totalIters = totalIters;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0) {
            List<Double> out = new ArrayList<>();
            for (double lr : lrs) {
                out.add(lr * startFactor);
            }
            return out;
        }
        if (isInitial() || lastEpoch > totalIters) {
            return lrs;
        }
        double m = 1.0 + (endFactor - startFactor)
                / (totalIters * startFactor + (lastEpoch - 1) * (endFactor - startFactor));
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
            out.add(b * (startFactor + (endFactor - startFactor) * Math.min(totalIters, lastEpoch) / totalIters));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("start_factor", startFactor);
        out.put("end_factor", endFactor);
        out.put("total_iters", totalIters);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        startFactor = StateValues.getDouble(in, "start_factor");
        endFactor = StateValues.getDouble(in, "end_factor");
        totalIters = StateValues.getInt(in, "total_iters");
    }
}
