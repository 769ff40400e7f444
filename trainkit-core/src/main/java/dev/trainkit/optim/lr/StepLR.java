package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decays each group's lr by {@code gamma} every {@code stepSize} epochs.
 *
 * <pre>{@code
 * LRScheduler s = new StepLR(optimizer, 30, 0.1); // lr = 0.05 for epochs 0..29, 0.005 for 30..59, ...
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code StepLR(optimizer, step_size=30, gamma=0.1)}. Unlike PyTorch, a
 * {@code stepSize < 1} is refused up front (PyTorch fails later with a division by zero or
 * silently misbehaves for negative values).
 */
public class StepLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("StepLR").required("step_size").param("gamma", 0.1).param("last_epoch", -1).build(),
            "multiplies the lr by gamma every step_size epochs",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH,
                    (a, opt) -> new StepLR(opt, a.getInt("step_size"), a.getDouble("gamma"), a.getInt("last_epoch"))));

    private int stepSize;
    private double gamma;

    /** {@code gamma = 0.1}. */
    public StepLR(HasParamGroups optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1, -1);
    }

    /** Decay by {@code gamma} every {@code stepSize} epochs. */
    public StepLR(HasParamGroups optimizer, int stepSize, double gamma) {
        this(optimizer, stepSize, gamma, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public StepLR(HasParamGroups optimizer, int stepSize, double gamma, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (stepSize < 1) {
            throw new IllegalArgumentException("step_size: expected a positive integer, got " + stepSize);
        }
        this.stepSize = stepSize;
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (lastEpoch == 0 || lastEpoch % stepSize != 0) {
            return lrs;
        }
        List<Double> out = new ArrayList<>();
        for (double lr : lrs) {
            out.add(lr * gamma);
        }
        return out;
    }

    @Override
    protected List<Double> closedFormLr() {
        List<Double> out = new ArrayList<>();
        for (double b : baseLrs) {
            out.add(b * Math.pow(gamma, Math.floorDiv(lastEpoch, stepSize)));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("step_size", stepSize);
        out.put("gamma", gamma);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        stepSize = StateValues.getInt(in, "step_size");
        gamma = StateValues.getDouble(in, "gamma");
    }
}
