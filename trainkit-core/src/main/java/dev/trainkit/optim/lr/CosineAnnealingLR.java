package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Cosine annealing from each group's initial lr to {@code etaMin} over {@code tMax} epochs, in
 * PyTorch's recursive (chainable) form, which keeps going as a cosine wave past {@code tMax}:
 * {@code lr_t = etaMin + (lr_{t-1} - etaMin) (1 + cos(pi t/T)) / (1 + cos(pi (t-1)/T))}.
 *
 * <pre>{@code
 * LRScheduler s = new CosineAnnealingLR(optimizer, 100, 0.0);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code CosineAnnealingLR(optimizer, T_max=100, eta_min=0)}.
 */
public class CosineAnnealingLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("CosineAnnealingLR").required("T_max").param("eta_min", 0.0).param("last_epoch", -1).build(),
            "cosine from the lr down to eta_min over T_max epochs",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH, (a, opt) -> new CosineAnnealingLR(opt, a.getInt("T_max"),
                    a.getDouble("eta_min"), a.getInt("last_epoch"))));

    private int tMax;
    private double etaMin;

    /** {@code etaMin = 0}. */
    public CosineAnnealingLR(HasParamGroups optimizer, int tMax) {
        this(optimizer, tMax, 0.0, -1);
    }

    /** Anneal to {@code etaMin} over {@code tMax} epochs. */
    public CosineAnnealingLR(HasParamGroups optimizer, int tMax, double etaMin) {
        this(optimizer, tMax, etaMin, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public CosineAnnealingLR(HasParamGroups optimizer, int tMax, double etaMin, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (tMax < 1) {
            throw new IllegalArgumentException("T_max: expected a positive integer, got " + tMax);
        }
        this.tMax = tMax;
        this.etaMin = etaMin;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        if (isInitial()) {
            return lrs;
        }
        List<Double> out = new ArrayList<>();
        if (stepCount == 1 && lastEpoch > 0) {
            return closedFormLr();
        }
        if (Math.floorMod(lastEpoch - 1 - tMax, 2 * tMax) == 0) {
            for (int i = 0; i < lrs.size(); i++) {
                out.add(lrs.get(i) + (baseLrs.get(i) - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2);
            }
            return out;
        }
        for (double lr : lrs) {
            out.add((1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                    * (lr - etaMin) + etaMin);
        }
        return out;
    }

    @Override
    protected List<Double> closedFormLr() {
        List<Double> out = new ArrayList<>();
        for (double b : baseLrs) {
            out.add(etaMin + (b - etaMin) * (1 + Math.cos(Math.PI * lastEpoch / tMax)) / 2);
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("T_max", tMax);
        out.put("eta_min", etaMin);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        tMax = StateValues.getInt(in, "T_max");
        etaMin = StateValues.getDouble(in, "eta_min");
    }
}
