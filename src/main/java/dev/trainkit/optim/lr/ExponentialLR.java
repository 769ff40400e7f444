package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;

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
