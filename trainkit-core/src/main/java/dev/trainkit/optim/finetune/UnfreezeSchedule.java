package dev.trainkit.optim.finetune;

import dev.trainkit.nn.finetune.BatchNormStats;
import dev.trainkit.nn.Module;
import dev.trainkit.nn.Parameter;
import dev.trainkit.nn.finetune.Freezer;
import dev.trainkit.nn.finetune.ModuleGlob;
import dev.trainkit.optim.Optimizer;
import dev.trainkit.optim.ParamGroup;
import dev.trainkit.optim.ParamGroupSpec;
import dev.trainkit.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Gradual unfreezing (ULMFiT): a schedule of epoch → blocks to unfreeze, applied at the start
 * of each epoch. A trainer calls {@link #onEpochStart} from its epoch-start callback; nothing
 * else is needed.
 *
 * <p>How parameters reach the optimizer: when a stage unfreezes parameters the optimizer does
 * not hold yet, they are added as a new parameter group ({@code optimizer.add_param_group},
 * what PyTorch recipes do), with that stage's option overrides (e.g. a smaller {@code lr}) on
 * top of the optimizer's defaults. Parameters the optimizer already holds (an optimizer built
 * over all parameters, frozen ones included) are only flipped to {@code requires_grad=True}:
 * until then they had no gradient and the optimizer skipped them. Both setups work; the first
 * keeps the optimizer's state small, the second keeps group indices fixed for LR schedulers
 * (a scheduler created before a group is added does not drive that group, as in PyTorch).
 *
 * <pre>{@code
 * UnfreezeSchedule gu = new UnfreezeSchedule(BatchNormStats.LOCKED)       // BatchNorm statistics frozen until unfrozen
 *         .at(0, "fc")
 *         .at(2, Map.of("lr", 1e-4), "layer4")
 *         .at(4, Map.of("lr", 1e-5), "layer3", "layer2");
 * gu.freezeInitial(model);                                  // everything but stage 0 frozen
 * Optimizer opt = new SGD(model.fc... trainable params ..., Map.of("lr", 1e-3));
 * for (int epoch = 0; epoch < 6; epoch++) {
 *     gu.onEpochStart(epoch, model, opt);
 *     ... train one epoch ...
 * }
 * // PyTorch: at epoch 2: for p in model.layer4.parameters(): p.requires_grad = True
 * //          optimizer.add_param_group({'params': model.layer4.parameters(), 'lr': 1e-4})
 * }</pre>
 *
 * <p>Stages are applied once each, in epoch order; {@code onEpochStart(e)} applies every stage
 * with epoch ≤ e not applied yet, so resuming at a later epoch catches up.
 */
public final class UnfreezeSchedule {
    private final BatchNormStats batchNormStats;
    private final TreeMap<Integer, List<Stage>> schedule = new TreeMap<>();
    private final Set<Stage> applied = Collections.newSetFromMap(new IdentityHashMap<>());

    private record Stage(int epoch, List<String> patterns, Map<String, Object> options) {
    }

    /**
     * @param batchNormStats whether {@link #freezeInitial} also locks the BatchNorm statistics
     *     ({@link BatchNormStats#LOCKED})
     *     (eval mode); each stage unlocks its BatchNorm layers when it is unfrozen, either way
     */
    public UnfreezeSchedule(BatchNormStats batchNormStats) {
        this.batchNormStats = java.util.Objects.requireNonNull(batchNormStats, "batchNormStats");
    }

    /** At the start of {@code epoch}, unfreeze the modules or parameters selected by {@code patterns}. */
    public UnfreezeSchedule at(int epoch, String... patterns) {
        return at(epoch, Map.of(), patterns);
    }

