package dev.trainkit.optim.lr;

import dev.trainkit.optim.HasParamGroups;
import dev.trainkit.optim.ParamGroup;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Base class of the learning-rate schedulers: PyTorch 2.x's {@code torch.optim.lr_scheduler.LRScheduler},
 * in pure Java over {@link HasParamGroups}.
 *
 * <p>As in PyTorch, the constructor records {@code initial_lr} in every group (when
 * {@code lastEpoch == -1}; otherwise it must already be there), keeps {@link #baseLrs()}, and
 * performs an initial step, so the groups hold the epoch-0 learning rate once the scheduler is
 * built. {@link #step()} then advances {@code last_epoch} and writes {@link #getLr()} (the
 * chainable form: usually a function of the groups' current lr) into the groups.
 *
 * <p>Writing a scheduler: extend this class, call {@code super(optimizer, lastEpoch)}, assign
 * your fields, and call {@link #initialStep()} as the last statement of your constructor (Java
 * cannot run the subclass's {@code getLr} from the super constructor the way Python does).
 * <pre>{@code
 * class WarmupInverseSqrt extends LRScheduler {
 *     final int warmup;
 *     WarmupInverseSqrt(HasParamGroups opt, int warmup) { super(opt, -1); this.warmup = warmup; initialStep(); }
 *     protected List<Double> getLr() {
 *         double f = Math.min((lastEpoch() + 1.0) / warmup, Math.sqrt(warmup / (lastEpoch() + 1.0)));
 *         return baseLrs().stream().map(b -> b * f).toList();
 *     }
 * }
 * }</pre>
 *
 * <p>PyTorch equivalent: {@code class WarmupInverseSqrt(LRScheduler): def get_lr(self): ...}.
 */
public abstract class LRScheduler {
    /** The driven optimizer (its parameter groups). */
    protected final HasParamGroups optimizer;
    /** PyTorch's {@code base_lrs}: each group's {@code initial_lr}. */
    protected List<Double> baseLrs = new ArrayList<>();
    /** PyTorch's {@code last_epoch}. */
    protected int lastEpoch;
    /** PyTorch's {@code _step_count}. */
    protected int stepCount;
    /** PyTorch's {@code _last_lr}. */
    protected List<Double> lastLr = new ArrayList<>();
    private boolean initial;
    private boolean ready;

    /**
     * Records {@code initial_lr} (when {@code lastEpoch == -1}) and the base lrs; the subclass
     * constructor must end with {@link #initialStep()}.
     *
     * @throws IllegalArgumentException if resuming ({@code lastEpoch != -1}) and a group has no {@code initial_lr}
     */
    protected LRScheduler(HasParamGroups optimizer, int lastEpoch) {
        this(optimizer);
        initBase(lastEpoch);
    }

    /**
     * A scheduler that does not follow the standard construction (PyTorch's
     * {@code ReduceLROnPlateau}, {@code SequentialLR}, {@code ChainedScheduler}); it must call
     * {@link #markReady()} or {@link #initialStep()} itself.
     */
    protected LRScheduler(HasParamGroups optimizer) {
        this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
        if (optimizer.paramGroups() == null || optimizer.paramGroups().isEmpty()) {
            throw new IllegalArgumentException("optimizer: expected at least one parameter group, got none");
        }
    }

    /** PyTorch's {@code LRScheduler.__init__} body: records initial_lr and base lrs. */
    protected final void initBase(int lastEpoch) {
        if (lastEpoch < -1) {
            throw new IllegalArgumentException("last_epoch: expected -1 (start) or a non-negative epoch, got " + lastEpoch);
        }
        List<? extends ParamGroup<?>> groups = optimizer.paramGroups();
        for (int i = 0; i < groups.size(); i++) {
            ParamGroup<?> g = groups.get(i);
            if (lastEpoch == -1) {
                if (!g.has("initial_lr")) {
                    g.set("initial_lr", g.lr());
                }
            } else if (!g.has("initial_lr")) {
                throw new IllegalArgumentException("param 'initial_lr' is not specified in param_groups[" + i
                        + "] when resuming an optimizer (last_epoch=" + lastEpoch + ")");
            }
        }
        baseLrs = new ArrayList<>();
        for (ParamGroup<?> g : groups) {
            baseLrs.add(g.getDouble("initial_lr"));
        }
        this.lastEpoch = lastEpoch;
    }

    /** PyTorch's {@code _initial_step}: resets the step count and steps once in "initial mode". */
    protected final void initialStep() {
        ready = true;
        stepCount = 0;
        initial = true;
        try {
            step();
        } finally {
            initial = false;
        }
    }

    /** For schedulers built without an initial step: marks construction as complete. */
    protected final void markReady() {
        ready = true;
    }

    /** Whether the current step is the initial step done at construction (PyTorch's {@code _is_initial}). */
    protected final boolean isInitial() {
        return initial;
    }

    /** Advances one epoch (or batch) and writes the new learning rates into the groups. */
    public void step() {
        checkReady();
        stepCount++;
        updateLr(null);
    }

    /** PyTorch's {@code _update_lr}: with an epoch, jumps there using the closed form if any. */
    void updateLr(Integer epoch) {
        checkReady();
        int saved = lastEpoch;
        List<Double> values;
        try {
            if (epoch == null) {
                lastEpoch++;
                values = getLr();
            } else {
                lastEpoch = epoch;
                List<Double> closed = closedFormLr();
                values = closed != null ? closed : getLr();
            }
        } catch (RuntimeException e) {
            lastEpoch = saved; // keep the scheduler usable after a refused step
            throw e;
        }
        List<? extends ParamGroup<?>> groups = groups();
        for (int i = 0; i < groups.size() && i < values.size(); i++) {
            groups.get(i).setLr(values.get(i));
        }
        lastLr = groupLrs();
    }

    /**
     * The learning rates for the current {@link #lastEpoch()}, one per group, in the chainable
     * form (PyTorch's {@code get_lr}). Called by {@link #step()} after {@code last_epoch} advanced.
     */
    protected abstract List<Double> getLr();

    /** PyTorch's {@code _get_closed_form_lr}, or {@code null} if the scheduler has none. */
    protected List<Double> closedFormLr() {
        return null;
    }

    /** The learning rates the last step computed, one per group (PyTorch's {@code get_last_lr()}). */
    public List<Double> getLastLr() {
        return List.copyOf(lastLr);
    }

    /** PyTorch's {@code last_epoch}. */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The base learning rates ({@code initial_lr} of each group, PyTorch's {@code base_lrs}). */
    public List<Double> baseLrs() {
        return List.copyOf(baseLrs);
    }

    /** The driven optimizer. */
    public HasParamGroups optimizer() {
        return optimizer;
    }

    /** The parameter groups of the optimizer. */
    @SuppressWarnings("unchecked")
    protected final List<ParamGroup<?>> groups() {
        return (List<ParamGroup<?>>) optimizer.paramGroups();
    }

    /** The current lr of every group. */
    protected final List<Double> groupLrs() {
        List<Double> out = new ArrayList<>();
        for (ParamGroup<?> g : groups()) {
            out.add(g.lr());
        }
        return out;
    }

    /**
     * The scheduler's state as plain data (numbers, strings, booleans, lists, maps), with
     * PyTorch's key names ({@code last_epoch}, {@code base_lrs}, {@code _last_lr}, ...). It can
     * be written as JSON and read back with {@link #loadStateDict(Map)}.
     */
    public Map<String, Object> stateDict() {
        Map<String, Object> sd = new LinkedHashMap<>();
        sd.put("last_epoch", lastEpoch);
        sd.put("_step_count", stepCount);
        sd.put("base_lrs", new ArrayList<>(baseLrs));
        sd.put("_last_lr", new ArrayList<>(lastLr));
        saveState(sd);
        return sd;
    }

    /**
     * Restores a {@link #stateDict()}; a scheduler built the same way then continues exactly where
     * the saved one was. Restore the optimizer's groups first, as in PyTorch.
     *
     * @throws IllegalArgumentException if a key is missing or has the wrong type
     */
    public void loadStateDict(Map<String, ?> state) {
        Objects.requireNonNull(state, "state");
        lastEpoch = StateValues.getInt(state, "last_epoch");
        stepCount = StateValues.getInt(state, "_step_count");
        baseLrs = StateValues.getDoubleList(state, "base_lrs");
        lastLr = StateValues.getDoubleList(state, "_last_lr");
        loadState(state);
        ready = true;
    }

    /** Adds subclass state to {@code out}. */
    protected void saveState(Map<String, Object> out) {
    }

    /** Reads subclass state saved by {@link #saveState(Map)}. */
    protected void loadState(Map<String, ?> in) {
    }

    private void checkReady() {
        if (!ready) {
            throw new IllegalStateException(getClass().getSimpleName() + ": the constructor did not finish "
                    + "construction; a subclass of LRScheduler must call initialStep() at the end of its constructor");
        }
    }

    /** Decrements {@code last_epoch} (SequentialLR's recursive undo). */
    void undoStep() {
        lastEpoch--;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(last_epoch=" + lastEpoch + ", last_lr=" + lastLr + ")";
    }
}
