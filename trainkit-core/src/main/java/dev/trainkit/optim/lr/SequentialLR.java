package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.spec.Registration;
import dev.trainkit.spec.Signature;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs schedulers one after another, switching at the milestones. At a milestone the next
 * scheduler restarts from its epoch 0 (closed form when it has one), as PyTorch 2.x does.
 *
 * <pre>{@code
 * LRScheduler warm = new LinearLR(opt, 0.1, 1.0, 5);
 * LRScheduler cos = new CosineAnnealingLR(opt, 95);
 * LRScheduler s = new SequentialLR(opt, List.of(warm, cos), List.of(5));
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code SequentialLR(opt, schedulers=[warm, cos], milestones=[5])}.
 * Behaviour follows 2.x: construction resets every group to {@code initial_lr}, undoes the
 * construction step of the (recursively nested) schedulers and redoes only the first one's.
 */
public class SequentialLR extends LRScheduler {
    /** The registry entry: signature with PyTorch's defaults, description, factory. */
    public static final Registration<SchedulerFactory> REGISTRATION = new Registration<>(
            Signature.of("SequentialLR").required("schedulers").required("milestones").param("last_epoch", -1).build(),
            "runs schedulers one after another, switching at the milestones",
            new SchedulerFactory(a -> SchedulerArgs.nestedTraits(a, "schedulers"), (a, opt) -> {
                a.required("schedulers", "milestones");
                return new SequentialLR(opt, SchedulerArgs.nested(a, "schedulers", opt), SchedulerArgs.ints(a, "milestones"),
                        a.getInt("last_epoch"));
            }));

    private final List<LRScheduler> schedulers;
    private final List<Integer> milestones;

    /** Switches from {@code schedulers[i]} to {@code schedulers[i+1]} at {@code milestones[i]}. */
    public SequentialLR(HasParamGroups optimizer, List<? extends LRScheduler> schedulers, List<Integer> milestones) {
        this(optimizer, schedulers, milestones, -1);
    }

    /** Resuming after {@code lastEpoch} (-1 to start). */
    public SequentialLR(HasParamGroups optimizer, List<? extends LRScheduler> schedulers, List<Integer> milestones,
                        int lastEpoch) {
        super(optimizer);
        this.schedulers = checkSchedulers("SequentialLR", optimizer, schedulers);
        if (milestones == null || milestones.size() != schedulers.size() - 1) {
            throw new IllegalArgumentException("milestones: Sequential Schedulers expects number of schedulers provided "
                    + "to be one more than the number of milestone points, but got number of schedulers "
                    + schedulers.size() + " and the number of milestones to be equal to "
                    + (milestones == null ? "null" : milestones.size()));
        }
        for (int i = 0; i < milestones.size(); i++) {
            if (milestones.get(i) == null || (i > 0 && milestones.get(i) < milestones.get(i - 1))) {
                throw new IllegalArgumentException("milestones: expected increasing integers, got " + milestones);
            }
        }
        this.milestones = List.copyOf(milestones);
        this.lastEpoch = lastEpoch + 1;
        for (ParamGroup<?> g : groups()) {
            g.setLr(g.getDouble("initial_lr"));
        }
        recursiveUndo(this);
        this.schedulers.get(0).initialStep();
        this.lastLr = this.schedulers.get(0).getLastLr();
        markReady();
    }

    static List<LRScheduler> checkSchedulers(String who, HasParamGroups optimizer, List<? extends LRScheduler> schedulers) {
        if (schedulers == null || schedulers.isEmpty()) {
            throw new IllegalArgumentException("schedulers: " + who + " expects at least one scheduler, but got no scheduler");
        }
        for (int i = 0; i < schedulers.size(); i++) {
            LRScheduler s = schedulers.get(i);
            checkScheduler(who, optimizer, "schedulers[" + i + "]", s);
            if (s instanceof ReduceLROnPlateau || s instanceof WarmupLR w && w.needsMetric()) {
                throw new IllegalArgumentException("schedulers[" + i + "]: " + who + " does not support "
                        + "`ReduceLROnPlateau` scheduler as it requires additional kwargs to be specified when calling "
                        + "`step`; WarmupLR(scheduler=ReduceLROnPlateau(...)) puts a warmup in front of it");
            }
        }
        return new ArrayList<>(schedulers);
    }

    /** Checks that the scheduler given as {@code argument} is present and drives {@code optimizer}. */
    static void checkScheduler(String who, HasParamGroups optimizer, String argument, LRScheduler s) {
        if (s == null) {
            throw new IllegalArgumentException(argument + ": expected a scheduler, got null");
        }
        if (s.optimizer() != optimizer) {
            throw new IllegalArgumentException(argument + ": " + who + " expects all schedulers to belong "
                    + "to the same optimizer, but got scheduler " + s.getClass().getSimpleName()
                    + " with a different optimizer");
        }
    }

    private static void recursiveUndo(LRScheduler s) {
        if (s instanceof SequentialLR q) {
            for (LRScheduler c : q.schedulers) {
                recursiveUndo(c);
            }
        } else if (s instanceof ChainedScheduler c) {
            for (LRScheduler x : c.schedulers()) {
                recursiveUndo(x);
            }
        } else {
            s.undoStep();
        }
    }

    @Override
    public void step() {
        lastEpoch++;
        int idx = bisectRight(milestones, lastEpoch);
        LRScheduler s = schedulers.get(idx);
        if (idx > 0 && milestones.get(idx - 1) == lastEpoch) {
            s.updateLr(0);
        } else {
            s.step();
        }
        lastLr = s.getLastLr();
    }

    static int bisectRight(List<Integer> sorted, int x) {
        int i = 0;
        while (i < sorted.size() && sorted.get(i) <= x) {
            i++;
        }
        return i;
    }

    @Override
    void updateLr(Integer epoch) {
        throw new IllegalStateException("SequentialLR cannot jump to an epoch (PyTorch's get_lr is not implemented for it)");
    }

    @Override
    protected List<Double> getLr() {
        throw new IllegalStateException("SequentialLR has no chainable get_lr; use step()");
    }

    /** The wrapped schedulers. */
    public List<LRScheduler> schedulers() {
        return List.copyOf(schedulers);
    }

    @Override
    protected void saveState(Map<String, Object> out) {
        out.put("_milestones", new ArrayList<>(milestones));
        saveChildren(schedulers, out);
    }

    /** The wrapped schedulers' state dicts under {@code _schedulers}, as PyTorch's composite schedulers keep them. */
    static void saveChildren(List<LRScheduler> schedulers, Map<String, Object> out) {
        List<Object> states = new ArrayList<>();
        for (LRScheduler s : schedulers) {
            states.add(new LinkedHashMap<>(s.stateDict()));
        }
        out.put("_schedulers", states);
    }

    @Override
    protected void loadState(Map<String, ?> in) {
        loadChildren(schedulers, in);
    }

    static void loadChildren(List<LRScheduler> schedulers, Map<String, ?> in) {
        List<?> states = StateValues.getList(in, "_schedulers");
        if (states.size() != schedulers.size()) {
            throw new IllegalArgumentException("state_dict['_schedulers']: expected " + schedulers.size()
                    + " scheduler states, got " + states.size());
        }
        for (int i = 0; i < states.size(); i++) {
            schedulers.get(i).loadStateDict(StateValues.getMap("_schedulers[" + i + "]", states.get(i)));
        }
    }
}