    /**
     * As {@link #at(int, String...)}, with option overrides (PyTorch names, e.g. {@code "lr"}) for
     * the parameter group that new parameters are added in.
     */
    public UnfreezeSchedule at(int epoch, Map<String, ?> groupOptions, String... patterns) {
        if (epoch < 0) {
            throw new IllegalArgumentException("UnfreezeSchedule.at: epoch must be >= 0, got " + epoch);
        }
        if (patterns.length == 0) {
            throw new IllegalArgumentException("UnfreezeSchedule.at(" + epoch + "): expected at least one pattern");
        }
        ModuleGlob.compile(patterns[0]);
        schedule.computeIfAbsent(epoch, k -> new ArrayList<>())
                .add(new Stage(epoch, List.of(patterns), Map.copyOf(groupOptions)));
        return this;
    }

    /** The patterns scheduled for {@code epoch} (empty if none). */
    public List<String> patternsAt(int epoch) {
        List<String> out = new ArrayList<>();
        for (Stage s : schedule.getOrDefault(epoch, List.of())) {
            out.addAll(s.patterns());
        }
        return out;
    }

    /**
     * Freezes the whole model (and, if configured, its BatchNorm statistics) before training;
     * the stages then unfreeze it piece by piece. Checks every stage's patterns against the model.
     */
    public void freezeInitial(Module model) {
        check(model);
        Freezer.freeze(model, batchNormStats, "*");
    }

    /**
     * Applies the stages due at the start of {@code epoch} (0-based): unfreezes their parameters
     * and hands the ones {@code optimizer} does not hold yet to it as a new group per stage.
     *
     * @param optimizer may be null when the caller builds the optimizer afterwards
     * @return the names of the parameters unfrozen now (empty if no stage was due)
     */
    public List<String> onEpochStart(int epoch, Module model, Optimizer optimizer) {
        check(model);
        List<String> unfrozen = new ArrayList<>();
        for (List<Stage> stages : schedule.headMap(epoch, true).values()) {
            for (Stage s : stages) {
                if (!applied.add(s)) {
                    continue;
                }
                String[] pats = s.patterns().toArray(new String[0]);
                Map<String, Parameter> ps = ModuleGlob.parameters(model, "UnfreezeSchedule", s.patterns());
                // as Freezer.unfreeze: the stage's BatchNorm layers are unlocked too (a no-op if they were
                // not locked), and take the model's mode now, not only at the next model.train()
                List<String> unlocked = Freezer.freezeBatchNormStats(model, false, pats);
                if (!unlocked.isEmpty()) {
                    Map<String, Module> modules = model.namedModules();
                    unlocked.forEach(bn -> modules.get(bn).train(model.isTraining()));
                }
                List<Tensor> add = new ArrayList<>();
                Set<Tensor> held = optimizer == null ? Set.of() : held(optimizer);
                for (Map.Entry<String, Parameter> e : ps.entrySet()) {
                    e.getValue().requiresGrad_(true);
                    unfrozen.add(e.getKey());
                    if (optimizer != null && !held.contains(e.getValue())) {
                        add.add(e.getValue());
                    }
                }
                if (!add.isEmpty()) {
                    optimizer.addParamGroup(ParamGroupSpec.of(add).with(s.options()));
                }
            }
        }
        return unfrozen;
    }

    private static Set<Tensor> held(Optimizer optimizer) {
        Set<Tensor> s = Collections.newSetFromMap(new IdentityHashMap<>());
        for (ParamGroup<Tensor> g : optimizer.paramGroups()) {
            s.addAll(g.params());
        }
        return s;
    }

    private void check(Module model) {
        for (List<Stage> stages : schedule.values()) {
            for (Stage s : stages) {
                ModuleGlob.compileAll(model, "UnfreezeSchedule.at(" + s.epoch() + ")", s.patterns());
            }
        }
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("UnfreezeSchedule(");
        schedule.forEach((e, st) -> {
            List<String> p = new ArrayList<>();
            st.forEach(s -> p.addAll(s.patterns()));
            sb.append(e).append(": ").append(p).append("; ");
        });
        return sb.append("batch_norm_stats=").append(batchNormStats == BatchNormStats.LOCKED).append(')').toString();
    }
}
