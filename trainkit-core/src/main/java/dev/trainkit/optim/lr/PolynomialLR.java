package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decays each group's lr polynomially to zero over {@code totalIters} epochs:
 * {@code base * (1 - t/totalIters)^power}, computed in PyTorch's recursive form.
 *
 * <pre>{@code
 * LRScheduler s = new PolynomialLR(optimizer, 50, 0.9);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code PolynomialLR(optimizer, total_iters=50, power=0.9)}
 * (defaults {@code 5}, {@code 1.0}).
 */
public class PolynomialLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("PolynomialLR").param("total_iters", 5).param("power", 1.0).param("last_epoch", -1).build(),
            "decays the lr polynomially to 0 over total_iters epochs",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH, (a, opt) -> new PolynomialLR(opt, a.getInt("total_iters"),
                    a.getDouble("power"), a.getInt("last_epoch"))));

    private int totalIters;
    private double power;

    /** PyTorch's defaults: {@code totalIters = 5}, {@code power = 1}. */
    public PolynomialLR(HasParamGroups optimizer) {
        this(optimizer, 5, 1.0, -1);
    }

    /** Decay over {@code totalIters} epochs with exponent {@code power}. */
    public PolynomialLR(HasParamGroups optimizer, int totalIters, double power) {
        this(optimizer, totalIters, power, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public PolynomialLR(HasParamGroups optimizer, int totalIters, double power, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (totalIters < 1) {
            throw new IllegalArgumentException("total_iters: expected a positive integer, got " + totalIters);
        }
        this.totalIters = totalIters;
        this.power = power;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (isInitial() || lastEpoch > totalIters) {
            return lrs;
        }
        double decay = Math.pow((1.0 - (double) lastEpoch / totalIters)
                / (1.0 - (double) (lastEpoch - 1) / totalIters), power);
        List<Double> out = new ArrayList<>();
        for (double lr : lrs) {
            out.add(lr * decay);
        }
        return out;
    }

    @Override
    protected List<Double> closedFormLr() {
        List<Double> out = new ArrayList<>();
        for (double b : baseLrs) {
            out.add(b * Math.pow(1.0 - (double) Math.min(totalIters, lastEpoch) / totalIters, power));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("total_iters", totalIters);
        out.put("power", power);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        totalIters = StateValues.getInt(in, "total_iters");
        power = StateValues.getDouble(in, "power");
    }
}
