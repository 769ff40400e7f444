package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decays each group's lr by {@code gamma} every epoch.
 *
 * <pre>{@code
 * LRScheduler s = new ExponentialLR(optimizer, 0.95);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code ExponentialLR(optimizer, gamma=0.95)}.
 */
public class ExponentialLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("ExponentialLR").required("gamma").param("last_epoch", -1).build(),
            "multiplies the lr by gamma every epoch",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH,
                    (a, opt) -> new ExponentialLR(opt, a.getDouble("gamma"), a.getInt("last_epoch"))));

    private double gamma;

    /** Decay by {@code gamma} each epoch. */
    public ExponentialLR(HasParamGroups optimizer, double gamma) {
        this(optimizer, gamma, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public ExponentialLR(HasParamGroups optimizer, double gamma, int lastEpoch) {
        super(optimizer, lastEpoch);
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (isInitial()) {
            return lrs; // PyTorch 2.x: the initial step never decays (1.13 checked last_epoch == 0)
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
            out.add(b * Math.pow(gamma, lastEpoch));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("gamma", gamma);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        gamma = StateValues.getDouble(in, "gamma");
    }
}
