package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Decays each group's lr by {@code gamma} each time the epoch reaches a milestone (a milestone
 * listed twice decays by {@code gamma²}).
 *
 * <pre>{@code
 * LRScheduler s = new MultiStepLR(optimizer, List.of(30, 80), 0.1);
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code MultiStepLR(optimizer, milestones=[30, 80], gamma=0.1)}.
 */
public class MultiStepLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("MultiStepLR").required("milestones").param("gamma", 0.1).param("last_epoch", -1).build(),
            "multiplies the lr by gamma at each milestone epoch",
            SchedulerFactory.of(SchedulerTraits.PER_EPOCH, (a, opt) -> new MultiStepLR(opt, SchedulerArgs.ints(a, "milestones"),
                    a.getDouble("gamma"), a.getInt("last_epoch"))));

    private final TreeMap<Integer, Integer> milestones = new TreeMap<>();
    private double gamma;

    /** {@code gamma = 0.1}. */
    public MultiStepLR(HasParamGroups optimizer, List<Integer> milestones) {
        this(optimizer, milestones, 0.1, -1);
    }

    /** Decay by {@code gamma} at each milestone. */
    public MultiStepLR(HasParamGroups optimizer, List<Integer> milestones, double gamma) {
        this(optimizer, milestones, gamma, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public MultiStepLR(HasParamGroups optimizer, List<Integer> milestones, double gamma, int lastEpoch) {
        super(optimizer, lastEpoch);
        if (milestones == null) {
            throw new IllegalArgumentException("milestones: expected a list of epochs, got null");
        }
        for (Integer m : milestones) {
            if (m == null) {
                throw new IllegalArgumentException("milestones: expected integers, got null in " + milestones);
            }
            this.milestones.merge(m, 1, Integer::sum);
        }
        this.gamma = gamma;
        initialStep();
    }

    @Override
    protected List<Double> getLr() {
        List<Double> lrs = groupLrs();
        Integer count = milestones.get(lastEpoch);
        if (count == null) {
            return lrs;
        }
        List<Double> out = new ArrayList<>();
        for (double lr : lrs) {
            out.add(lr * Math.pow(gamma, count));
        }
        return out;
    }

    @Override
    protected List<Double> closedFormLr() {
        int passed = 0; // bisect_right over the sorted multiset
        for (var e : milestones.headMap(lastEpoch, true).entrySet()) {
            passed += e.getValue();
        }
        List<Double> out = new ArrayList<>();
        for (double b : baseLrs) {
            out.add(b * Math.pow(gamma, passed));
        }
        return out;
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        List<Integer> ms = new ArrayList<>();
        milestones.forEach((m, c) -> {
            for (int i = 0; i < c; i++) {
                ms.add(m);
            }
        });
        out.put("milestones", ms);
        out.put("gamma", gamma);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        milestones.clear();
        for (Object o : StateValues.getList(in, "milestones")) {
            milestones.merge((int) StateValues.toDouble("milestones", o), 1, Integer::sum);
        }
        gamma = StateValues.getDouble(in, "gamma");
    }
}
